package dev.hpm.core.cpu;

import dev.hpm.core.measure.ClassMeasurement;
import dev.hpm.core.model.ClassInfo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The CPU manager's search for one receiver (docs/cpu-manager.md): which donors, tier by tier, and
 * how far, so that the receiver reaches the target PI while every protected class stays under its
 * ceiling. Donors shed shares tier by tier ({@link AdjustmentRules#donorTier}): the search variable
 * {@code x ∈ [0, tiers]} lets tier {@code t} shed the fraction {@code clamp(x − t, 0, 1)} of what it
 * may shed, so a later tier is touched only when the earlier ones are exhausted. Projected PIs are
 * monotone in {@code x}, so two bisections find the largest move that keeps protected classes under
 * their ceilings and the smallest move that reaches the target. One use: build, {@link #run()}.
 */
final class ReceiverSearch {
    private static final int BISECTIONS = 24;
    private static final double SEARCH_MARGIN = 0.01;

    /** What the search found: a move worth making, or why the receiver cannot be helped. */
    sealed interface Outcome {
        /** The receiver is helped by this adjustment. */
        record Helped(Adjustment adjustment) implements Outcome {
        }

        /** The receiver cannot be helped, and why. */
        record NotHelped(NoAction.ReceiverAssessment assessment) implements Outcome {
        }
    }

    private final CpuManagerSettings settings;
    private final HostView view;
    private final Projection p;
    private final ClassMeasurement receiver;
    private final ClassInfo info;
    private final int rc;
    private final double[] caps;
    private final double[] piNow;
    private final double[] pis;
    private final double[] weights;
    private final double[] gain;
    private final double[] shed;
    private final double[] share;
    private final List<int[]> tiers = new ArrayList<>();
    private final double[] ceiling;
    private final double[] bias;
    private final double target;
    private final double[] required;
    private final List<Integer> receiverServers = new ArrayList<>();
    /**
     * The receiver's servers that shares can help: not held by their cap ({@link AdjustmentRules#isHeldByCap}).
     * The search aims at their PI: a capped server's PI is its cap's doing, and aiming at it would
     * take every donor's shares for nothing.
     */
    private final List<Integer> helpable = new ArrayList<>();
    private boolean donorClassExists;

    ReceiverSearch(CpuManagerSettings settings, HostView view, Projection p, ClassMeasurement receiver,
                   ShareLedger ledger, long interval, double[] caps) {
        this.settings = settings;
        this.view = view;
        this.p = p;
        this.receiver = receiver;
        this.info = receiver.serviceClass();
        this.rc = p.classId(info.key());
        this.caps = caps;
        this.piNow = new double[p.classes.length];
        this.pis = new double[p.classes.length];
        this.weights = new double[p.n];
        this.gain = new double[p.n];
        this.shed = new double[p.n];
        this.share = new double[p.n];
        this.ceiling = new double[p.classes.length];
        this.bias = new double[p.classes.length];
        p.classPis(p.shares, piNow);
        double[] measured = new double[p.classes.length];
        for (int c = 0; c < p.classes.length; c++) {
            ClassMeasurement m = view.classes().get(p.classes[c].key());
            measured[c] = m == null ? Double.NaN : m.worstServerPi();
            bias[c] = AdjustmentRules.modelBias(piNow[c], measured[c]);
        }
        this.target = settings.targetPi() * bias[rc];
        double[] allocation = p.allocate(p.shares).clone();
        // no donor is taken below its group's CPU minimum with GroupFloors' margin (or below what it gets now, if less)
        this.required = new double[p.n];
        for (int i = 0; i < p.n; i++) {
            required[i] = p.floor[i] > 0 ? Math.min(p.floor[i] * (1 + GroupLimits.TOLERANCE), allocation[i]) * (1 - 1e-9) : 0;
        }
        // the receiver's gain goes to its servers in proportion to how far each is from the target: for a
        // velocity goal the CPU it lacks for the target velocity, for a response-time goal the CPU it lacks
        // if it is slower than the target (a server without a PI of its own counts as slow)
        double goal = info.goalVelocity() / 100.0 / settings.targetPi();
        boolean responseTime = info.goal() instanceof dev.hpm.core.model.Goal.ResponseTime;
        double deficit = 0;
        for (int i = 0; i < p.n; i++) {
            VsView v = p.servers.get(i);
            if (p.classIndex[i] == rc && v.managed() && p.measured[i]) {
                receiverServers.add(i);
                gain[i] = AdjustmentRules.receiverCeiling(v.shares(), settings) - v.shares();
                double wanted = !responseTime ? Math.min(goal, 1) * p.demand[i]
                        : !(v.responsePi() <= settings.targetPi()) ? p.demand[i] : 0;
                // only the CPU it lacks and may use: nothing above its cap
                share[i] = Math.max(Math.min(wanted, p.bounds[i]) - allocation[i], 0);
                if (!AdjustmentRules.isHeldByCap(allocation[i], caps[i], p.demand[i])) {
                    helpable.add(i);
                }
                deficit += share[i];
            }
        }
        for (int i : receiverServers) {
            share[i] = deficit > 0 ? share[i] / deficit : 1.0 / receiverServers.size();
        }
        Map<Double, List<Integer>> byTier = new TreeMap<>();
        boolean[] donorClass = new boolean[p.classes.length];
        for (int i = 0; i < p.n; i++) {
            VsView v = p.servers.get(i);
            ClassMeasurement c = view.classes().get(v.serviceClass().key());
            double tier = c == null ? -1 : AdjustmentRules.donorTier(c, info, settings);
            donorClassExists |= tier >= 0;
            if (tier >= 0 && AdjustmentRules.serverMayDonate(v, ledger, interval, settings)) {
                shed[i] = v.shares() - AdjustmentRules.donorFloor(v.shares(), settings);
                if (shed[i] > 0) {
                    byTier.computeIfAbsent(tier, t -> new ArrayList<>()).add(i);
                    donorClass[p.classIndex[i]] = true;
                }
            }
        }
        byTier.values().forEach(list -> tiers.add(list.stream().mapToInt(Integer::intValue).toArray()));
        for (int c = 0; c < p.classes.length; c++) {
            double now = Double.isNaN(measured[c]) ? piNow[c] : measured[c];
            ceiling[c] = AdjustmentRules.protectedCeiling(p.classes[c], info, donorClass[c], now, settings) * bias[c];
        }
    }

    Outcome run() {
        if (isCapped()) {
            return assessment(NoAction.Reason.RECEIVER_CAPPED, String.format(Locale.ROOT,
                    "%s misses its goal (PI %.2f) but its group's CPU maximum holds it", info.key(), receiver.worstServerPi()));
        }
        if (tiers.isEmpty()) {
            boolean atMaximum = receiverServers.stream().allMatch(i -> gain[i] <= 0);
            return atMaximum
                    ? assessment(NoAction.Reason.RECEIVER_AT_MAXIMUM, String.format(Locale.ROOT,
                    "%s misses its goal (PI %.2f) but has the most shares HPM gives and nobody can donate more",
                    info.key(), receiver.worstServerPi()))
                    : donorClassExists
                    ? assessment(NoAction.Reason.NO_DONORS, String.format(Locale.ROOT,
                    "%s misses its goal (PI %.2f) with all the CPU HPM can give it here: every server that may"
                            + " donate is at the minimum shares or cooling down", info.key(), receiver.worstServerPi()))
                    : assessment(NoAction.Reason.NO_DONORS, String.format(Locale.ROOT,
                    "%s misses its goal (PI %.2f) but no server may donate CPU to it (none is less important"
                            + " or beats its goal by the margin)", info.key(), receiver.worstServerPi()));
        }
        double top = tiers.size();
        double highest = feasible(top) ? top : bisectFeasible(top);
        if (highest < 1e-3) {
            return assessment(NoAction.Reason.DONORS_PROTECTED, String.format(Locale.ROOT,
                    "%s misses its goal (PI %.2f) but every donor would push work of equal or higher importance"
                            + " off its goal", info.key(), receiver.worstServerPi()));
        }
        double x = piAt(highest) > target ? highest : bisectTarget(highest);
        return build(x);
    }

    private boolean isCapped() {
        double[] now = p.allocate(p.shares);
        boolean any = false;
        for (int i = 0; i < p.n; i++) {
            if (p.classIndex[i] == rc && p.measured[i]) {
                if (!AdjustmentRules.isHeldByCap(now[i], caps[i], p.demand[i])) {
                    return false;
                }
                any = true;
            }
        }
        return any;
    }

    private void weightsAt(double x, double[] out) {
        System.arraycopy(p.shares, 0, out, 0, p.n);
        double total = 0;
        for (int t = 0; t < tiers.size(); t++) {
            double fraction = Math.min(1, x - t);
            if (fraction <= 0) {
                break;
            }
            for (int j : tiers.get(t)) {
                out[j] -= fraction * shed[j];
                total += fraction * shed[j];
            }
        }
        for (int i : receiverServers) {
            out[i] += Math.min(gain[i], total * share[i]);
        }
    }

    /** The search keeps a little below the ceilings so that rounding shares cannot cross them. */
    private boolean feasible(double x) {
        weightsAt(x, weights);
        return withinCeilings(weights, SEARCH_MARGIN);
    }

    private boolean withinCeilings(double[] w, double margin) {
        p.classPis(w, pis);
        if (!p.holds(required)) {
            return false;
        }
        for (int c = 0; c < pis.length; c++) {
            if (pis[c] > Math.max(ceiling[c] - margin, piNow[c])) {
                return false;
            }
        }
        return true;
    }

    private double piAt(double x) {
        weightsAt(x, weights);
        return helpablePi(weights);
    }

    /**
     * The worst PI among the receiver's helpable servers under {@code w} (the class's PI if every
     * server is helpable, or none of them is measured).
     */
    private double helpablePi(double[] w) {
        p.classPis(w, pis);
        if (helpable.size() == receiverServers.size()) {
            return pis[rc];
        }
        double worst = Double.NaN;
        for (int i : helpable) {
            double pi = p.serverPi(i);
            if (!Double.isNaN(pi) && (Double.isNaN(worst) || pi > worst)) {
                worst = pi;
            }
        }
        return Double.isNaN(worst) ? pis[rc] : worst;
    }

    private double bisectFeasible(double top) {
        double lo = 0;
        double hi = top;
        for (int k = 0; k < BISECTIONS; k++) {
            double mid = (lo + hi) / 2;
            if (feasible(mid)) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private double bisectTarget(double highest) {
        double lo = 0;
        double hi = highest;
        for (int k = 0; k < BISECTIONS; k++) {
            double mid = (lo + hi) / 2;
            if (piAt(mid) <= target) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        return hi;
    }

    private Outcome build(double x) {
        weightsAt(x, weights);
        long[] after = new long[p.n];
        boolean changed = false;
        boolean receiverChanged = false;
        for (int i = 0; i < p.n; i++) {
            long before = p.servers.get(i).shares();
            long proposed = Math.round(weights[i]);
            after[i] = AdjustmentRules.isSignificantStep(before, proposed, settings) ? proposed : before;
            changed |= after[i] != before;
            receiverChanged |= after[i] != before && p.classIndex[i] == rc;
            weights[i] = after[i];
        }
        double before = receiver.worstServerPi();
        if (!changed) {
            return assessment(NoAction.Reason.NO_MATERIAL_IMPROVEMENT, String.format(Locale.ROOT,
                    "%s misses its goal (PI %.2f) but the possible share change is below the minimum step",
                    info.key(), receiver.worstServerPi()));
        }
        if (!withinCeilings(weights, 0)) {
            return assessment(NoAction.Reason.DONORS_PROTECTED, String.format(Locale.ROOT,
                    "%s misses its goal (PI %.2f) but the rounded move would push protected work off its goal",
                    info.key(), receiver.worstServerPi()));
        }
        boolean someCapped = helpable.size() < receiverServers.size();
        double helpedBefore = someCapped ? helpablePi(p.shares) / bias[rc] : before;
        // leaves pis as projected under the move, for the report
        double helped = someCapped ? helpablePi(weights) / bias[rc] : pis[rc] / bias[rc];
        double projected = pis[rc] / bias[rc];
        if (!AdjustmentRules.isMaterial(helpedBefore, helped, settings)) {
            return assessment(NoAction.Reason.NO_MATERIAL_IMPROVEMENT, String.format(Locale.ROOT,
                    "%s misses its goal (PI %.2f) but the best move improves its projected PI only from %.2f to %.2f",
                    info.key(), receiver.worstServerPi(), before, projected));
        }
        return new Outcome.Helped(adjustment(after, projected, receiverChanged));
    }

    private Adjustment adjustment(long[] after, double projected, boolean receiverChanged) {
        List<ShareChange> changes = new ArrayList<>();
        Map<Integer, ClassProjection> donors = new LinkedHashMap<>();
        long moved = 0;
        for (int i = 0; i < p.n; i++) {
            VsView v = p.servers.get(i);
            if (after[i] == v.shares()) {
                continue;
            }
            boolean isReceiver = p.classIndex[i] == rc;
            changes.add(new ShareChange(v.uuid(), v.name(), v.serviceClass().key(),
                    isReceiver ? ShareChange.Role.RECEIVER : ShareChange.Role.DONOR, v.shares(), after[i],
                    v.capCpus(), caps[i]));
            if (!isReceiver) {
                moved += v.shares() - after[i];
                int c = p.classIndex[i];
                ClassInfo d = p.classes[c];
                ClassMeasurement m = view.classes().get(d.key());
                donors.computeIfAbsent(c, k -> new ClassProjection(d.key(), d.importance(), d.isDiscretionary(),
                        m.worstServerPi(), pis[c] / bias[c]));
            }
        }
        String from = donors.values().stream().map(d -> d.serviceClass() + (d.discretionary() ? " (discretionary)"
                : " (" + d.importance().label() + ")")).toList().toString();
        String missed = String.format(Locale.ROOT, "%s (%s, %s) missed its goal with PI %.2f: ", info.key(),
                info.importance().label(), info.goalText(), receiver.worstServerPi());
        String reason = donors.isEmpty()
                // no donor lowered: the receiver's raise takes its part of the host from every other server alike
                ? missed + String.format(Locale.ROOT, "raised its shares by %d, no donor lowered (every other server's "
                + "part of the host falls a little); projected PI %.2f", raised(after), projected)
                : missed + String.format(Locale.ROOT, "%s %d shares from %s; projected PI %.2f",
                receiverChanged ? "moved" : "lowered donors by", moved, from.substring(1, from.length() - 1), projected);
        ClassProjection r = new ClassProjection(info.key(), info.importance(), false, receiver.worstServerPi(), projected);
        return new Adjustment(view.host(), r, List.copyOf(donors.values()), changes, reason);
    }

    /** The shares the receiver's servers gain under {@code after}. */
    private long raised(long[] after) {
        long raised = 0;
        for (int i = 0; i < p.n; i++) {
            if (p.classIndex[i] == rc) {
                raised += after[i] - p.servers.get(i).shares();
            }
        }
        return raised;
    }

    private Outcome assessment(NoAction.Reason reason, String message) {
        ClassProjection r = new ClassProjection(info.key(), info.importance(), false, receiver.worstServerPi(),
                piNow[rc] / bias[rc]);
        return new Outcome.NotHelped(new NoAction.ReceiverAssessment(r, reason, message));
    }
}
