package dev.hpm.sim.pool;

import dev.hpm.core.dwm.Plan;
import dev.hpm.core.dwm.PoolAction;
import dev.hpm.core.dwm.PoolHost;
import dev.hpm.core.dwm.PoolPlanner;
import dev.hpm.core.dwm.PoolServer;
import dev.hpm.core.dwm.PoolView;
import dev.hpm.core.cpu.CpuPolicy;
import dev.hpm.core.model.Importance;
import dev.hpm.sim.SimClock;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Runs one pool policy over a {@link SimPool} on the simulated clock: the pool is updated at each
 * decision instant (first, first + interval, … up to the end) and at every migration completion,
 * as CloudSim's datacenter is; at a decision the planner gets the pool's view and its plan is
 * executed, whatever its mode (the simulator is an operator who approves every recommended plan). Pool events ({@link PoolEvents}) fire at their instants. The planner's time is
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
    private final PoolGoals goals;
    private long lastDecision = -1;
    private long planNanos;
    private long planMaxNanos;
    private int decisions;
    private final List<String> refused = new ArrayList<>();
    private final java.util.Set<String> finished = new java.util.HashSet<>();
    private final java.util.Set<String> failed = new java.util.HashSet<>();
    private final List<PoolAction> waiting = new ArrayList<>();
    private Observer observer = (view, plan) -> {
    };

    /** Sees every decision: the view the planner got and the plan it made (before it is executed). */
    @FunctionalInterface
    public interface Observer {
        void decided(PoolView view, Plan plan);
    }

    /** Sets the observer of decisions; returns this run. */
    public PoolRun observe(Observer o) {
        this.observer = o;
        return this;
    }

    /** @param ticker nanoseconds of real time, for the planner's time (e.g. System::nanoTime) */
    public PoolRun(SimPool pool, PoolPlanner planner, PoolEvents events, LongSupplier ticker) {
        this(pool, planner, events, ticker, null);
    }

    /** @param cpuPolicy the CPU manager run on every powered host each interval (CFS pools), or null */
    public PoolRun(SimPool pool, PoolPlanner planner, PoolEvents events, LongSupplier ticker, CpuPolicy cpuPolicy) {
        this.goals = new PoolGoals(cpuPolicy);
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
                          Map<Importance, Double> attainment, int maxMigrationsPerServerHour, List<String> refused,
                          int cpuAdjustments) {
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
                events.fire(t, pool, this::settle);
            } else {
                decide(t);
                next += interval;
            }
        }
        return new Outcome(pool.metrics(), decisions, decisions == 0 ? 0 : planNanos / 1e6 / decisions,
                planMaxNanos / 1e6, goals.attainment(), maxPerHour(), List.copyOf(refused), goals.adjustments());
    }

    private void complete(long t) {
        if (t > pool.lastUpdate()) {
            pool.update(t);
        }
        List<SimPool.Flight> done = pool.complete(t);
        pool.update(t);
        for (SimPool.Flight f : done) {
            goals.moved(pool.servers[f.server].id(), f.from);
            settle(action(f), true, "completed");
        }
    }

    /**
     * An action finished or failed: the planner is told, and actions waiting for it ({@code after})
     * start now if nothing else holds them, or fail with it.
     */
    private void settle(PoolAction a, boolean succeeded, String detail) {
        (succeeded ? finished : failed).add(a.id());
        planner.outcome(a, succeeded, detail);
        if (!waiting.isEmpty()) {
            List<PoolAction> ready = new ArrayList<>(waiting);
            waiting.clear();
            run(ready, pool.lastUpdate());
        }
    }

    private PoolAction action(SimPool.Flight f) {
        return new PoolAction.Migrate(f.action, pool.servers[f.server].id(), pool.hosts[f.from].id(),
                pool.hosts[f.to].id(), List.of(), null, null);
    }

    private void decide(long t) {
        pool.update(t);
        goals.endInterval(pool, lastDecision < 0 ? 0 : (t - lastDecision) / 1e9);
        lastDecision = t;
        PoolView view = view(t);
        long t0 = ticker.getAsLong();
        Plan plan = planner.plan(view);
        long spent = ticker.getAsLong() - t0;
        planNanos += spent;
        planMaxNanos = Math.max(planMaxNanos, spent);
        decisions++;
        observer.decided(view, plan);
        execute(plan, t);
    }

    private void execute(Plan plan, long t) {
        run(plan.actions(), t);
    }

    /** Runs the actions whose dependencies have finished; the others wait, or fail with a failed one. */
    private void run(List<PoolAction> actions, long t) {
        boolean[] touched = new boolean[pool.hostCount()];
        for (PoolAction a : actions) {
            String failedDependency = a.after().stream().filter(failed::contains).findFirst().orElse(null);
            if (failedDependency != null) {
                refuse(a, "it waited for " + failedDependency + ", which failed");
                continue;
            }
            if (!finished.containsAll(a.after())) {
                waiting.add(a);
                continue;
            }
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
                    } else if (a instanceof PoolAction.Shutdown) {
                        settle(a, true, "shut down");
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
        settle(a, false, why);
    }

    /**
     * The pool as the planner sees it: hosts in order, each host's servers in arrival order. A
     * server's demand is, under CloudSim's division of CPU, its request at the instant (what
     * CloudSim's planners see); under CFS, its mean runnable CPU over the interval just ended.
     */
    PoolView view(long t) {
        boolean instantDemand = pool.rules.allocation() == PoolRules.Allocation.PROPORTIONAL;
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
                double demand = instantDemand ? pool.req[s] : goals.demand(s);
                servers.add(new PoolServer(ss.id(), spec.id(), ss.vcpus(), ss.maxCpu(), ss.memoryMb(), demand,
                        pool.shares[s], ss.serviceClass(), goals.pi(s), pool.moving[s] > 0));
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
