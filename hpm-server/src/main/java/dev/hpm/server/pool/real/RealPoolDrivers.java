package dev.hpm.server.pool.real;

import dev.hpm.core.dwm.PowerState;
import dev.hpm.core.loop.IntervalReport;
import dev.hpm.core.model.InvalidDefinitionException;
import dev.hpm.core.pool.PoolActuator;
import dev.hpm.core.power.PowerControl;
import dev.hpm.core.power.PowerSettings;
import dev.hpm.core.power.Secret;
import dev.hpm.core.time.Timebase;
import dev.hpm.power.PowerControls;
import dev.hpm.server.config.ServerConfig;
import dev.hpm.server.pool.HostPower;
import dev.hpm.server.pool.Migrator;
import dev.hpm.server.pool.PoolDrivers;
import dev.hpm.server.pool.PoolPolicy;
import dev.hpm.server.pool.PowerStates;
import dev.hpm.server.runtime.ManagedHost;
import dev.hpm.store.PoolRepository;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The drivers of real server pools in {@code hpm serve} (docs/real-pool.md): live migration between
 * the configured libvirt hosts ({@link LibvirtMigrator}, each host's {@code migration-uri} from
 * hpm.yaml) and each host's power through its stored power settings ({@link LibvirtHostPower}: IPMI
 * or Wake-on-LAN from {@link PowerControls}, the simulated chassis, or none). {@code HpmServer}
 * uses it when libvirt hosts are configured; the demo pool keeps its simulated hardware.
 */
public final class RealPoolDrivers implements PoolDrivers {
    private final Map<String, String> migrationUris = new HashMap<>();
    private final PoolRepository pools;
    private final Supplier<Map<String, IntervalReport>> latest;
    private final Timebase time;
    private final Executor executor = Executors.newVirtualThreadPerTaskExecutor();

    /**
     * @param hosts  the configured libvirt hosts (their migration URIs)
     * @param pools  the store's pools (each pool's bandwidth cap, each host's stored power state)
     * @param latest each host's last interval report, by host id
     */
    public RealPoolDrivers(List<ServerConfig.HostConfig> hosts, PoolRepository pools,
                           Supplier<Map<String, IntervalReport>> latest, Timebase time) {
        hosts.forEach(h -> migrationUris.put(h.uri(), h.migrationUri()));
        this.pools = pools;
        this.latest = latest;
        this.time = time;
    }

    @Override
    public Migrator migrator(List<ManagedHost> hosts, Supplier<PoolPolicy.Migration> settings) {
        return new LibvirtMigrator(hosts, migrationUris, settings, pools, time);
    }

    @Override
    public HostPower power(ManagedHost host, PoolRepository.PowerSettings settings, Supplier<String> password) {
        PowerSettings core;
        PowerControl control;
        try {
            core = core(settings, password);
            control = PowerControls.create(core).orElse(null);
        } catch (InvalidDefinitionException e) {
            return refusing(settings.driver().label(), "the power settings of " + host.name() + " are not usable: "
                    + e.getMessage());
        }
        if (control == null) {
            return HostPower.none();
        }
        Supplier<IntervalReport> report = () -> latest.get().get(host.id());
        return new LibvirtHostPower(host.id(), host.uri(), core, control, initial(host.id(), report.get()), report, time,
                executor);
    }

    /** On if the host's last report reached it; else the stored state, a transition cut short taken as off. */
    private PowerState initial(String id, IntervalReport report) {
        if (report != null && report.status().connected() && report.measurement() != null) {
            return PowerState.ON;
        }
        PowerState stored = PowerStates.toCore(pools.hostState(id, time.now()).power());
        return stored == PowerState.BOOTING || stored == PowerState.SHUTTING_DOWN ? PowerState.OFF : stored;
    }

    /** The store's settings as core's (validated by {@link PowerControls#create}); the password unsealed only for IPMI. */
    static PowerSettings core(PoolRepository.PowerSettings s, Supplier<String> password) {
        return switch (s.driver()) {
            case IPMI -> {
                String p = password.get();
                yield new PowerSettings.Ipmi(s.address(), s.port(), s.username(), p == null ? null : Secret.of(p),
                        PowerSettings.DEFAULT_CALL_TIMEOUT, s.powerOnTimeout());
            }
            case WOL -> new PowerSettings.WakeOnLan(s.mac(), PowerSettings.WOL_BROADCAST, PowerSettings.WOL_PORT,
                    s.powerOnTimeout());
            case SIMULATED -> new PowerSettings.Simulated(s.powerOnTimeout());
            case NONE -> new PowerSettings.None();
        };
    }

    /** A driver whose every action fails with {@code why} (settings that cannot be used). */
    private static HostPower refusing(String driver, String why) {
        return new HostPower() {
            @Override
            public String driver() {
                return driver;
            }

            @Override
            public PoolActuator.Handle powerOn() {
                return PoolActuator.Handle.failed(why);
            }

            @Override
            public PoolActuator.Handle powerOff() {
                return PoolActuator.Handle.failed(why);
            }
        };
    }
}
