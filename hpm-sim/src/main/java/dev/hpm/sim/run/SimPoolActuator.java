package dev.hpm.sim.run;

import dev.hpm.core.dwm.PowerModel;
import dev.hpm.core.dwm.PowerState;
import dev.hpm.core.pool.PoolActuator;
import dev.hpm.core.pool.PoolInventory;
import dev.hpm.sim.SimScheduler;
import dev.hpm.sim.host.SimDomain;
import dev.hpm.sim.host.SimHost;
import dev.hpm.sim.pool.MigrationModel;
import dev.hpm.sim.scenario.PoolSpec;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@link PoolActuator} and {@link PoolInventory} of a {@link ScenarioPool}: what DWM does to the
 * simulated hosts, as a {@link SimScheduler.World} that moves with simulated time.
 *
 * <ul>
 *   <li>Live migration lasts as the pre-copy {@link MigrationModel} says for the server's memory;
 *       while it runs both hosts spend {@code targetShare} (10 %) of the server's demand in
 *       CPUs outside the domains and the server loses {@code degradation} (10 %) of its CPU; then
 *       the domain moves to the destination with its counters restarted, as after a real
 *       migration. A {@code migration-fails} event makes the server's next migration fail
 *       half-way (it stays on its source).</li>
 *   <li>Host power: {@link SimHostPower} (off → booting → on → shutting down, energy).</li>
 *   <li>Maintenance: {@code maintenance} events set and clear the host's flag.</li>
 * </ul>
 */
public final class SimPoolActuator implements PoolActuator, PoolInventory, SimScheduler.World {
    private final ScenarioPool pool;
    private final MigrationModel model;
    private final SimHostPower power;
    private final List<PoolSpec.Event> pending;
    private final Map<String, Long> maintenanceUntil = new LinkedHashMap<>();
    private final Set<String> failNextMigration = new HashSet<>();
    private final List<Move> moves = new ArrayList<>();
    private int migrations;
    private int failedMigrations;

    public SimPoolActuator(ScenarioPool pool, PoolSpec spec) {
        this.pool = pool;
        this.model = new MigrationModel(spec.bandwidthMbPerS(), spec.dirtyMbPerS(), 30, 50, 0.1, 0.1);
        this.power = new SimHostPower(pool, spec);
        this.pending = new ArrayList<>(spec.events());
    }

    public SimHostPower power() {
        return power;
    }

    /** Migrations completed and failed so far. */
    public int migrations() {
        return migrations;
    }

    public int failedMigrations() {
        return failedMigrations;
    }

    /** Maintenance hosts now. */
    public Set<String> maintenance() {
        return Set.copyOf(maintenanceUntil.keySet());
    }

    /** The host {@code server} runs on now (its source while it migrates). */
    public String hostOf(String server) {
        SimDomain d = pool.domain(server);
        for (SimHost h : pool.hosts()) {
            if (h.domains().contains(d)) {
                return h.name();
            }
        }
        return null;
    }

    @Override
    public List<HostFacts> hosts() {
        List<HostFacts> out = new ArrayList<>();
        for (SimHost h : pool.hosts()) {
            out.add(new HostFacts(h.name(), h.cpus(), h.cpus(), h.memoryKiB() / 1024, power.state(h.name()),
                    maintenanceUntil.containsKey(h.name()), power.model(h.name())));
        }
        return out;
    }

    @Override
    public long serverMemoryMb(String server) {
        SimDomain d = pool.domain(server);
        return d == null ? 0 : d.memoryKiB() / 1024;
    }

    @Override
    public Handle migrate(String server, String from, String to) {
        SimDomain d = pool.domain(server);
        SimHost source = pool.host(from);
        SimHost target = pool.host(to);
        if (d == null || source == null || target == null || !source.domains().contains(d)) {
            return Handle.failed(server + " does not run on " + from);
        }
        if (power.state(to) != PowerState.ON || power.state(from) != PowerState.ON) {
            return Handle.failed("host " + (power.state(to) != PowerState.ON ? to : from) + " is not on");
        }
        if (moves.stream().anyMatch(m -> m.domain == d)) {
            return Handle.failed(server + " is already migrating");
        }
        Move m = new Move(d, source, target, model.seconds(d.memoryKiB() / 1024.0), failNextMigration.remove(server));
        moves.add(m);
        return m;
    }

    @Override
    public Handle powerOn(String host) {
        return power.powerOn(host);
    }

    @Override
    public Handle powerOff(String host) {
        return power.powerOff(host);
    }

    @Override
    public Handle shutdown(String server, String host) {
        SimDomain d = pool.domain(server);
        SimHost h = pool.host(host);
        if (d == null || h == null || !h.remove(d)) {
            return Handle.failed(server + " does not run on " + host);
        }
        return Handle.done();
    }

    @Override
    public void fireDue(long nowNanos) {
        pool.fireDue(nowNanos);
        while (!pending.isEmpty() && pending.getFirst().at().toNanos() <= nowNanos) {
            switch (pending.removeFirst()) {
                case PoolSpec.Event.Maintenance m -> maintenanceUntil.put(m.host(),
                        m.lasting() == null ? Long.MAX_VALUE : m.at().plus(m.lasting()).toNanos());
                case PoolSpec.Event.PowerOnFails f -> power.failNext(f.host());
                case PoolSpec.Event.MigrationFails f -> failNextMigration.add(f.server());
            }
        }
        maintenanceUntil.values().removeIf(until -> until <= nowNanos);
    }

    @Override
    public void tick(long nowNanos, long tickNanos) {
        Map<SimHost, Double> overhead = new LinkedHashMap<>();
        for (Iterator<Move> it = moves.iterator(); it.hasNext(); ) {
            Move m = it.next();
            m.elapsed += tickNanos / 1e9;
            if (m.fails && m.elapsed >= m.seconds / 2) {
                m.end(PoolActuator.State.FAILED, "the migration of " + m.domain.name() + " failed half-way");
                failedMigrations++;
                it.remove();
            } else if (m.elapsed >= m.seconds) {
                m.end(PoolActuator.State.DONE, "");
                m.source.remove(m.domain);
                m.domain.restart();
                m.target.add(m.domain);
                migrations++;
                it.remove();
            } else {
                double cost = model.targetShare() * m.domain.lastDemand();
                overhead.merge(m.source, cost, Double::sum);
                overhead.merge(m.target, cost, Double::sum);
                m.source.degrade(m.domain, model.degradation());
            }
        }
        for (SimHost h : pool.hosts()) {
            h.overhead(overhead.getOrDefault(h, 0.0));
        }
        pool.tick(nowNanos, tickNanos);
        power.account(tickNanos);
        power.advance(nowNanos, tickNanos);
    }

    /** A live migration in progress. */
    private final class Move implements Handle {
        final SimDomain domain;
        final SimHost source;
        final SimHost target;
        final double seconds;
        final boolean fails;
        double elapsed;
        State state = State.RUNNING;
        String detail = "";

        Move(SimDomain domain, SimHost source, SimHost target, double seconds, boolean fails) {
            this.domain = domain;
            this.source = source;
            this.target = target;
            this.seconds = Math.max(seconds, 1e-3);
            this.fails = fails;
        }

        void end(State value, String why) {
            state = value;
            detail = why;
            source.degrade(domain, 0);
        }

        @Override
        public State state() {
            return state;
        }

        @Override
        public double progress() {
            return state == State.DONE ? 1 : Math.min(1, elapsed / seconds);
        }

        @Override
        public String detail() {
            return detail;
        }
    }
}
