package dev.hpm.server.pool;

import dev.hpm.core.driver.DomainSample;
import dev.hpm.core.driver.DriverException;
import dev.hpm.core.dwm.PowerModel;
import dev.hpm.core.dwm.PowerState;
import dev.hpm.core.loop.IntervalReport;
import dev.hpm.core.measure.VsMeasurement;
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
 * power model from its power settings (linear from idle to maximum watts). Memory: a host's from its
 * node info ({@code virNodeGetInfo}, read once it answers), a server's from the balloon figures of
 * its latest full statistics (its maximum, else its current memory), what a live migration copies;
 * until they are known they count as none.
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
    private final Map<String, Long> hostMemoryMb = new ConcurrentHashMap<>();
    private final Map<String, Long> serverMemoryMb = new ConcurrentHashMap<>();

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
            if (r != null && r.measurement() != null) {
                learnMemory(h, r);
            }
            PowerSettings s = store.powerSettings(h.id());
            PowerState state = powerOf(h.id()).state();
            if (state == null) {
                state = PowerStates.toCore(store.hostState(h.id(), time.now()).power());
            }
            out.add(new HostFacts(h.id(), cpus, cpus, hostMemoryMb.getOrDefault(h.id(), 0L), state,
                    maintenance.contains(h.id()),
                    PowerModel.linear(s.idleWatts(), s.maxWatts())));
        }
        return out;
    }

    /** Memory of a host that answered (once) and of each server its report has full statistics of. */
    private void learnMemory(ManagedHost h, IntervalReport r) {
        if (!hostMemoryMb.containsKey(h.id()) && h.driver() != null) {
            try {
                hostMemoryMb.put(h.id(), h.driver().nodeInfo().memoryKiB() / 1024);
            } catch (DriverException e) {
                // it answered the interval but not now: read it at the next one
            }
        }
        for (VsMeasurement m : r.measurement().servers()) {
            DomainSample d = m.sample();
            long kib = d == null ? 0 : d.balloonMaximumKiB() > 0 ? d.balloonMaximumKiB() : d.balloonCurrentKiB();
            if (kib > 0) {
                serverMemoryMb.put(m.name(), Math.max(1, kib / 1024));
            }
        }
    }

    @Override
    public long serverMemoryMb(String server) {
        return serverMemoryMb.getOrDefault(server, 0L);
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
