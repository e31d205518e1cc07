package dev.hpm.sim.scenario;

import dev.hpm.core.cpu.AdjustmentRules;
import dev.hpm.core.cpu.CpuManagerSettings;
import dev.hpm.core.model.Importance;
import dev.hpm.core.model.ServiceDefinition;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A simulation experiment: hosts, servers with demand models, the operator's service definition
 * (groups, policies), events, and how long to run. Loaded from a YAML file by
 * {@link ScenarioLoader}; always valid.
 *
 * @param schedulerNoise ± fraction by which the simulated CFS perturbs contended allocations
 * @param pool           the server pool (DWM policy, power, migration, pool events), null for a scenario without
 *                       a {@code dwm} section
 * @param staticShares   the shares the {@code static} baseline gives each importance, and
 *                       {@code null} key-less discretionary entry in {@code discretionaryShares}
 */
public record Scenario(String name, String description, Duration duration, Duration interval, Duration tick,
                       long seed, double schedulerNoise, ServiceDefinition definition, List<HostSpec> hosts,
                       List<ServerSpec> servers, List<Event> events, Map<Importance, Long> staticShares,
                       long discretionaryShares, CpuManagerSettings cpu, PoolSpec pool) {

    public Scenario {
        hosts = List.copyOf(hosts);
        servers = List.copyOf(servers);
        events = List.copyOf(events);
        staticShares = Map.copyOf(staticShares);
    }

    /** This scenario with {@code pool} and {@code events} instead of its own. */
    public Scenario withPool(PoolSpec pool, List<Event> events) {
        return new Scenario(name, description, duration, interval, tick, seed, schedulerNoise, definition, hosts, servers,
                events, staticShares, discretionaryShares, cpu, pool);
    }

    /** A scenario without a DWM pool. */
    public Scenario(String name, String description, Duration duration, Duration interval, Duration tick, long seed,
                    double schedulerNoise, ServiceDefinition definition, List<HostSpec> hosts, List<ServerSpec> servers,
                    List<Event> events, Map<Importance, Long> staticShares, long discretionaryShares,
                    CpuManagerSettings cpu) {
        this(name, description, duration, interval, tick, seed, schedulerNoise, definition, hosts, servers, events,
                staticShares, discretionaryShares, cpu, null);
    }

    /** The 4:2:1 spread over the five importance levels an administrator might set by hand. */
    public static Map<Importance, Long> defaultStaticShares() {
        Map<Importance, Long> shares = new EnumMap<>(Importance.class);
        for (Importance i : Importance.values()) {
            shares.put(i, AdjustmentRules.importanceShares(i));
        }
        return shares;
    }

    /** A simulated host. */
    public record HostSpec(String name, int cpus, long memoryKiB) {
    }

    /**
     * A simulated virtual server.
     *
     * @param capCpus      a CFS cap set by its administrator (as {@code vcpu_quota}), +∞ for none
     * @param responseTime the requests it serves, for response-time goals; null if it serves none
     */
    public record ServerSpec(String uuid, String name, String host, int vcpus, long memoryKiB, Set<String> tags,
                             String osType, double capCpus, DemandSpec demand, ResponseTimeSpec responseTime) {
        /** A server that serves no requests the simulator times. */
        public ServerSpec(String uuid, String name, String host, int vcpus, long memoryKiB, Set<String> tags,
                          String osType, double capCpus, DemandSpec demand) {
            this(uuid, name, host, vcpus, memoryKiB, tags, osType, capCpus, demand, null);
        }
    }

    /**
     * The simulator's response-time model of a server (scenarios/README.md): {@code ratePerSecond}
     * requests a second, each needing {@code cpuMillis} of CPU at full speed and {@code otherMillis}
     * of everything else (I/O, the network). Over an interval in which the server's vCPUs ran
     * {@code using} and waited {@code delay}, the CPU part is stretched by (using + delay) / using,
     * the time a runnable vCPU takes to get its CPU; each request's time is that mean times an
     * exponential variate (mean 1), as in an M/M/1 queue's response time.
     */
    public record ResponseTimeSpec(double cpuMillis, double otherMillis, double ratePerSecond) {
    }

    /** Something that happens during the run. */
    public sealed interface Event {
        Duration at();

        /** The server restarts: its counters start again at zero. */
        record Restart(Duration at, String server) implements Event {
        }

        /** The host's libvirt does not answer for a while. */
        record HostUnreachable(Duration at, String host, Duration lasting) implements Event {
        }

        /** An event of the scenario's server pool, as read; {@link PoolSpecReader} moves it to {@link PoolSpec#events}. */
        record Pool(PoolSpec.Event event) implements Event {
            @Override
            public Duration at() {
                return event.at();
            }
        }
    }
}
