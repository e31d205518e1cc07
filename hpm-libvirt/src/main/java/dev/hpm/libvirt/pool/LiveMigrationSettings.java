package dev.hpm.libvirt.pool;

import dev.hpm.core.dwm.DwmPolicy;
import dev.hpm.core.model.Problems;

import java.time.Duration;

/**
 * How HPM migrates a server live between libvirt hosts, validated in one place (every problem
 * named with its setting, value and fix). docs/real-pool.md.
 *
 * @param bandwidthMibPerSecond the cap on the migration stream ({@code VIR_MIGRATE_PARAM_BANDWIDTH}, MiB/s)
 * @param maxDowntime           the longest the guest may be paused at the end
 *                              ({@code virDomainMigrateSetMaxDowntime}, set as soon as the job runs)
 * @param autoConverge          slow the guest's vCPUs down if it dirties memory faster than it is sent
 *                              ({@code VIR_MIGRATE_AUTO_CONVERGE})
 * @param timeout               a migration still running this long after it started is aborted
 *                              ({@code virDomainAbortJob}) and fails; the server keeps running on its source
 * @param pollInterval          how often the job's progress is read ({@code virDomainGetJobStats})
 */
public record LiveMigrationSettings(long bandwidthMibPerSecond, Duration maxDowntime, boolean autoConverge,
                                    Duration timeout, Duration pollInterval) {
    /** 64 MiB/s, 300 ms downtime, auto-converge, 5 minutes, progress every 200 ms. */
    public static final LiveMigrationSettings DEFAULT = new LiveMigrationSettings(64, Duration.ofMillis(300), true,
            Duration.ofMinutes(5), Duration.ofMillis(200));

    public LiveMigrationSettings {
        Problems p = new Problems();
        if (bandwidthMibPerSecond < 1 || bandwidthMibPerSecond > 1_000_000) {
            p.add("live-migration.bandwidth", bandwidthMibPerSecond,
                    "give the cap in MiB/s, from 1 to 1000000 (e.g. 64 for a shared 1 Gbit/s link)");
        }
        if (maxDowntime == null || maxDowntime.toMillis() < 1 || maxDowntime.compareTo(Duration.ofMinutes(1)) > 0) {
            p.add("live-migration.max-downtime", maxDowntime, "use 1 ms to 1 minute, e.g. 300ms");
        }
        if (timeout == null || timeout.compareTo(Duration.ofSeconds(1)) < 0 || timeout.compareTo(Duration.ofDays(1)) > 0) {
            p.add("live-migration.timeout", timeout, "use 1 s to 1 day, e.g. 5m; a migration running longer is aborted");
        }
        if (pollInterval == null || pollInterval.toMillis() < 10
                || (timeout != null && pollInterval.compareTo(timeout) > 0)) {
            p.add("live-migration.poll-interval", pollInterval, "use 10 ms up to the timeout (" + timeout + "), e.g. 200ms");
        }
        p.throwIfAny();
    }

    public LiveMigrationSettings withBandwidth(long mibPerSecond) {
        return new LiveMigrationSettings(mibPerSecond, maxDowntime, autoConverge, timeout, pollInterval);
    }

    /**
     * The same settings with the bandwidth DWM's policy plans with ({@code migration.bandwidth-mbps},
     * MB/s, the rate the planner divides a server's memory by to project a migration's duration),
     * taken as libvirt's MiB/s and rounded, at least 1: the cap then matches the projection.
     */
    public LiveMigrationSettings withBandwidthOf(DwmPolicy.MigrationLimits limits) {
        return withBandwidth(Math.max(1, Math.round(limits.bandwidthMbps())));
    }

    public LiveMigrationSettings withMaxDowntime(Duration value) {
        return new LiveMigrationSettings(bandwidthMibPerSecond, value, autoConverge, timeout, pollInterval);
    }

    public LiveMigrationSettings withTimeout(Duration value) {
        return new LiveMigrationSettings(bandwidthMibPerSecond, maxDowntime, autoConverge, value, pollInterval);
    }

    public LiveMigrationSettings withPollInterval(Duration value) {
        return new LiveMigrationSettings(bandwidthMibPerSecond, maxDowntime, autoConverge, timeout, value);
    }
}
