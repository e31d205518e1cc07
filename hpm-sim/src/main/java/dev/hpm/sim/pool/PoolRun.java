package dev.hpm.sim.pool;

import dev.hpm.core.dwm.Plan;
import dev.hpm.core.dwm.PoolAction;
import dev.hpm.core.dwm.PoolHost;
import dev.hpm.core.dwm.PoolPlanner;
import dev.hpm.core.dwm.PoolServer;
import dev.hpm.core.dwm.PoolView;
import dev.hpm.core.model.ClassInfo;
import dev.hpm.core.model.Importance;
import dev.hpm.sim.SimClock;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Runs one pool policy over a {@link SimPool} on the simulated clock: the pool is updated at each
 * decision instant (first, first + interval, … up to the end) and at every migration completion,
 * as CloudSim's datacenter is; at a decision the planner gets the pool's view and its plan is
 * executed. Pool events ({@link PoolEvents}) fire at their instants. The planner's time is
 * measured with the injected ticker.
 */
public final class PoolRun {
    private final SimPool pool;
    private final PoolPlanner planner;
    private final PoolEvents events;
    private final LongSupplier ticker;
    private final Map<String, Integer> hostIndex = new HashMap<>();
    private final Map<String, Integer> serverIndex = new HashMap<>();
    private final List<List<Long>> starts = new ArrayList<>();
    private final long[] met = new long[Importance.values().length];
    private final long[] samples = new long[Importance.values().length];
    private long planNanos;
    private long planMaxNanos;
    private int decisions;
    private final List<String> refused = new ArrayList<>();

    /** @param ticker nanoseconds of real time, for the planner's time (e.g. System::nanoTime) */
    public PoolRun(SimPool pool, PoolPlanner planner, PoolEvents events, LongSupplier ticker) {
        this.pool = pool;
        this.planner = planner;
        this.events = events == null ? PoolEvents.NONE : events;
        this.ticker = ticker;
        for (int h = 0; h < pool.hostCount(); h++) {
            hostIndex.put(pool.hosts[h].id(), h);
        }
        for (int s = 0; s < pool.serverCount(); s++) {
            serverIndex.put(pool.servers[s].id(), s);
            starts.add(new ArrayList<>(2));
        }
    }

    /** The outcome of a run. */
    public record Outcome(PoolMetrics metrics, int decisions, double plannerMeanMs, double plannerMaxMs,
                          Map<Importance, Double> attainment, int maxMigrationsPerServerHour, List<String> refused) {
    }

    /** Runs decisions at {@code first}, {@code first + interval}, … ≤ {@code end} (ns). */
    public Outcome run(long first, long interval, long end) {
        return run(first, interval, end, new SimClock());
    }

    /** The same, moving {@code clock} to each instant handled, for planners that read it. */
    public Outcome run(long first, long interval, long end, SimClock clock) {
        long next = first;
        while (true) {
            long completion = pool.nextCompletion();
            long event = events.next();
            long t = Math.min(next, Math.min(completion, event));
            if (t > end) {
                break;
            }
            clock.advance(t - clock.nanos());
            if (t == completion) {
                complete(t);
            } else if (t == event) {
                if (t > pool.lastUpdate()) {
                    pool.update(t);
                }
                events.fire(t, pool, planner);
            } else {
                decide(t);
                next += interval;
            }
        }
        Map<Importance, Double> attainment = new EnumMap<>(Importance.class);
        for (Importance i : Importance.values()) {
            if (samples[i.ordinal()] > 0) {
                attainment.put(i, (double) met[i.ordinal()] / samples[i.ordinal()]);
            }
        }
        return new Outcome(pool.metrics(), decisions, decisions == 0 ? 0 : planNanos / 1e6 / decisions,
                planMaxNanos / 1e6, attainment, maxPerHour(), List.copyOf(refused));
    }

    private void complete(long t) {
        if (t > pool.lastUpdate()) {
            pool.update(t);
        }
        List<SimPool.Flight> done = pool.complete(t);
        pool.update(t);
        for (SimPool.Flight f : done) {
            planner.outcome(action(f), true, "completed");
        }
    }

    private static PoolAction action(SimPool.Flight f) {
        return new PoolAction.Migrate(f.action, String.valueOf(f.server), String.valueOf(f.from), String.valueOf(f.to),
                List.of(), null, null);
    }

