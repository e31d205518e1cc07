package dev.hpm.sim.run;

import dev.hpm.core.driver.SchedulerParameters;
import dev.hpm.sim.SimScheduler;
import dev.hpm.sim.host.CfsScheduler;
import dev.hpm.sim.host.CpuScheduler;
import dev.hpm.sim.host.SimDomain;
import dev.hpm.sim.host.SimHost;
import dev.hpm.sim.scenario.Scenario;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * The simulated hosts and servers of a scenario, built one way for the scenario runner and for
 * the demo pool of {@code hpm serve}: each host with its CPU scheduler, each server with its
 * seeded demand model, on the host the scenario names; and the scenario's events, fired when
 * their time comes. As a {@link SimScheduler.World} it moves with time: {@link #fireDue} fires
 * events, {@link #tick} runs every host for a tick.
 */
public final class ScenarioPool implements SimScheduler.World {
    private final Map<String, SimHost> hosts;
    private final Map<String, SimDomain> domains;
    private final List<Scenario.Event> pending;
    private final Map<SimHost, Long> unreachableUntil = new HashMap<>();

    private ScenarioPool(Map<String, SimHost> hosts, Map<String, SimDomain> domains, List<Scenario.Event> events) {
        this.hosts = hosts;
        this.domains = domains;
        this.pending = new ArrayList<>(events);
    }

    /** A builder of the scenario's pool, by default as the demo pool has it: simulated CFS, 1024 shares. */
    public static Builder builder(Scenario scenario) {
        return new Builder(scenario);
    }

    /** The hosts in scenario order. */
    public Collection<SimHost> hosts() {
        return hosts.values();
    }

    public SimHost host(String name) {
        return hosts.get(name);
    }

    /** A server by name. */
    public SimDomain domain(String name) {
        return domains.get(name);
    }

    /** Runs every host for one tick of the same length. */
    @Override
    public void tick(long nowNanos, long tickNanos) {
        for (SimHost host : hosts.values()) {
            host.tick(nowNanos, tickNanos);
        }
    }

    /** Fires the scenario events due by {@code nowNanos} and ends the outages that are over. */
    @Override
    public void fireDue(long nowNanos) {
        while (!pending.isEmpty() && pending.getFirst().at().toNanos() <= nowNanos) {
            switch (pending.removeFirst()) {
                case Scenario.Event.Restart r -> domains.get(r.server()).restart();
                case Scenario.Event.HostUnreachable u -> {
                    SimHost host = hosts.get(u.host());
                    host.reachable(false);
                    unreachableUntil.put(host, u.at().plus(u.lasting()).toNanos());
                }
                case Scenario.Event.Pool p -> {
                    // the server pool's events are fired by its SimPoolActuator
                }
            }
        }
        unreachableUntil.entrySet().removeIf(e -> {
            if (e.getValue() <= nowNanos) {
                e.getKey().reachable(true);
                return true;
            }
            return false;
        });
    }

    /** Builds a {@link ScenarioPool}; the choices are those a policy of the scenario runner makes. */
    public static final class Builder {
        private final Scenario scenario;
        private IntFunction<CpuScheduler> scheduler;
        private ToLongFunction<Scenario.ServerSpec> initialShares = s -> SchedulerParameters.DEFAULT_SHARES;
        private ToDoubleFunction<Scenario.ServerSpec> initialCaps = Scenario.ServerSpec::capCpus;

        private Builder(Scenario scenario) {
            this.scenario = scenario;
            this.scheduler = i -> defaultScheduler(scenario, i);
        }

        /** How host number {@code i} (in scenario order) divides its CPUs; by default {@link #defaultScheduler}. */
        public Builder scheduler(IntFunction<CpuScheduler> byHostIndex) {
            this.scheduler = byHostIndex;
            return this;
        }

        /** The shares each server starts with; by default the KVM default of 1024. */
        public Builder initialShares(ToLongFunction<Scenario.ServerSpec> byServer) {
            this.initialShares = byServer;
            return this;
        }

        /** The cap (CPUs, +∞ for none) each server starts with; by default the scenario's {@code cpu-cap}. */
        public Builder initialCaps(ToDoubleFunction<Scenario.ServerSpec> byServer) {
            this.initialCaps = byServer;
            return this;
        }

        public ScenarioPool build() {
            Map<String, SimHost> hosts = new LinkedHashMap<>();
            for (int i = 0; i < scenario.hosts().size(); i++) {
                Scenario.HostSpec h = scenario.hosts().get(i);
                hosts.put(h.name(), new SimHost(h.name(), h.cpus(), h.memoryKiB(), scheduler.apply(i)));
            }
            Map<String, SimDomain> domains = new HashMap<>();
            for (Scenario.ServerSpec s : scenario.servers()) {
                SimDomain d = new SimDomain(s.uuid(), s.name(), s.vcpus(), s.memoryKiB(),
                        s.demand().create(scenario.seed() * 1_000_003L + s.uuid().hashCode()),
                        initialShares.applyAsLong(s), initialCaps.applyAsDouble(s));
                hosts.get(s.host()).add(d);
                domains.put(s.name(), d);
            }
            return new ScenarioPool(hosts, domains, scenario.events());
        }
    }

    /** The simulated CFS of host number {@code hostIndex}, with the scenario's noise and a seed of its own. */
    public static CpuScheduler defaultScheduler(Scenario scenario, int hostIndex) {
        return new CfsScheduler(scenario.schedulerNoise(), scenario.seed() * 31 + hostIndex);
    }
}
