package dev.hpm.server.pool.real;

import dev.hpm.core.dwm.DwmPolicy;
import dev.hpm.core.pool.PoolActuator;
import dev.hpm.core.time.Timebase;
import dev.hpm.libvirt.pool.LibvirtPoolActuator;
import dev.hpm.libvirt.pool.LiveMigrationSettings;
import dev.hpm.server.pool.Migrator;
import dev.hpm.server.pool.PolicyJson;
import dev.hpm.server.pool.PoolPolicy;
import dev.hpm.server.runtime.ManagedHost;
import dev.hpm.store.PoolRepository;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A pool's live migrations between its libvirt hosts: {@link LibvirtPoolActuator} (peer to peer,
 * bandwidth cap, maximum downtime, auto-converge, completion timeout; docs/real-pool.md) with the
 * pool's policy as it is at the moment each migration starts. The seam's
 * {@link PoolPolicy.Migration} carries downtime, timeout and auto-converge; the bandwidth cap is
 * the DWM policy's {@code migration.bandwidth-mbps} (the rate the planner projects with), read here
 * from the pool's stored policy, so that cap and projection agree.
 */
final class LibvirtMigrator implements Migrator {
    private final List<LibvirtPoolActuator.MigrationHost> hosts;
    private final Supplier<PoolPolicy.Migration> settings;
    private final PoolRepository pools;
    private final Timebase time;

    LibvirtMigrator(List<ManagedHost> members, Map<String, String> migrationUris, Supplier<PoolPolicy.Migration> settings,
                    PoolRepository pools, Timebase time) {
        this.hosts = members.stream().map(h -> new LibvirtPoolActuator.MigrationHost(h.id(), h.uri(),
                migrationUris.get(h.id()))).toList();
        this.settings = settings;
        this.pools = pools;
        this.time = time;
    }

    @Override
    public PoolActuator.Handle migrate(String server, String from, String to) {
        LiveMigrationSettings s;
        try {
            s = settings(from);
        } catch (RuntimeException e) {
            return PoolActuator.Handle.failed("cannot migrate " + server + ": " + e.getMessage());
        }
        return new LibvirtPoolActuator(hosts, s, time).migrate(server, from, to);
    }

    /** The settings of a migration starting now off {@code from}. */
    LiveMigrationSettings settings(String from) {
        PoolPolicy.Migration m = settings.get();
        DwmPolicy.MigrationLimits limits = pools.poolOf(from)
                .map(p -> PolicyJson.parse(p.policy(), "the DWM policy of pool " + p.name()).dwm().migration())
                .orElse(DwmPolicy.DEFAULT.migration());
        Duration timeout = m.timeout().compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : m.timeout();
        Duration poll = LiveMigrationSettings.DEFAULT.pollInterval();
        return new LiveMigrationSettings(1, Duration.ofMillis(m.maxDowntimeMs()), m.autoConverge(), timeout,
                poll.compareTo(timeout) > 0 ? timeout : poll).withBandwidthOf(limits);
    }
}
