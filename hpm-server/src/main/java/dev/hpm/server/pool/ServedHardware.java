package dev.hpm.server.pool;

import dev.hpm.core.dwm.PowerModel;
import dev.hpm.core.dwm.PowerState;
import dev.hpm.core.loop.IntervalReport;
import dev.hpm.core.pool.PoolActuator;
import dev.hpm.core.time.Timebase;
import dev.hpm.server.runtime.ManagedHost;
import dev.hpm.server.security.SecretBox;
import dev.hpm.store.PoolRepository;
import dev.hpm.store.PoolRepository.PowerSettings;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The hardware of a pool of real (libvirt) hosts: CPUs from each host's latest report, power state
 * from its {@link HostPower} driver (else the stored state), maintenance as the operator set it,
 * power model from its power settings (linear from idle to maximum watts). Memory is not reported
 * by the measurement yet, so hosts and servers count none (DWM then packs by CPU alone).
 */
public final class ServedHardware implements PoolHardware {
    private final List<ManagedHost> hosts;
    private final Supplier<Map<String, IntervalReport>> latest;
    private final PoolRepository store;
    private final Timebase time;
    private final PoolDrivers drivers;
    private final SecretBox secrets;
    private final PoolActuator actuator;
    private final Map<String, Driver> power = new ConcurrentHashMap<>();
    private volatile Set<String> maintenance = Set.of();

    private record Driver(PowerSettings settings, HostPower power) {
    }

    public ServedHardware(List<ManagedHost> hosts, Supplier<Map<String, IntervalReport>> latest, PoolRepository store,
                          Timebase time, PoolDrivers drivers, SecretBox secrets,
                          Supplier<PoolPolicy.Migration> migration) {
        this.hosts = List.copyOf(hosts);
        this.latest = latest;
        this.store = store;
        this.time = time;
        this.drivers = drivers;
        this.secrets = secrets;
        this.actuator = new ComposedActuator(drivers.migrator(this.hosts, migration), this::powerOf);
    }

    /** The host's power driver, made again when its settings changed. */
    HostPower powerOf(String id) {
        PowerSettings settings = store.powerSettings(id);
        Driver d = power.get(id);
        if (d == null || !d.settings().equals(settings)) {
            ManagedHost host = hosts.stream().filter(h -> h.id().equals(id)).findFirst().orElse(null);
            HostPower p = host == null ? HostPower.none() : drivers.power(host, settings,
                    () -> settings.passwordSecret() == null ? null : secrets.open(settings.passwordSecret()));
            d = new Driver(settings, p);
            power.put(id, d);
        }
        return d.power();
    }

    @Override
    public List<HostFacts> hosts() {
        Map<String, IntervalReport> reports = latest.get();
        List<HostFacts> out = new ArrayList<>();
        for (ManagedHost h : hosts) {
            IntervalReport r = reports.get(h.id());
            int cpus = r == null || r.measurement() == null ? 0 : r.measurement().cpus();
            PowerSettings s = store.powerSettings(h.id());
            PowerState state = powerOf(h.id()).state();
            if (state == null) {
                state = PowerStates.toCore(store.hostState(h.id(), time.now()).power());
            }
            out.add(new HostFacts(h.id(), cpus, cpus, 0, state, maintenance.contains(h.id()),
                    PowerModel.linear(s.idleWatts(), s.maxWatts())));
        }
        return out;
    }

    @Override
    public long serverMemoryMb(String server) {
        return 0;
    }

    @Override
    public PoolActuator actuator() {
        return actuator;
    }

    @Override
    public String driver(String host) {
        return powerOf(host).driver();
    }

    @Override
    public void maintenance(Set<String> value) {
        maintenance = Set.copyOf(value);
    }
}
