package dev.hpm.server.pool;

import dev.hpm.server.runtime.ManagedHost;
import dev.hpm.store.PoolRepository.PowerSettings;

import java.util.List;
import java.util.function.Supplier;

/**
 * Where the drivers of real pools plug into {@code hpm serve}: {@code HpmServer}'s composition root
 * passes one to the {@link PoolService}. The libvirt helper's live migration implements
 * {@link #migrator}; the power drivers (IPMI, Wake-on-LAN) implement {@link #power}. The demo pool
 * does not use it: its hosts are simulated and so are its migrations and power.
 */
public interface PoolDrivers {
    /**
     * The migration part for a pool of {@code hosts} (libvirt hosts of {@code hpm serve}).
     *
     * @param settings the pool's migration settings now (read at each migration: they may change)
     */
    Migrator migrator(List<ManagedHost> hosts, Supplier<PoolPolicy.Migration> settings);

    /**
     * The power part of {@code host} with {@code settings}; {@code password} unseals the BMC
     * password (null when none is set) only when the driver needs it.
     */
    HostPower power(ManagedHost host, PowerSettings settings, Supplier<String> password);

    /** What this build has: no live migration between libvirt hosts and no power control. */
    PoolDrivers NONE = new PoolDrivers() {
        @Override
        public Migrator migrator(List<ManagedHost> hosts, Supplier<PoolPolicy.Migration> settings) {
            return Migrator.none("live migration between libvirt hosts is not available in this build");
        }

        @Override
        public HostPower power(ManagedHost host, PowerSettings settings, Supplier<String> password) {
            return HostPower.none();
        }
    };
}
