package dev.hpm.store;

import dev.hpm.core.loop.OriginalSettings;

/**
 * The settings from before HPM of the servers HPM has changed, per host, in the
 * {@code original_settings} table (schema version 9): the {@link OriginalSettings} of
 * {@code hpm serve}'s host controllers, shared by every instance of a cluster (docs/cluster.md).
 * {@link #record} keeps the first original of a server on a host; an infinite cap (no cap) is
 * stored as NULL. Failures are {@link StoreException}s.
 */
public interface OriginalsRepository extends OriginalSettings {
}
