package dev.hpm.sim.run;

import dev.hpm.core.model.Importance;

import java.util.List;
import java.util.Map;

/**
 * How one policy did on one scenario.
 *
 * @param attainment          per importance level, the fraction of server-intervals with PI ≤ 1 among
 *                            servers that had a velocity (a level without such servers is absent)
 * @param samples             per importance level, the number of those server-intervals
 * @param timeToGoalIntervals per disturbance, the intervals until the most important work was on goal
 *                            again (counting the first interval that ends after the disturbance as 1;
 *                            null if it never got there before the next disturbance)
 * @param adjustments         CPU-manager adjustments made
 * @param shareReversals      times a server's shares changed direction
 * @param reversalsAfterWarmup the same, after the first five intervals
 * @param reversalRate        reversals after warm-up per server per 10 intervals
 * @param meanCpuUtilisation  host CPU utilisation averaged over hosts and intervals
 * @param noActions           intervals without adjustment, by reason
 * @param limits              per group limit (CPU minimum or maximum), how often it bound and was broken
 * @param projectionErrors    the efficacy record: absolute errors between each adjustment's projected receiver
 *                            PI and the PI achieved at the next interval
 */
public record PolicyResult(PolicyKind policy, Map<Importance, Double> attainment, Map<Importance, Long> samples,
                           List<Integer> timeToGoalIntervals, int adjustments, int shareReversals,
                           int reversalsAfterWarmup, double reversalRate, long intervals, int servers,
                           double meanCpuUtilisation, Map<String, Integer> noActions, long wallMillis,
                           List<Limit> limits, dev.hpm.core.cpu.Efficacy.Errors projectionErrors) {

    public PolicyResult {
        limits = List.copyOf(limits);
    }

    /**
     * How a group's limit fared, over the host intervals after the warm-up.
     *
     * @param kind      {@code minimum} or {@code maximum}
     * @param cpus      the limit, CPUs per host
     * @param intervals host intervals counted
     * @param bound     those in which the limit decided what the group got
     * @param broken    those in which the group got more than its maximum or, wanting it, less than its minimum
     */
    public record Limit(String group, String kind, double cpus, int intervals, int bound, int broken) {
    }

    /** The outcome of one group's limit of one kind, if the scenario has it. */
    public java.util.Optional<Limit> limit(String group, String kind) {
        return limits.stream().filter(l -> l.group().equals(group) && l.kind().equals(kind)).findFirst();
    }

    /** Attainment at {@code level}, or NaN if it had no samples. */
    public double attainmentAt(Importance level) {
        Double a = attainment.get(level);
        return a == null ? Double.NaN : a;
    }
}
