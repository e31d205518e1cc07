package dev.hpm.core.loop;

import dev.hpm.core.cpu.ShareLedger;

import java.util.Map;

/**
 * Where a {@link HostController} keeps, beyond its own memory, the scheduler settings each server
 * had before HPM first changed it (cpu shares and cap), so that they outlive the process: in
 * {@code hpm serve} the shared store's {@code original_settings} table (schema version 9), read
 * again by a new owner of the host after a failover and by an instance restarted after a crash
 * (docs/cluster.md). Which original wins when both this port and the controller's memory have one
 * is {@link Originals#resolve}'s rule. Implementations throw an unchecked exception when they
 * cannot reach their storage; the controller then makes no change it could not undo.
 */
public interface OriginalSettings {
    /** Nothing kept beyond the controller's memory ({@code hpm manage}, the simulator, benchmarks). */
    OriginalSettings NONE = new OriginalSettings() {
        @Override
        public Map<String, ShareLedger.Original> load(String host) {
            return Map.of();
        }

        @Override
        public void record(String host, String uuid, ShareLedger.Original original) {
        }

        @Override
        public void forget(String host, String uuid) {
        }
    };

    /** The originals recorded for the servers of {@code host}, by server uuid. */
    Map<String, ShareLedger.Original> load(String host);

    /** Records a server's original unless one is recorded already for it on this host (the first wins). */
    void record(String host, String uuid, ShareLedger.Original original);

    /** Removes a server's original: it was restored, or it left the host. */
    void forget(String host, String uuid);
}
