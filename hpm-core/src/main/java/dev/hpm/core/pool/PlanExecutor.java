package dev.hpm.core.pool;

import dev.hpm.core.dwm.DwmPolicy;
import dev.hpm.core.dwm.PoolAction;
import dev.hpm.core.dwm.PoolView;
import dev.hpm.core.dwm.PowerState;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Executes plans' actions through the {@link PoolActuator}: in dependency order (an action starts
 * once every action it comes {@code after} is done, and is cancelled if one failed), within the
 * policy's migration limits (per host, source and destination, and per pool, counting what runs),
 * polling each started action once per interval. Not thread-safe: {@link DwmStep} drives it.
 */
final class PlanExecutor {
    /** An action of a plan, keyed by plan id and action id. */
    record Step(String plan, PoolAction action, Instant queued) {
        String key() {
            return plan + "/" + action.id();
        }

        String key(String other) {
            return plan + "/" + other;
        }
    }

    /** A step that finished this interval. */
    record Finished(Step step, PoolActuator.State state, String detail) {
    }

    private final PoolActuator actuator;
    private final List<Step> queued = new ArrayList<>();
    private final Map<String, Running> running = new LinkedHashMap<>();
    private final Set<String> done = new HashSet<>();
    private final Set<String> failed = new HashSet<>();

    private record Running(Step step, PoolActuator.Handle handle, Instant started) {
    }

    PlanExecutor(PoolActuator actuator) {
        this.actuator = actuator;
    }

    void enqueue(String plan, List<PoolAction> actions, Instant at) {
        actions.forEach(a -> queued.add(new Step(plan, a, at)));
    }

    /** Steps that finished since the last poll, in the order they were started. */
    List<Finished> poll() {
        List<Finished> out = new ArrayList<>();
        for (Iterator<Running> it = running.values().iterator(); it.hasNext(); ) {
            Running r = it.next();
            PoolActuator.State state = r.handle.state();
            if (state.finished()) {
                it.remove();
                (state == PoolActuator.State.DONE ? done : failed).add(r.step.key());
                out.add(new Finished(r.step, state, r.handle.detail()));
            }
        }
        return out;
    }

    /**
     * Starts every queued step whose dependencies are done and that the limits allow; cancels those
     * whose dependency failed (returned). {@code onStart} sees each step just before it starts.
     */
    List<Finished> start(DwmPolicy.MigrationLimits limits, Instant now, java.util.function.Consumer<Step> onStart) {
        List<Finished> out = new ArrayList<>();
        Map<String, Integer> perHost = new HashMap<>();
        int pool = 0;
        for (Running r : running.values()) {
            if (r.step.action instanceof PoolAction.Migrate m) {
                perHost.merge(m.from(), 1, Integer::sum);
                perHost.merge(m.to(), 1, Integer::sum);
                pool++;
            }
        }
        for (Iterator<Step> it = queued.iterator(); it.hasNext(); ) {
            Step s = it.next();
            if (s.action.after().stream().anyMatch(a -> failed.contains(s.key(a)))) {
                it.remove();
                failed.add(s.key());
                out.add(new Finished(s, PoolActuator.State.FAILED, "cancelled: an action it waits for failed"));
                continue;
            }
            if (!s.action.after().stream().allMatch(a -> done.contains(s.key(a)))) {
                continue;
            }
            if (s.action instanceof PoolAction.Migrate m) {
                if (pool >= limits.perPool() || perHost.getOrDefault(m.from(), 0) >= limits.perHost()
                        || perHost.getOrDefault(m.to(), 0) >= limits.perHost()) {
                    continue;
                }
                perHost.merge(m.from(), 1, Integer::sum);
                perHost.merge(m.to(), 1, Integer::sum);
                pool++;
            }
            it.remove();
            onStart.accept(s);
            PoolActuator.Handle h = switch (s.action) {
                case PoolAction.Migrate m -> actuator.migrate(m.server(), m.from(), m.to());
                case PoolAction.PowerOn on -> actuator.powerOn(on.host());
                case PoolAction.PowerOff off -> actuator.powerOff(off.host());
                case PoolAction.Shutdown sd -> actuator.shutdown(sd.server(), sd.host());
            };
            running.put(s.key(), new Running(s, h, now));
        }
        return out;
    }

    /** The progress of {@code plan}'s running steps by action id. */
    Map<String, Double> progress(String plan) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (Running r : running.values()) {
            if (r.step.plan().equals(plan)) {
                out.put(r.step.action().id(), Math.clamp(r.handle.progress(), 0.0, 1.0));
            }
        }
        return out;
    }

    /** Drops the queued (not started) steps of {@code plan}. */
    void dropQueued(String plan) {
        queued.removeIf(s -> s.plan.equals(plan));
    }

    /**
     * Migrations in flight and queued, for the next view: a queued migration is committed, so the
     * planner reserves its destination (and does not, say, power it off) as for one in flight.
     */
    List<PoolView.InFlight> inFlight() {
        List<PoolView.InFlight> out = new ArrayList<>();
        for (Running r : running.values()) {
            if (r.step.action instanceof PoolAction.Migrate m) {
                out.add(new PoolView.InFlight(m.server(), m.from(), m.to(), r.started));
            }
        }
        for (Step s : queued) {
            if (s.action instanceof PoolAction.Migrate m) {
                out.add(new PoolView.InFlight(m.server(), m.from(), m.to(), s.queued));
            }
        }
        return out;
    }

    /**
     * The power state hosts with a queued or running power action are committed to: shutting down
     * after a power-off, booting after a power-on, for the next view.
     */
    Map<String, PowerState> committedPower() {
        Map<String, PowerState> out = new HashMap<>();
        queued.forEach(s -> power(s, out));
        running.values().forEach(r -> power(r.step, out));
        return out;
    }

    private static void power(Step s, Map<String, PowerState> out) {
        switch (s.action) {
            case PoolAction.PowerOff off -> out.put(off.host(), PowerState.SHUTTING_DOWN);
            case PoolAction.PowerOn on -> out.put(on.host(), PowerState.BOOTING);
            default -> {
            }
        }
    }

    /** Servers a started or queued migration or shut-down has claimed: the planner must not move them. */
    Set<String> committed() {
        Set<String> out = new HashSet<>();
        running.values().forEach(r -> claim(r.step, out));
        queued.forEach(s -> claim(s, out));
        return out;
    }

    private static void claim(Step s, Set<String> out) {
        switch (s.action) {
            case PoolAction.Migrate m -> out.add(m.server());
            case PoolAction.Shutdown sd -> out.add(sd.server());
            default -> {
            }
        }
    }

    int running() {
        return running.size();
    }

    int queued() {
        return queued.size();
    }

    /** True when no step of {@code plan} is queued or running. */
    boolean finished(String plan) {
        return queued.stream().noneMatch(s -> s.plan.equals(plan))
                && running.values().stream().noneMatch(r -> r.step.plan.equals(plan));
    }
}
