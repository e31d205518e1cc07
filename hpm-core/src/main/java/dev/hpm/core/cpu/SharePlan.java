package dev.hpm.core.cpu;

import dev.hpm.core.driver.SchedulerParameters;
import dev.hpm.core.measure.ClassMeasurement;
import dev.hpm.core.model.ClassInfo;
import dev.hpm.core.model.Goal;
import dev.hpm.core.model.Importance;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The CPU manager's {@link CpuManagerSettings.Strategy#PLAN plan strategy} (docs/cpu-manager.md, "The plan
 * strategy"): instead of helping one receiver per interval, it plans the whole host's CPU from what
 * each server wanted over the last interval, and sets shares so that CFS gives each server its plan.
 *
 * <ol>
 *   <li>Each managed server first gets its floor (its part of its group's CPU minimum, {@link GroupLimits}).</li>
 *   <li>Level by level, highest importance first, each server gets the CPU its goal needs at the target
 *       PI ({@link #need}), the cheapest first, while the host has it; a server whose need is beyond
 *       its cap or beyond what is left gets nothing more in this pass. This is the greedy solution of
 *       the unit-value knapsack at each level that the simulator's oracle uses, with measured demand
 *       instead of true demand and headroom from the target PI.</li>
 *   <li>What is left goes level by level, discretionary work last, to each server up to its demand, in
 *       proportion to what each still wants.</li>
 *   <li>Shares are set in proportion to the plan, 1024 for a server planned the host's CPUs divided by
 *       the number of managed servers: under CFS's water-filling ({@link CfsProjection}) a contended
 *       server then gets its plan. Changes are bounded by the step factor and the minimum step.</li>
 *   <li><b>Steady state</b>: the shares are left alone while, projected at the current demand, they
 *       already give every server the plan serves its need and every floor (within
 *       {@link GroupLimits#TOLERANCE}); shares then change only when demand moves enough to matter, and a
 *       re-plan leaves alone the servers whose change would be small ({@link #BAND}).</li>
 * </ol>
 * A change is reported as an {@link Adjustment} for the most important class that missed its goal and
 * gains shares; its changes are the servers raised ({@code RECEIVER}) and lowered ({@code DONOR}).
 * Work is never taken below what a more important server needs, so the protection of the receiver
 * strategy's ceilings is built into the order; what more important work does not need goes to less
 * important work, so shares return to donors as soon as their receivers no longer need them. Pure.
 */
final class SharePlan {
    /** A server's shares are never planned below this fraction of a fair share, so an idle server can wake. */
    static final double MIN_FAIR_FRACTION = 0.05;
    /**
     * A re-plan leaves a server's shares alone if the plan would change them by at most this fraction
     * (and the host still gives every server its promise); on the random scenarios it cut the median
     * share-reversal rate by a fifth to two fifths at the same attainment (docs/cpu-manager.md).
     */
    static final double BAND = 0.3;

    private final CpuManagerSettings settings;
    private final HostView view;
    private final Projection p;
    private final double[] caps;
    private final double[] floors;
    private final double[] now;
    private final double[] need;
    private final double[] plan;
    /** What the plan promises each server: its floor, and the need of its goal if the host has it. */
    private final double[] required;
    private double left;

    SharePlan(CpuManagerSettings settings, HostView view, Projection p, double[] caps, double[] floors) {
        this.settings = settings;
        this.view = view;
        this.p = p;
        this.caps = caps;
        this.floors = floors;
        this.now = p.allocate(p.shares).clone();
        this.need = new double[p.n];
        this.plan = new double[p.n];
        this.required = new double[p.n];
    }

    /** The decision: a change of shares to the plan, or why the current shares stay. */
    Decision decide() {
        left = view.capacityCpus();
        for (int i = 0; i < p.n; i++) {
            VsView v = p.servers.get(i);
            if (!v.managed()) {
                left -= now[i];
            } else {
                plan[i] = Math.min(floors[i] * (1 + GroupLimits.TOLERANCE), p.bounds[i]);
                left -= plan[i];
                required[i] = Math.min(floors[i], p.bounds[i]);
                need[i] = need(i);
            }
        }
        for (Importance level : Importance.values()) {
            grantNeeds(level);
        }
        for (int order = 0; order <= Importance.values().length; order++) {
            grantDemand(order);
        }
        if (sharesSuffice()) {
            return new NoAction(view.host(), NoAction.Reason.SHARES_SUFFICE, "the shares on " + view.host()
                    + " already give every server the CPU its goal needs, as far as the host has it", List.of());
        }
        long[] after = keepWithinBand(shares());
        boolean changed = false;
        for (int i = 0; i < p.n; i++) {
            changed |= after[i] != p.servers.get(i).shares();
        }
        if (!changed) {
            return new NoAction(view.host(), NoAction.Reason.NO_MATERIAL_IMPROVEMENT, "the plan for " + view.host()
                    + " differs from the current shares by less than the minimum step", List.of());
        }
        return adjustment(after);
    }

    /**
     * The CPU server {@code i} needs for its goal at the target PI: for a velocity goal of {@code g} %,
     * {@code g / target} of its demand (at most all of it, with the target raised to one the goal can
     * reach, {@link AdjustmentRules#reachable}); for a response-time goal, by the CPU-stretch model
     * ({@link ResponseTimeModel}), the CPU that brings its measured PI to the target; +∞ if it cannot be
     * told (no PI); 0 for discretionary work and servers without a velocity this interval.
     */
    private double need(int i) {
        ClassInfo c = p.servers.get(i).serviceClass();
        if (c.isDiscretionary() || !p.measured[i]) {
            return 0;
        }
        if (c.goal() instanceof Goal.ResponseTime) {
            double cpus = ResponseTimeModel.allocationFor(p.measuredResponsePi(i), now[i], settings.targetPi());
            return Double.isNaN(cpus) ? Double.POSITIVE_INFINITY : Math.min(cpus, p.demand[i]);
        }
        double target = AdjustmentRules.reachable(settings.targetPi(), c, AdjustmentRules.TARGET_HEADROOM);
        return p.demand[i] * Math.min(1, c.goalVelocity() / 100.0 / target);
    }

    private void grantNeeds(Importance level) {
        List<Integer> at = new ArrayList<>();
        for (int i = 0; i < p.n; i++) {
            if (inOrder(i, level.ordinal())) {
                at.add(i);
            }
        }
        at.sort(Comparator.comparingDouble((Integer i) -> need[i] - plan[i]).thenComparing(i -> p.servers.get(i).name()));
        for (int i : at) {
            double more = Math.max(need[i] - plan[i], 0);
            if (need[i] <= p.bounds[i] + 1e-12 && more <= left + 1e-12) {
                plan[i] += more;
                left -= more;
                required[i] = Math.max(required[i], need[i]);
            }
        }
    }

    /**
     * Order 0 … 4: the importance levels, highest first; 5: discretionary work. Within one order what is
     * left is shared in proportion to what each server still wants, so every server of the level keeps
     * headroom above its need, not only the first ones.
     */
    private void grantDemand(int order) {
        double wanted = 0;
        for (int i = 0; i < p.n; i++) {
            if (inOrder(i, order)) {
                wanted += Math.max(p.bounds[i] - plan[i], 0);
            }
        }
        if (!(wanted > 0) || !(left > 0)) {
            return;
        }
        double fraction = Math.min(1, left / wanted);
        for (int i = 0; i < p.n; i++) {
            if (inOrder(i, order)) {
                double more = Math.max(p.bounds[i] - plan[i], 0) * fraction;
                plan[i] += more;
                left -= more;
            }
        }
    }

    private boolean inOrder(int i, int order) {
        ClassInfo c = p.servers.get(i).serviceClass();
        int at = c.isDiscretionary() ? Importance.values().length : c.importance().ordinal();
        return p.servers.get(i).managed() && at == order;
    }

    /** Whether the current shares already give every server what the plan promises it: the steady state. */
    private boolean sharesSuffice() {
        return gives(now);
    }

    /** Shares in proportion to the plan, within the bounds and steps of the settings. */
    private long[] shares() {
        int managed = 0;
        for (VsView v : p.servers) {
            managed += v.managed() ? 1 : 0;
        }
        double fair = view.capacityCpus() / Math.max(managed, 1);
        long[] after = new long[p.n];
        for (int i = 0; i < p.n; i++) {
            VsView v = p.servers.get(i);
            long before = v.shares();
            if (!v.managed()) {
                after[i] = before;
                continue;
            }
            long wanted = Math.round(SchedulerParameters.DEFAULT_SHARES * Math.max(plan[i], fair * MIN_FAIR_FRACTION) / fair);
            wanted = Math.clamp(wanted, settings.minShares(), settings.maxShares());
            wanted = Math.clamp(wanted, AdjustmentRules.donorFloor(before, settings), AdjustmentRules.receiverCeiling(before, settings));
            after[i] = AdjustmentRules.isSignificantStep(before, wanted, settings) ? wanted : before;
        }
        return after;
    }

    /**
     * The planned shares, but every server whose planned change is within {@link #BAND} of its shares keeps
     * them, if the host then still gives every server what the plan promises it (projected); otherwise
     * the plan as it is. Fewer servers change, so fewer change direction from one re-plan to the next.
     */
    private long[] keepWithinBand(long[] planned) {
        long[] kept = planned.clone();
        double[] weights = new double[p.n];
        for (int i = 0; i < p.n; i++) {
            long before = p.servers.get(i).shares();
            if (Math.abs(planned[i] - before) <= BAND * before) {
                kept[i] = before;
            }
            weights[i] = kept[i];
        }
        return gives(p.allocate(weights)) ? kept : planned;
    }

    /** Whether {@code allocation} gives every managed server what the plan promises it, within {@link GroupLimits#TOLERANCE}. */
    private boolean gives(double[] allocation) {
        double keep = 1 - GroupLimits.TOLERANCE;
        for (int i = 0; i < p.n; i++) {
            if (p.servers.get(i).managed() && allocation[i] < required[i] * keep) {
                return false;
            }
        }
        return true;
    }

    private Adjustment adjustment(long[] after) {
        double[] weights = new double[p.n];
        for (int i = 0; i < p.n; i++) {
            weights[i] = after[i];
        }
        double[] before = new double[p.classes.length];
        double[] projected = new double[p.classes.length];
        p.classPis(p.shares, before);
        p.classPis(weights, projected);
        for (int c = 0; c < p.classes.length; c++) {
            ClassMeasurement m = view.classes().get(p.classes[c].key());
            projected[c] /= AdjustmentRules.modelBias(before[c], m == null ? Double.NaN : m.worstServerPi());
        }
        int rc = receiver(after);
        List<ShareChange> changes = new ArrayList<>();
        Map<Integer, ClassProjection> donors = new LinkedHashMap<>();
        int raised = 0;
        int lowered = 0;
        for (int i = 0; i < p.n; i++) {
            VsView v = p.servers.get(i);
            if (after[i] == v.shares()) {
                continue;
            }
            boolean up = after[i] > v.shares();
            raised += up ? 1 : 0;
            lowered += up ? 0 : 1;
            changes.add(new ShareChange(v.uuid(), v.name(), v.serviceClass().key(),
                    up ? ShareChange.Role.RECEIVER : ShareChange.Role.DONOR, v.shares(), after[i], v.capCpus(), caps[i]));
            int c = p.classIndex[i];
            if (!up && c != rc) {
                donors.computeIfAbsent(c, k -> projection(k, projected[k]));
            }
        }
        ClassProjection r = projection(rc, projected[rc]);
        ClassInfo info = p.classes[rc];
        String from = donors.values().stream().map(d -> d.serviceClass() + (d.discretionary() ? " (discretionary)"
                : " (" + d.importance().label() + ")")).toList().toString();
        String why = raised == 0
                ? String.format(Locale.ROOT, "no server on %s needs more CPU than it gets: ", view.host())
                : r.piBefore() > 1
                ? String.format(Locale.ROOT, "%s (%s, %s) missed its goal with PI %.2f: ", info.key(),
                info.importance().label(), info.goalText(), r.piBefore())
                : String.format(Locale.ROOT, "%s (%s, %s) gets more of what it wants (PI %.2f): ", info.key(),
                info.importance().label(), info.goalText(), r.piBefore());
        String reason = why + String.format(Locale.ROOT, "shares set to the host's plan (%d %s raised, %d lowered%s);"
                        + " projected PI %.2f", raised, raised == 1 ? "server" : "servers", lowered,
                donors.isEmpty() ? "" : ", from " + from.substring(1, from.length() - 1), r.piProjected());
        return new Adjustment(view.host(), r, List.copyOf(donors.values()), changes, reason);
    }

    private ClassProjection projection(int c, double projectedPi) {
        ClassInfo info = p.classes[c];
        ClassMeasurement m = view.classes().get(info.key());
        return new ClassProjection(info.key(), info.importance(), info.isDiscretionary(),
                m == null ? Double.NaN : m.worstServerPi(), projectedPi);
    }

    /**
     * The class the adjustment is reported for: the most important class that misses its goal and whose
     * shares rise ({@link AdjustmentRules#RECEIVER_ORDER}); else the one whose shares rise most; if none
     * rises (shares only given back), the most important class.
     */
    private int receiver(long[] after) {
        boolean[] rises = new boolean[p.classes.length];
        long[] gain = new long[p.classes.length];
        for (int i = 0; i < p.n; i++) {
            long d = after[i] - p.servers.get(i).shares();
            if (d > 0) {
                rises[p.classIndex[i]] = true;
                gain[p.classIndex[i]] += d;
            }
        }
        List<ClassMeasurement> missing = view.classes().values().stream().filter(ClassMeasurement::hasVelocity)
                .filter(AdjustmentRules::isReceiver).sorted(AdjustmentRules.RECEIVER_ORDER).toList();
        for (ClassMeasurement m : missing) {
            int c = p.classId(m.serviceClass().key());
            if (c >= 0 && rises[c]) {
                return c;
            }
        }
        int best = 0;
        for (int c = 1; c < gain.length; c++) {
            if (gain[c] > gain[best]) {
                best = c;
            }
        }
        if (gain[best] > 0) {
            return best;
        }
        return view.classes().values().stream().filter(ClassMeasurement::hasVelocity).sorted(AdjustmentRules.RECEIVER_ORDER)
                .mapToInt(m -> p.classId(m.serviceClass().key())).filter(c -> c >= 0).findFirst().orElse(0);
    }
}
