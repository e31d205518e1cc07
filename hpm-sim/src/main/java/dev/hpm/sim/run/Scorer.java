package dev.hpm.sim.run;

import dev.hpm.core.cpu.Adjustment;
import dev.hpm.core.cpu.Efficacy;
import dev.hpm.core.cpu.NoAction;
import dev.hpm.core.cpu.ShareChange;
import dev.hpm.core.loop.IntervalReport;
import dev.hpm.core.measure.VsMeasurement;
import dev.hpm.core.model.Importance;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Scores a run from its interval reports, exactly as an operator would read them: goal
 * attainment per importance level, time back to goal after each disturbance, adjustments and
 * share reversals (oscillation).
 */
final class Scorer {
    static final int WARMUP_INTERVALS = 5;
    private final Importance top;
    private final List<Long> disturbances;
    private final long intervalNanos;
    private final LimitScore limits;
    private final GoalJudge judge;
    private final Map<String, Adjustment> pending = new HashMap<>();
    private final List<Efficacy.Outcome> outcomes = new ArrayList<>();
    private final long[] total = new long[Importance.values().length];
    private final long[] met = new long[Importance.values().length];
    private final Map<String, Integer> direction = new HashMap<>();
    private final Map<String, Integer> noActions = new TreeMap<>();
    private final List<Boolean> topOnGoal = new ArrayList<>();
    private boolean intervalAllMet = true;
    private boolean intervalAnyMeasured;
    private int adjustments;
    private int reversals;
    private int reversalsAfterWarmup;
    private double utilisationSum;
    private long utilisationCount;

    /**
     * @param top          the most important level with a goal in the scenario (null if none)
     * @param disturbances instants (ns) after which time to goal is counted, sorted
     */
    Scorer(Importance top, List<Long> disturbances, long intervalNanos) {
        this(top, disturbances, intervalNanos, LimitScore.none(), GoalJudge.measured());
    }

    /** @param judge what PI a server-interval is judged by ({@link GoalJudge}) */
    Scorer(Importance top, List<Long> disturbances, long intervalNanos, LimitScore limits, GoalJudge judge) {
        this.limits = limits;
        this.judge = judge;
        this.top = top;
        this.disturbances = List.copyOf(disturbances);
        this.intervalNanos = intervalNanos;
    }

    void accept(IntervalReport report) {
        Adjustment last = pending.remove(report.host());
        if (last != null && report.measurement() != null) {
            outcomes.add(Efficacy.outcome(last, report.measurement()));
        }
        if (report.decision() != null && report.decision().decision() instanceof Adjustment a) {
            pending.put(report.host(), a);
        }
        if (report.measurement() != null) {
            for (VsMeasurement m : report.measurement().servers()) {
                double pi = judge.pi(m);
                if (!Double.isNaN(pi)) {
                    int level = m.serviceClass().importance().ordinal();
                    total[level]++;
                    boolean onGoal = pi <= 1;
                    if (onGoal) {
                        met[level]++;
                    }
                    if (m.serviceClass().importance() == top) {
                        intervalAnyMeasured = true;
                        intervalAllMet &= onGoal;
                    }
                }
            }
            limits.accept(report.measurement(), report.interval());
            utilisationSum += report.measurement().cpuUtilisation();
            utilisationCount++;
        }
        if (report.decision() != null) {
            switch (report.decision().decision()) {
                case Adjustment a -> adjustments++;
                case NoAction n -> noActions.merge(n.reason().name().toLowerCase().replace('_', '-'), 1, Integer::sum);
            }
        }
        for (ShareChange c : report.applied()) {
            int d = Long.compare(c.sharesAfter(), c.sharesBefore());
            if (d == 0 || c.role() == ShareChange.Role.INITIAL) {
                continue; // the plan strategy's start at shares by importance is where a server starts, not a direction
            }
            Integer previous = direction.put(c.uuid(), d);
            if (previous != null && previous != d) {
                reversals++;
                if (report.interval() > WARMUP_INTERVALS) {
                    reversalsAfterWarmup++;
                }
            }
        }
    }

    void endInterval() {
        topOnGoal.add(intervalAnyMeasured && intervalAllMet);
        intervalAllMet = true;
        intervalAnyMeasured = false;
    }

    PolicyResult result(PolicyKind policy, int servers, long wallMillis) {
        Map<Importance, Double> attainment = new EnumMap<>(Importance.class);
        Map<Importance, Long> samples = new EnumMap<>(Importance.class);
        for (Importance level : Importance.values()) {
            if (total[level.ordinal()] > 0) {
                attainment.put(level, (double) met[level.ordinal()] / total[level.ordinal()]);
                samples.put(level, total[level.ordinal()]);
            }
        }
        long intervals = topOnGoal.size();
        double rate = servers > 0 && intervals > WARMUP_INTERVALS
                ? reversalsAfterWarmup / (servers * (intervals - WARMUP_INTERVALS) / 10.0) : 0;
        return new PolicyResult(policy, attainment, samples, timeToGoal(), adjustments, reversals,
                reversalsAfterWarmup, rate, intervals, servers,
                utilisationCount == 0 ? 0 : utilisationSum / utilisationCount, noActions, wallMillis, limits.results(),
                Efficacy.Errors.of(outcomes));
    }

    /** Interval k (0-based) ends at (k + 1) · interval. */
    private List<Integer> timeToGoal() {
        List<Integer> result = new ArrayList<>();
        for (int d = 0; d < disturbances.size(); d++) {
            long at = disturbances.get(d);
            long until = d + 1 < disturbances.size() ? disturbances.get(d + 1) : Long.MAX_VALUE;
            Integer found = null;
            int counted = 0;
            for (int k = 0; k < topOnGoal.size(); k++) {
                long end = (k + 1) * intervalNanos;
                if (end <= at) {
                    continue;
                }
                if (end - intervalNanos >= until) {
                    break;
                }
                counted++;
                if (topOnGoal.get(k)) {
                    found = counted;
                    break;
                }
            }
            result.add(found);
        }
        return result;
    }
}
