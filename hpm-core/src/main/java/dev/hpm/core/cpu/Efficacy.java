package dev.hpm.core.cpu;

import dev.hpm.core.measure.ClassMeasurement;
import dev.hpm.core.measure.HostMeasurement;

import java.util.Arrays;
import java.util.List;

/**
 * The efficacy record of adjustments (docs/cpu-manager.md, efficacy; as OpenStack Watcher keeps
 * one for its action plans): an adjustment projects its receiver's PI, and the PI achieved is the
 * receiver class's worst-server PI measured on the same host over the next interval. The gap is
 * the projection error; its distribution says how far the manager's projections can be trusted.
 */
public final class Efficacy {
    private Efficacy() {
    }

    /**
     * One adjustment's projection and outcome.
     *
     * @param projectedPi the receiver's PI the adjustment projected
     * @param achievedPi  the receiver's PI over the next interval
     */
    public record Outcome(double projectedPi, double achievedPi) {
        public double absoluteError() {
            return Math.abs(achievedPi - projectedPi);
        }
    }

    /**
     * The outcome of {@code adjustment} given the next interval's measurement of its host; NaN as
     * achieved when the receiver had no velocity then (idle, gone, no data).
     */
    public static Outcome outcome(Adjustment adjustment, HostMeasurement next) {
        ClassMeasurement m = next == null ? null : next.classes().get(adjustment.receiver().serviceClass());
        double achieved = m == null || !m.hasVelocity() ? Double.NaN : m.worstServerPi();
        return new Outcome(adjustment.receiver().piProjected(), achieved);
    }

    /**
     * The distribution of absolute projection errors over outcomes with an achieved PI.
     *
     * @param count adjustments with an outcome
     */
    public record Errors(int count, double median, double p90, double max) {
        public static Errors of(List<Outcome> outcomes) {
            double[] e = outcomes.stream().filter(o -> !Double.isNaN(o.achievedPi()) && !Double.isNaN(o.projectedPi()))
                    .mapToDouble(Outcome::absoluteError).sorted().toArray();
            if (e.length == 0) {
                return new Errors(0, Double.NaN, Double.NaN, Double.NaN);
            }
            return new Errors(e.length, rank(e, 0.5), rank(e, 0.9), e[e.length - 1]);
        }

        private static double rank(double[] sorted, double q) {
            double pos = q * (sorted.length - 1);
            int lo = (int) Math.floor(pos);
            int hi = Math.min(lo + 1, sorted.length - 1);
            return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Errors x && x.count == count && Arrays.equals(new double[]{median, p90, max},
                    new double[]{x.median, x.p90, x.max});
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(new double[]{count, median, p90, max});
        }
    }
}
