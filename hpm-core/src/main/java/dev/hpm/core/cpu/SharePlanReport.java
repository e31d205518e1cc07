package dev.hpm.core.cpu;

import dev.hpm.core.measure.ClassMeasurement;
import dev.hpm.core.model.ClassInfo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How a change of the plan strategy ({@link SharePlan}) is reported: an {@link Adjustment} for the most
 * important class that missed its goal and gains shares, with the classes lowered as its donors, the
 * servers raised ({@code RECEIVER}) and lowered ({@code DONOR}), and the PI projected under the new
 * shares (corrected by the model's bias, as for the receiver strategy), which the efficacy record
 * compares with the next interval's. Pure.
 */
final class SharePlanReport {
    private SharePlanReport() {
    }

    /** The adjustment that sets {@code after}: for which class, from which donors, and why. */
    static Adjustment adjustment(HostView view, Projection p, double[] caps, long[] after) {
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
        int rc = receiver(view, p, after);
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
                donors.computeIfAbsent(c, k -> projection(view, p, k, projected[k]));
            }
        }
        ClassProjection r = projection(view, p, rc, projected[rc]);
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

    private static ClassProjection projection(HostView view, Projection p, int c, double projectedPi) {
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
    private static int receiver(HostView view, Projection p, long[] after) {
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
