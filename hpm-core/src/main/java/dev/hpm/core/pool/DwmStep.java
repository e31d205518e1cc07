package dev.hpm.core.pool;

import dev.hpm.core.cpu.ShareLedger;
import dev.hpm.core.dwm.DwmMode;
import dev.hpm.core.dwm.DwmPolicy;
import dev.hpm.core.dwm.Efficacy;
import dev.hpm.core.dwm.Plan;
import dev.hpm.core.dwm.PoolAction;
import dev.hpm.core.dwm.PoolHost;
import dev.hpm.core.dwm.PoolPlanner;
import dev.hpm.core.dwm.PoolServer;
import dev.hpm.core.dwm.PoolView;
import dev.hpm.core.dwm.PowerState;
import dev.hpm.core.loop.HostController;
import dev.hpm.core.pool.DwmRecords.Indicators;
import dev.hpm.core.pool.DwmRecords.IntervalRecord;
import dev.hpm.core.pool.DwmRecords.Outcome;
import dev.hpm.core.pool.DwmRecords.PlanRecord;
import dev.hpm.core.pool.DwmRecords.Status;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * DWM as a step of the {@link PoolRunner}: once per pool interval, after every host ran, it builds
 * the planner's {@link PoolView} from the hosts' reports and the {@link PoolInventory}, asks the
 * {@link PoolPlanner} for a plan and, by the policy's mode, executes it ({@code automatic}), keeps
 * it until an operator approves or rejects it ({@code recommend}), or does nothing ({@code off}).
 * Execution goes through the {@link PoolActuator} in dependency order and within the migration
 * limits; finished actions are told to the planner ({@link PoolPlanner#outcome}) and a server that
 * moved starts its share history afresh on its new host ({@link HostController#arrived}). Every
 * interval is recorded with why nothing was done; every plan with its projected and, once
 * executed, its achieved efficacy (the same indicators on the next view). docs/pool-runner.md.
 *
 * <p>The planner is called on the runner's thread; {@link #approve} and {@link #reject} may come
 * from another (the API) and take effect at the next interval.
 */
public final class DwmStep implements PoolStep {
    private static final int KEEP = 2000;

    private PoolPlanner planner;
    private DwmPolicy policy;
    private final PoolInventory inventory;
    private final PlanExecutor executor;
    private final Map<String, HostController> controllers = new HashMap<>();
    private final LongSupplier ticker;
    private final PoolViewBuilder views = new PoolViewBuilder();
    private final Map<String, Tracked> plans = new LinkedHashMap<>();
    private final Deque<IntervalRecord> intervals = new ArrayDeque<>();
    private final Map<String, Optional<ShareLedger.Original>> originals = new HashMap<>();
    private Consumer<IntervalRecord> observer = r -> {
    };
    private String pending;
    private PoolView lastView;

    /** A plan and what became of it (mutable; {@link #record} gives the immutable view). */
    private static final class Tracked {
        final String id;
        final long interval;
        final Plan plan;
        Status status;
        final Map<String, Outcome> outcomes = new LinkedHashMap<>();
        Efficacy achieved;
        boolean measureNext;

        Tracked(String id, long interval, Plan plan, Status status) {
            this.id = id;
            this.interval = interval;
            this.plan = plan;
            this.status = status;
        }
    }

    /**
     * @param policy   the policy the planner was made with (mode, limits, thresholds)
     * @param hosts    the pool's host controllers, told when a server arrives by migration
     * @param ticker   nanoseconds for the planner's time (the machine's clock; not simulated time)
     */
    public DwmStep(PoolPlanner planner, DwmPolicy policy, PoolInventory inventory, PoolActuator actuator,
                   List<HostController> hosts, LongSupplier ticker) {
        this.planner = planner;
        this.policy = policy;
        this.inventory = inventory;
        this.executor = new PlanExecutor(actuator);
        hosts.forEach(h -> controllers.put(h.host(), h));
        this.ticker = ticker;
    }

    /** Sees every interval record as it is made (a timeline, a test approving a plan). */
    public synchronized DwmStep observer(Consumer<IntervalRecord> value) {
        this.observer = value;
        return this;
    }

    /**
     * Replaces the policy and the planner made with it (an operator changed the pool's policy): the
     * next interval plans with them. Plans queued or running go on; a pending recommendation stays
     * pending until approved, rejected or superseded.
     */
    public synchronized void update(DwmPolicy value, PoolPlanner withPlanner) {
        this.policy = value;
        this.planner = withPlanner;
    }

    /** The policy the step plans with now. */
    public synchronized DwmPolicy policy() {
        return policy;
    }

    /** The view the last interval planned on (to rank hosts for a new server between intervals). */
    public synchronized Optional<PoolView> lastView() {
        return Optional.ofNullable(lastView);
    }

    /** How far each running action of plan {@code id} got (0…1), by action id; finished ones are not listed. */
    public synchronized Map<String, Double> progress(String id) {
        return executor.progress(id);
    }

    @Override
    public synchronized void afterHosts(PoolInterval interval) {
        List<String> why = new ArrayList<>();
        finish(executor.poll());
        if (pending != null && plans.get(pending).status == Status.EXECUTING) {
            executor.enqueue(pending, plans.get(pending).plan.actions(), interval.time());
            pending = null;
        }
        PoolView view = views.build(interval, inventory, executor.committed(), executor.inFlight(),
                executor.committedPower());
        lastView = view;
        Indicators now = indicators(view);
        measureAchieved(now);
        long t0 = ticker.getAsLong();
        Plan plan = planner.plan(view);
        long nanos = ticker.getAsLong() - t0;
        String id = null;
        if (!plan.isEmpty()) {
            id = "plan-" + interval.index();
            boolean auto = policy.mode() == DwmMode.AUTOMATIC;
            Tracked t = new Tracked(id, interval.index(), plan, auto ? Status.EXECUTING : Status.PENDING);
            plans.put(id, t);
            if (auto) {
                executor.enqueue(id, plan.actions(), view.at());
            } else {
                if (pending != null && plans.get(pending).status == Status.PENDING) {
                    plans.get(pending).status = Status.SUPERSEDED;
                }
                pending = id;
                why.add("recommend: " + id + " (" + plan.actions().size() + " actions) awaits approval");
            }
        } else {
            why.addAll(plan.idle());
        }
        finish(executor.start(policy.migration(), view.at(), this::starting));
        for (Tracked t : plans.values()) {
            if (t.status == Status.EXECUTING && executor.finished(t.id)) {
                t.status = Status.EXECUTED;
                t.measureNext = true;
            }
        }
        if (executor.running() > 0) {
            why.add(executor.running() + " action" + (executor.running() == 1 ? "" : "s") + " in progress, "
                    + executor.queued() + " waiting");
        }
        trim();
        IntervalRecord record = new IntervalRecord(interval.index(), view.at(), id, id == null ? why
                : why.stream().filter(w -> w.startsWith("recommend")).toList(), plan.maintenance(), executor.running(),
                now, nanos);
        intervals.addLast(record);
        while (intervals.size() > KEEP) {
            intervals.removeFirst();
        }
        observer.accept(record);
    }

    /** Remembers a migrating server's settings from before HPM, read from its source host now. */
    private void starting(PlanExecutor.Step step) {
        if (step.action() instanceof PoolAction.Migrate m) {
            HostController source = controllers.get(m.from());
            String uuid = views.uuids.get(m.server());
            if (source != null && uuid != null) {
                originals.put(m.server(), source.ledger().original(uuid));
            }
        }
        Tracked t = plans.get(step.plan());
        if (t != null) {
            t.outcomes.put(step.action().id(), new Outcome(step.action().id(), PoolActuator.State.RUNNING, ""));
        }
    }

    private void finish(List<PlanExecutor.Finished> finished) {
        for (PlanExecutor.Finished f : finished) {
            boolean ok = f.state() == PoolActuator.State.DONE;
            planner.outcome(f.step().action(), ok, f.detail());
            if (f.step().action() instanceof PoolAction.Migrate m) {
                Optional<ShareLedger.Original> original = originals.remove(m.server());
                HostController target = controllers.get(m.to());
                String uuid = views.uuids.get(m.server());
                if (ok && target != null && uuid != null) {
                    target.arrived(uuid, original == null ? Optional.empty() : original);
                }
            }
            Tracked t = plans.get(f.step().plan());
            if (t != null) {
                t.outcomes.put(f.step().action().id(), new Outcome(f.step().action().id(), f.state(), f.detail()));
            }
        }
    }

    /** The achieved indicators of plans executed by the last interval, on this (the next) view. */
    private void measureAchieved(Indicators now) {
        for (Tracked t : plans.values()) {
            if (t.measureNext) {
                t.measureNext = false;
                Efficacy p = t.plan.projected();
                int migrations = 0;
                int released = 0;
                for (PoolAction a : t.plan.actions()) {
                    Outcome o = t.outcomes.get(a.id());
                    boolean ok = o != null && o.state() == PoolActuator.State.DONE;
                    migrations += ok && a instanceof PoolAction.Migrate ? 1 : 0;
                    released += ok && a instanceof PoolAction.PowerOff ? 1 : 0;
                }
                double before = p.watts() + p.wattsSaved();
                t.achieved = new Efficacy(now.watts(), before - now.watts(), migrations, released, p.loadedBefore(),
                        now.loaded(), p.cpuStdDevBefore(), now.cpuStdDev());
            }
        }
    }

    /** The indicators of a view, computed as the planner projects them (powered hosts, demand over capacity). */
    Indicators indicators(PoolView view) {
        Map<String, Double> load = new HashMap<>();
        for (PoolServer s : view.servers()) {
            load.merge(s.host(), Math.clamp(s.demand(), 0, s.maxCpu() > 0 ? s.maxCpu() : Double.MAX_VALUE), Double::sum);
        }
        double watts = 0;
        double sum = 0;
        double sq = 0;
        int on = 0;
        int loaded = 0;
        int powered = 0;
        for (PoolHost h : view.hosts()) {
            if (!(h.power().isOn() || h.power() == PowerState.BOOTING)) {
                continue;
            }
            powered++;
            double u = h.capacity() > 0 ? load.getOrDefault(h.id(), 0.0) / h.capacity() : 0;
            watts += h.powerModel().watts(u);
            loaded += u >= policy.evenDistribution().fraction() ? 1 : 0;
            if (h.power().isOn()) {
                sum += u;
                sq += u * u;
                on++;
            }
        }
        double mean = on == 0 ? 0 : sum / on;
        double std = on == 0 ? 0 : Math.sqrt(Math.max(0, sq / on - mean * mean));
        return new Indicators(watts, loaded, std, powered);
    }

    /** Recommend mode: executes plan {@code id} from the next interval. False if it is not pending. */
    public synchronized boolean approve(String id) {
        Tracked t = plans.get(id);
        if (t == null || t.status != Status.PENDING) {
            return false;
        }
        t.status = Status.EXECUTING;
        return true;
    }

    /** Recommend mode: drops plan {@code id}. False if it is not pending. */
    public synchronized boolean reject(String id) {
        Tracked t = plans.get(id);
        if (t == null || t.status != Status.PENDING) {
            return false;
        }
        t.status = Status.REJECTED;
        pending = null;
        return true;
    }

    /** The plan waiting for approval, if any. */
    public synchronized Optional<PlanRecord> pending() {
        return Optional.ofNullable(pending).map(plans::get).filter(t -> t.status == Status.PENDING).map(DwmStep::record);
    }

    /** Every plan with actions, oldest first (the last {@value #KEEP}). */
    public synchronized List<PlanRecord> plans() {
        return plans.values().stream().map(DwmStep::record).toList();
    }

    public synchronized Optional<PlanRecord> plan(String id) {
        return Optional.ofNullable(plans.get(id)).map(DwmStep::record);
    }

    /** Every interval, oldest first (the last {@value #KEEP}). */
    public synchronized List<IntervalRecord> intervals() {
        return List.copyOf(intervals);
    }

    private static PlanRecord record(Tracked t) {
        return new PlanRecord(t.id, t.interval, t.plan, t.status, List.copyOf(t.outcomes.values()), t.achieved);
    }

    private void trim() {
        var it = plans.entrySet().iterator();
        while (plans.size() > KEEP && it.hasNext()) {
            Tracked t = it.next().getValue();
            if (t.status != Status.EXECUTING && !t.measureNext && !t.id.equals(pending)) {
                it.remove();
            }
        }
    }
}
