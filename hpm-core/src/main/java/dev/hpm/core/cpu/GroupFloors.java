package dev.hpm.core.cpu;

import dev.hpm.core.measure.ClassMeasurement;
import dev.hpm.core.model.ClassInfo;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Enforces groups' CPU minima with shares, before any goal is weighed (docs/cpu-manager.md, group
 * limits; z/OS WLM's resource-group minimum). A managed server whose projected allocation under
 * the current shares, or whose measured use while it wanted more, is below its floor
 * ({@link GroupLimits}) has its shares raised until the projection gives it its floor with a
 * margin ({@link GroupLimits#TOLERANCE}) for the scheduler's jitter; nobody else's shares change,
 * so every other server loses in proportion to its weight. The raise is bounded by the maximum
 * shares and is one adjustment: the host's one change of the interval.
 */
final class GroupFloors {
    private static final int ROUNDS = 40;

    private GroupFloors() {
    }

    /** The adjustment that restores every floor, or null if every floor is held (or none can be raised). */
    static Adjustment restore(HostView view, Projection p, double[] caps, CpuManagerSettings settings) {
        if (!p.anyFloor) {
            return null;
        }
        double[] now = p.allocate(p.shares).clone();
        boolean[] short_ = new boolean[p.n];
        boolean any = false;
        for (int i = 0; i < p.n; i++) {
            VsView v = p.servers.get(i);
            if (v.managed() && p.floor[i] > 0) {
                boolean wantsMore = p.demand[i] > v.usingCpus() * (1 + GroupLimits.TOLERANCE);
                short_[i] = now[i] < p.floor[i] || (wantsMore && v.usingCpus() < p.floor[i] * (1 - GroupLimits.TOLERANCE));
                any |= short_[i];
            }
        }
        if (!any) {
            return null;
        }
        double[] w = p.shares.clone();
        for (int round = 0; round < ROUNDS; round++) {
            double[] a = p.allocate(w);
            boolean done = true;
            for (int i = 0; i < p.n; i++) {
                double want = p.floor[i] * (1 + GroupLimits.TOLERANCE);
                if (short_[i] && a[i] < Math.min(want, p.bounds[i]) - 1e-9 && w[i] < settings.maxShares()) {
                    done = false;
                    double factor = a[i] > 0 ? Math.min(want / a[i], settings.maxStepFactor()) : settings.maxStepFactor();
                    w[i] = Math.min(settings.maxShares(), w[i] * Math.max(factor, 1.01));
                }
            }
            if (done) {
                break;
            }
        }
        return adjustment(view, p, w, caps, short_);
    }

    private static Adjustment adjustment(HostView view, Projection p, double[] w, double[] caps, boolean[] short_) {
        List<ShareChange> changes = new ArrayList<>();
        StringBuilder groups = new StringBuilder();
        int first = -1;
        for (int i = 0; i < p.n; i++) {
            VsView v = p.servers.get(i);
            long after = Math.round(w[i]);
            if (!short_[i] || after <= v.shares()) {
                continue;
            }
            first = first < 0 ? i : first;
            changes.add(new ShareChange(v.uuid(), v.name(), v.serviceClass().key(), ShareChange.Role.RECEIVER,
                    v.shares(), after, v.capCpus(), caps[i]));
            String group = v.serviceClass().key().group();
            if (groups.indexOf(group) < 0) {
                groups.append(groups.isEmpty() ? "" : ", ").append(group);
            }
        }
        if (first < 0) {
            return null;
        }
        double[] pis = new double[p.classes.length];
        p.classPis(w, pis);
        ClassInfo info = p.servers.get(first).serviceClass();
        ClassMeasurement m = view.classes().get(info.key());
        double before = m == null ? Double.NaN : m.worstServerPi();
        ClassProjection receiver = new ClassProjection(info.key(), info.importance(), info.isDiscretionary(), before,
                pis[p.classIndex[first]]);
        String reason = String.format(Locale.ROOT,
                "group %s got less than its CPU minimum on %s: raised the shares of %d server%s to give it its minimum"
                        + " before any goal is weighed", groups, view.host(), changes.size(), changes.size() == 1 ? "" : "s");
        return new Adjustment(view.host(), receiver, List.of(), changes, reason);
    }
}
