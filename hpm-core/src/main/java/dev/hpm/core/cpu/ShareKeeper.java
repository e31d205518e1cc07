package dev.hpm.core.cpu;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Which servers of a re-plan keep their current shares ({@link SharePlan}, docs/cpu-manager.md, "Keep
 * by importance"): as many as can while the host, projected under CFS ({@link CfsProjection}), still
 * gives every managed server what it is assured. Fewer servers change, so fewer change direction from
 * one re-plan to the next.
 *
 * <ol>
 *   <li><b>Unaffected</b>: a changed server that the planned shares satisfy (it gets all it can use)
 *       and whose current shares would satisfy too, at the same water level, keeps them: under
 *       water-filling a satisfied server's weight changes nobody's CPU, so these are kept at once,
 *       without a projection.</li>
 *   <li><b>In order</b>: the others are offered one by one, first those whose planned change would
 *       undo their last one, then the more important before the less, then those whose change is
 *       smallest relative to their shares; each keeps its shares if every promise still holds with it
 *       and every server offered before it. Runs that can be kept are found by bisection; a server that
 *       cannot be kept ends a run and the next run starts after it, for at most {@link #RUNS} runs
 *       ({@code RUNS · log n} projections), the rest change as planned.</li>
 * </ol>
 * At least one server stays changed: keeping all is no change, which the steady-state test refused.
 * None is kept when the planned shares themselves fall short of a promise, as when the step bounds
 * hold them back (a stall short of the plan would follow).
 */
final class ShareKeeper {
    /**
     * How many runs the ordered pass looks for. On the random scenarios (seeds 1–4) three runs gave
     * the figures of offering every server one by one within a point and one scenario per seed, with
     * 3 log n projections instead of n; one run left 30/39/32/40 of 200 scenarios above the reversal
     * bound instead of 26/27/21/30 (docs/cpu-manager.md).
     */
    static final int RUNS = 3;

    private final Projection p;
    private final double[] assured;

    /**
     * @param assured what each server must still be given, within {@link GroupLimits#TOLERANCE}, when
     *                others keep their shares
     */
    ShareKeeper(Projection p, double[] assured) {
        this.p = p;
        this.assured = assured;
    }

    /**
     * The planned shares with as many servers kept at their current shares as can be.
     *
     * @param undoes whether each server's planned change would undo its last one
     * @param order  each server's importance order, 0 the most important
     */
    long[] keep(long[] planned, boolean[] undoes, int[] order) {
        List<Integer> changed = new ArrayList<>();
        for (int i = 0; i < p.n; i++) {
            if (planned[i] != current(i)) {
                changed.add(i);
            }
        }
        double[] allocation = p.allocate(weights(planned)).clone();
        if (changed.size() < 2 || !gives(allocation)) {
            return planned; // nothing to keep, or the plan itself falls short of a promise this interval
        }
        long[] kept = planned.clone();
        int stillChanged = keepUnaffected(planned, allocation, changed, kept);
        double[] size = new double[p.n];
        for (int i : changed) {
            size[i] = Math.abs(planned[i] - current(i)) / (double) Math.max(current(i), 1);
        }
        changed.sort(Comparator.comparing((Integer i) -> !undoes[i]).thenComparingInt(i -> order[i])
                .thenComparingDouble(i -> size[i]));
        int from = 0;
        for (int run = 0; run < RUNS && from < changed.size() && stillChanged >= 2; run++) {
            int length = keepableRun(kept, changed, from, Math.min(changed.size() - from, stillChanged - 1));
            for (int k = 0; k < length; k++) {
                int i = changed.get(from + k);
                kept[i] = current(i);
            }
            stillChanged -= length;
            from += length + 1; // the next server cannot be kept with these: it changes
        }
        return kept;
    }

    /**
     * Keeps every changed server that the planned shares satisfy and its current shares would satisfy
     * at the planned water level; removes them from {@code changed}. Returns how many servers still change.
     */
    private int keepUnaffected(long[] planned, double[] allocation, List<Integer> changed, long[] kept) {
        double level = Double.POSITIVE_INFINITY;
        for (int i = 0; i < p.n; i++) {
            if (!satisfied(i, allocation)) {
                level = Math.min(level, allocation[i] / planned[i]);
            }
        }
        int stillChanged = changed.size();
        List<Integer> rest = new ArrayList<>();
        for (int i : changed) {
            if (stillChanged >= 2 && satisfied(i, allocation) && p.bounds[i] <= level * current(i)) {
                kept[i] = current(i);
                stillChanged--;
            } else {
                rest.add(i);
            }
        }
        changed.clear();
        changed.addAll(rest);
        return stillChanged;
    }

    private boolean satisfied(int i, double[] allocation) {
        return allocation[i] >= p.bounds[i] * (1 - 1e-9);
    }

    /** The longest run of {@code changed} from {@code from}, at most {@code most} long, that can keep its shares too. */
    private int keepableRun(long[] kept, List<Integer> changed, int from, int most) {
        int lo = 0;
        int hi = most;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            long[] trial = kept.clone();
            for (int k = 0; k < mid; k++) {
                int i = changed.get(from + k);
                trial[i] = current(i);
            }
            if (gives(p.allocate(weights(trial)))) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    private long current(int i) {
        return p.servers.get(i).shares();
    }

    private static double[] weights(long[] shares) {
        double[] w = new double[shares.length];
        for (int i = 0; i < shares.length; i++) {
            w[i] = shares[i];
        }
        return w;
    }

    /** Whether {@code allocation} gives every managed server what it is assured, within {@link GroupLimits#TOLERANCE}. */
    private boolean gives(double[] allocation) {
        return p.covers(allocation, assured, GroupLimits.TOLERANCE);
    }
}
