package dev.hpm.core.cpu;

import dev.hpm.core.measure.ClassMeasurement;
import dev.hpm.core.model.ClassInfo;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Share return (docs/cpu-manager.md, "Share return"): a class that holds shares HPM gave it, and no
 * longer needs them, gives them back, a bounded step per interval, to the servers HPM took shares from.
 * Without it a donor's shares only ever fall, and the low importance levels starve once more important
 * work bursts into the weight it was given (the starvation of issue 12). The counterpart of the
 * receiver search, with hysteresis so the two do not undo each other:
 *
 * <ul>
 *   <li>the <em>returner</em> is a class with a goal, some managed server above its shares from before
 *       HPM ({@link ShareLedger#original}), a measured PI of at most {@link CpuManagerSettings#returnPi},
 *       and no server whose shares rose in the last {@link CpuManagerSettings#returnAfterIntervals}
 *       (comfortably on goal that long: a class that missed its goal would have been raised);</li>
 *   <li>the <em>recipients</em> are managed servers of other classes below their shares from before HPM
 *       whose shares did not fall in the last {@link CpuManagerSettings#returnHoldIntervals} (a recent move
 *       is not undone): those of classes missing their goal if there are any, else those of other classes
 *       with a goal; never discretionary work, which has no goal to gain and is the first donor of every
 *       receiver (returns to it were undone at the next burst: in {@code scenarios/planetlab.yaml} the
 *       reversals rose from 127 to 2000);</li>
 *   <li>each server moves at most by {@link CpuManagerSettings#returnStepFactor} and never past its shares
 *       from before HPM; the largest fraction of that step is made for which the {@link Projection}
 *       (bias-corrected as in {@link ReceiverSearch}) keeps the returner at or below the return PI, every
 *       other class with a goal at or below PI 1 (or no worse than now) and every group minimum held, and
 *       keeps them so when the returner and every class at least as important want all their vCPUs
 *       ({@link #appetite}), so that a return does not take what their next burst needs.</li>
 * </ul>
 *
 * <p>It is the host's one adjustment of the interval and is made only when no receiver was helped
 * (WLM's policy adjustment likewise gives back resources only when no goal needs them: J. Aman et al.,
 * IBM Systems Journal 36(2), 1997). The ledger does not keep who gave to whom: on one host a share is a
 * share, and every server below its old shares gave them to some receiver above its own.
 */
final class ShareReturn {
    private static final int BISECTIONS = 24;

    private final CpuManagerSettings settings;
    private final HostView view;
    private final Projection p;
    private final double[] caps;
    private final double[] piNow;
    private final double[] measured;
    private final double[] bias;
    private final double[] required;
    private final double[] pis;
    private final double[] weights;
    private final double[] move;
    private final boolean[] recipientClass;
    private final int returner;
    /** The host with the returner and every class at least as important wanting all their vCPUs ({@link #appetite}). */
    private final Projection appetite;
    private final double[] appetitePis;
    private final double[] appetiteCeiling;

    private ShareReturn(CpuManagerSettings settings, HostView view, Projection p, double[] caps, int returner,
                        double[] move, boolean[] recipientClass, double[] piNow, double[] measured, double[] bias,
                        Projection appetite) {
        this.appetite = appetite;
        this.appetitePis = new double[p.classes.length];
        appetite.classPis(appetite.shares, appetitePis);
        this.appetiteCeiling = new double[p.classes.length];
        for (int c = 0; c < p.classes.length; c++) {
            appetiteCeiling[c] = !guarded(p, returner, c) || recipientClass[c] || Double.isNaN(appetitePis[c])
                    ? Double.POSITIVE_INFINITY
                    : Math.max((c == returner ? settings.returnPi() : 1) * bias[c], appetitePis[c]);
        }
        this.settings = settings;
        this.view = view;
        this.p = p;
        this.caps = caps;
        this.returner = returner;
        this.move = move;
        this.recipientClass = recipientClass;
        this.piNow = piNow;
        this.measured = measured;
        this.bias = bias;
        this.required = p.required();
        this.pis = new double[p.classes.length];
        this.weights = new double[p.n];
    }

    /** The return to make this interval, or null if no class should return shares. */
    static Adjustment find(CpuManagerSettings settings, HostView view, Projection p, ShareLedger ledger,
                           long interval, double[] caps) {
        if (settings.returnStepFactor() <= 1 || !ledger.hasOriginals()) {
            return null;
        }
        double[] piNow = new double[p.classes.length];
        double[] measured = new double[p.classes.length];
        double[] bias = new double[p.classes.length];
        p.calibrate(view, piNow, measured, bias);
        List<Integer> returners = returners(settings, view, p, ledger, interval, measured);
        for (int rc : returners) {
            double[] move = new double[p.n];
            boolean[] recipientClass = new boolean[p.classes.length];
            if (!plan(settings, view, p, ledger, interval, rc, move, recipientClass)) {
                continue;
            }
            Adjustment a = new ShareReturn(settings, view, p, caps, rc, move, recipientClass, piNow, measured, bias,
                    appetite(view, p, caps, rc)).run();
            if (a != null) {
                return a;
            }
        }
        return null;
    }

    /** Whether class {@code c} is judged at full appetite in a return from {@code returner}: it is the returner or outranks it. */
    private static boolean guarded(Projection p, int returner, int c) {
        ClassInfo k = p.classes[c];
        return c == returner || !k.isDiscretionary() && k.importanceOrder() <= p.classes[returner].importanceOrder();
    }

    /**
     * The host with the servers of the returner {@code rc}, and of every class at least as important, that ran this
     * interval wanting all their vCPUs (within their caps): a return is made only if neither would miss that CPU even then, so it does
     * not take what the next burst of more important work needs (random seed 4, scenario 192: a capped high class
     * returned shares to the lower levels while the highest class's demand was in a trough, and the highest class
     * then missed its goal at its peak).
     */
    private static Projection appetite(HostView view, Projection p, double[] caps, int rc) {
        List<VsView> servers = new ArrayList<>();
        for (int i = 0; i < p.n; i++) {
            VsView v = p.servers.get(i);
            servers.add(!guarded(p, rc, p.classIndex[i]) || !v.hasVelocity() ? v : new VsView(v.uuid(), v.name(),
                    v.serviceClass(), v.level(), v.vcpus(), v.shares(), v.capCpus(), v.vcpus(), v.usingCpus(), true,
                    v.responsePi()));
        }
        HostView full = new HostView(view.host(), view.level(), view.capacityCpus(), servers, view.classes(),
                view.groupMaximum(), view.groupMinimum());
        return new Projection(full, caps, p.floor);
    }

    /** Classes that may return shares, most comfortable (lowest measured PI) first. */
    private static List<Integer> returners(CpuManagerSettings settings, HostView view, Projection p, ShareLedger ledger,
                                           long interval, double[] measured) {
        boolean[] holds = new boolean[p.classes.length];
        boolean[] raised = new boolean[p.classes.length];
        for (int i = 0; i < p.n; i++) {
            VsView v = p.servers.get(i);
            int c = p.classIndex[i];
            raised[c] |= ledger.raisedWithin(v.uuid(), interval, settings.returnAfterIntervals());
            holds[c] |= v.managed() && ledger.original(v.uuid()).map(o -> v.shares() > o.shares()).orElse(false);
        }
        List<Integer> out = new ArrayList<>();
        for (int c = 0; c < p.classes.length; c++) {
            ClassMeasurement m = view.classes().get(p.classes[c].key());
            if (holds[c] && !raised[c] && !p.classes[c].isDiscretionary() && m != null && m.hasVelocity()
                    && measured[c] <= settings.returnPi()) {
                out.add(c);
            }
        }
        out.sort(Comparator.comparingDouble((Integer c) -> measured[c]));
        return out;
    }

    /**
     * Fills {@code move} with each server's largest change in a return from class {@code rc} (negative for
     * the returner's servers, positive for the recipients) and marks the recipients' classes. False if there
     * is nobody to return to.
     */
    private static boolean plan(CpuManagerSettings settings, HostView view, Projection p, ShareLedger ledger,
                                long interval, int rc, double[] move, boolean[] recipientClass) {
        double give = 0;
        for (int i = 0; i < p.n; i++) {
            VsView v = p.servers.get(i);
            ShareLedger.Original o = ledger.original(v.uuid()).orElse(null);
            if (p.classIndex[i] == rc && v.managed() && o != null && v.shares() > o.shares()) {
                long lowest = Math.max(Math.max(o.shares(), settings.minShares()),
                        (long) Math.ceil(v.shares() / settings.returnStepFactor()));
                move[i] = -Math.max(v.shares() - lowest, 0);
                give -= move[i];
            }
        }
        // recipients in tiers: classes missing their goal, then other classes with a goal; never discretionary work
        int[] tier = new int[p.n];
        int best = Integer.MAX_VALUE;
        for (int i = 0; i < p.n; i++) {
            VsView v = p.servers.get(i);
            ShareLedger.Original o = ledger.original(v.uuid()).orElse(null);
            tier[i] = -1;
            if (p.classIndex[i] != rc && v.managed() && !v.serviceClass().isDiscretionary() && o != null
                    && v.shares() < o.shares() && !ledger.loweredWithin(v.uuid(), interval, settings.returnHoldIntervals())) {
                ClassMeasurement m = view.classes().get(v.serviceClass().key());
                tier[i] = m != null && m.missesGoal() ? 0 : 1;
                best = Math.min(best, tier[i]);
            }
        }
        double take = 0;
        for (int i = 0; i < p.n; i++) {
            if (tier[i] == best) {
                long shares = p.servers.get(i).shares();
                long highest = Math.min(Math.min(ledger.original(p.servers.get(i).uuid()).orElseThrow().shares(),
                        settings.maxShares()), (long) Math.floor(shares * settings.returnStepFactor()));
                move[i] = Math.max(highest - shares, 0);
                take += move[i];
                recipientClass[p.classIndex[i]] |= move[i] > 0;
            }
        }
        if (give <= 0 || take <= 0) {
            return false;
        }
        // as many shares arrive as leave: each side scaled to the smaller of the two
        double amount = Math.min(give, take);
        for (int i = 0; i < p.n; i++) {
            move[i] *= move[i] < 0 ? amount / give : amount / take;
        }
        return true;
    }

    private Adjustment run() {
        double f = 1;
        if (!allowed(1)) {
            double lo = 0;
            double hi = 1;
            for (int k = 0; k < BISECTIONS; k++) {
                double mid = (lo + hi) / 2;
                if (allowed(mid)) {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            f = lo;
        }
        if (f < 1e-3) {
            return null;
        }
        long[] after = new long[p.n];
        boolean changed = false;
        for (int i = 0; i < p.n; i++) {
            long before = p.servers.get(i).shares();
            long proposed = Math.round(before + f * move[i]);
            after[i] = AdjustmentRules.isSignificantStep(before, proposed, settings) ? proposed : before;
            changed |= after[i] != before;
        }
        for (int i = 0; i < p.n; i++) {
            weights[i] = Math.max(after[i], 1);
        }
        if (!changed || !within(weights)) {
            return null;
        }
        return adjustment(after);
    }

    private boolean allowed(double f) {
        for (int i = 0; i < p.n; i++) {
            weights[i] = p.shares[i] + f * move[i];
        }
        return within(weights);
    }

    /**
     * Under {@code w}: the returner at or below the return PI and every other class with a goal on goal (or no
     * worse than now), both now and at full appetite ({@link #appetite}), and every group minimum held.
     */
    private boolean within(double[] w) {
        appetite.classPis(w, appetitePis);
        for (int c = 0; c < appetitePis.length; c++) {
            if (appetitePis[c] > appetiteCeiling[c] + 1e-9) {
                return false;
            }
        }
        p.classPis(w, pis);
        if (!p.holds(required)) {
            return false;
        }
        for (int c = 0; c < pis.length; c++) {
            if (Double.isNaN(pis[c]) || recipientClass[c] || p.classes[c].isDiscretionary()) {
                continue;
            }
            double ceiling = c == returner ? settings.returnPi() * bias[returner] : Math.max(bias[c], piNow[c]);
            if (pis[c] > ceiling + 1e-9) {
                return false;
            }
        }
        return true;
    }

    private Adjustment adjustment(long[] after) {
        List<ShareChange> changes = new ArrayList<>();
        Set<Integer> to = new LinkedHashSet<>();
        long returned = 0;
        for (int i = 0; i < p.n; i++) {
            VsView v = p.servers.get(i);
            if (after[i] == v.shares()) {
                continue;
            }
            boolean gives = p.classIndex[i] == returner;
            changes.add(new ShareChange(v.uuid(), v.name(), v.serviceClass().key(),
                    gives ? ShareChange.Role.DONOR : ShareChange.Role.RECEIVER, v.shares(), after[i], v.capCpus(), caps[i]));
            if (!gives) {
                returned += after[i] - v.shares();
                to.add(p.classIndex[i]);
            }
        }
        if (to.isEmpty()) {
            return null;
        }
        List<Integer> recipients = to.stream().sorted(Comparator.comparingInt((Integer c) -> p.classes[c].importanceOrder())
                .thenComparing(c -> p.classes[c].key())).toList();
        int first = recipients.getFirst();
        ClassInfo r = p.classes[first];
        ClassInfo g = p.classes[returner];
        double projected = pis[returner] / bias[returner];
        String names = String.join(", ", recipients.stream().map(c -> p.classes[c].key() + " ("
                + p.classes[c].importance().label()
                + (Double.isNaN(measured[c]) ? "" : String.format(Locale.ROOT, ", PI %.2f", measured[c])) + ")").toList());
        String reason = String.format(Locale.ROOT,
                "%s (%s, %s) beat its goal with PI %.2f and had no raise for %d intervals: returned %d shares to %s"
                        + " from %s; projected PI %.2f for %s (returns stop at %.2f)",
                g.key(), g.importance().label(), g.goalText(), measured[returner], settings.returnAfterIntervals(), returned, names,
                g.key(), projected, g.key(), settings.returnPi());
        ClassProjection receiver = new ClassProjection(r.key(), r.importance(), false, measured[first],
                pis[first] / bias[first]);
        ClassProjection donor = new ClassProjection(g.key(), g.importance(), false, measured[returner], projected);
        return new Adjustment(view.host(), receiver, List.of(donor), changes, reason);
    }
}