    private void decide(long t) {
        pool.update(t);
        score();
        PoolView view = view(t);
        long t0 = ticker.getAsLong();
        Plan plan = planner.plan(view);
        long spent = ticker.getAsLong() - t0;
        planNanos += spent;
        planMaxNanos = Math.max(planMaxNanos, spent);
        decisions++;
        execute(plan, t);
    }

    /** Goal attainment: one sample per server with a goal and a velocity over the interval just ended. */
    private void score() {
        for (int s = 0; s < pool.serverCount(); s++) {
            double velocity = pool.metrics().takeVelocity(s);
            ClassInfo c = pool.servers[s].serviceClass();
            if (c == null || c.isDiscretionary() || Double.isNaN(velocity)) {
                continue;
            }
            double pi = velocity == 0 ? Double.POSITIVE_INFINITY : c.goalVelocity() / velocity;
            samples[c.importance().ordinal()]++;
            if (pi <= 1) {
                met[c.importance().ordinal()]++;
            }
        }
    }

    private void execute(Plan plan, long t) {
        boolean[] touched = new boolean[pool.hostCount()];
        for (PoolAction a : plan.actions()) {
            switch (a) {
                case PoolAction.Migrate m -> {
                    Integer s = serverIndex.get(m.server());
                    Integer to = hostIndex.get(m.to());
                    String why = s == null ? "no server " + m.server() : to == null ? "no host " + m.to()
                            : pool.refusal(s, to);
                    if (why != null) {
                        refuse(a, why);
                        continue;
                    }
                    touched[pool.host[s]] = true;
                    touched[to] = true;
                    pool.startMigration(m.id(), s, to, t);
                    starts.get(s).add(t);
                }
                default -> {
                    String why = events.power(a, pool, t);
                    if (why != null) {
                        refuse(a, why);
                    }
                }
            }
        }
        for (int h = 0; h < touched.length; h++) {
            if (touched[h]) {
                pool.refresh(h, t);
            }
        }
    }

    private void refuse(PoolAction a, String why) {
        if (refused.size() < 100) {
            refused.add(a.id() + ": " + why);
        }
        planner.outcome(a, false, why);
    }

    /** The pool as the planner sees it: hosts in order, each host's servers in arrival order. */
    PoolView view(long t) {
        List<PoolHost> hosts = new ArrayList<>(pool.hostCount());
        List<PoolServer> servers = new ArrayList<>(pool.serverCount());
        for (int h = 0; h < pool.hostCount(); h++) {
            SimPool.HostSpec spec = pool.hosts[h];
            hosts.add(new PoolHost(spec.id(), spec.capacity(), spec.cpus(), spec.memoryMb(), pool.power[h],
                    pool.maintenance[h], true, spec.powerModel(), pool.used[h]));
            IntList list = pool.vms[h];
            for (int i = 0; i < list.size(); i++) {
                int s = list.get(i);
                if (pool.incoming[h].contains(s)) {
                    continue;
                }
                SimPool.ServerSpec ss = pool.servers[s];
                servers.add(new PoolServer(ss.id(), spec.id(), ss.vcpus(), ss.maxCpu(), ss.memoryMb(), pool.req[s],
                        ss.shares(), ss.serviceClass(), Double.NaN, pool.moving[s] > 0));
            }
        }
        List<PoolView.InFlight> inFlight = new ArrayList<>();
        for (SimPool.Flight f : pool.inFlight()) {
            inFlight.add(new PoolView.InFlight(pool.servers[f.server].id(), pool.hosts[f.from].id(),
                    pool.hosts[f.to].id(), SimClock.EPOCH.plusNanos(f.started)));
        }
        return new PoolView(SimClock.EPOCH.plusNanos(t), hosts, servers, inFlight);
    }

    /** The most migrations of one server started within any hour (a sliding window). */
    private int maxPerHour() {
        long hour = 3_600_000_000_000L;
        int max = 0;
        for (List<Long> times : starts) {
            int lo = 0;
            for (int hi = 0; hi < times.size(); hi++) {
                while (times.get(hi) - times.get(lo) >= hour) {
                    lo++;
                }
                max = Math.max(max, hi - lo + 1);
            }
        }
        return max;
    }
}
