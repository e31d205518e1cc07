package dev.hpm.server.pool;

import dev.hpm.core.dwm.DwmPolicy;
import dev.hpm.core.model.Problems;

import java.time.Duration;
import java.util.Collection;
import java.util.Objects;

/**
 * A server pool's policy as {@code hpm serve} keeps it: the planner's {@link DwmPolicy} and the
 * settings only the migration driver reads (maximum downtime, completion timeout, auto-converge;
 * the libvirt actuator passes them to {@code virDomainMigrateToURI3}). docs/pool-api.md.
 */
public record PoolPolicy(DwmPolicy dwm, Migration migration) {
    /** HPM's defaults (docs/dwm.md). */
    public static final PoolPolicy DEFAULT = new PoolPolicy(DwmPolicy.DEFAULT, Migration.DEFAULT);

    public PoolPolicy {
        Objects.requireNonNull(dwm, "dwm");
        Objects.requireNonNull(migration, "migration");
    }

    /** How a live migration runs: at most {@code maxDowntimeMs} paused, aborted after {@code timeout}. */
    public record Migration(long maxDowntimeMs, Duration timeout, boolean autoConverge) {
        public static final Migration DEFAULT = new Migration(300, Duration.ofMinutes(5), true);
    }

    /** Every problem of this policy for a pool of {@code hosts}, fields named as in the API. */
    public Problems problems(Collection<String> hosts) {
        Problems p = dwm.problems(hosts);
        if (migration.maxDowntimeMs < 1 || migration.maxDowntimeMs > 60_000) {
            p.add("migration.max-downtime-ms", migration.maxDowntimeMs, "use 1 to 60000 (milliseconds)");
        }
        if (migration.timeout.isNegative() || migration.timeout.isZero() || migration.timeout.toHours() > 24) {
            p.add("migration.timeout", migration.timeout, "use a duration above 0 and at most PT24H");
        }
        return p;
    }

    public PoolPolicy withDwm(DwmPolicy value) {
        return new PoolPolicy(value, migration);
    }
}
