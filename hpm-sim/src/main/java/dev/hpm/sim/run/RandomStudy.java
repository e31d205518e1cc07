package dev.hpm.sim.run;

import dev.hpm.core.model.Importance;
import dev.hpm.sim.scenario.RandomScenarios;
import dev.hpm.sim.scenario.Scenario;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.DoubleSummaryStatistics;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Runs {@code hpm}, {@code static} and {@code oracle} over N random scenarios
 * ({@link RandomScenarios}) and sums up how HPM did against the oracle, level by level: per scenario
 * HPM's attainment as a fraction of the oracle's (where the oracle attains anything at that level),
 * then the minimum, 10th percentile and median over the scenarios, and the 10th percentile over the
 * scenarios where the oracle reaches 50 % or more; at the highest level also HPM's points against
 * static; and share reversals per server per 10 intervals (after the warm-up). Deterministic by seed.
 */
public final class RandomStudy {
    private RandomStudy() {
    }

    /** The steady state the issue asks for, per server per 10 intervals: one reversal in 30 intervals. */
    public static final double REVERSAL_BOUND = 10.0 / 30;

    /**
     * One importance level's figures.
     *
     * @param scenarios         scenarios in which the oracle attained something at this level
     * @param p10WhereOracleHalf 10th percentile over the scenarios where the oracle attained ≥ 50 % (NaN if none)
     * @param minPointsVsStatic  the worst of HPM's attainment minus static's, in points (NaN if none)
     * @param meanPointsVsStatic HPM's attainment minus static's, in points, averaged over the scenarios (NaN if none)
     */
    public record Level(int scenarios, double min, double p10, double median, double p10WhereOracleHalf,
                        double minPointsVsStatic, double meanPointsVsStatic) {
    }

    /**
     * The study's result.
     *
     * @param reversalsMedian median over the scenarios of HPM's reversals per server per 10 intervals
     * @param reversalsMax    the highest of them
     * @param reversalsOverBound the scenarios above {@link #REVERSAL_BOUND}
     */
    public record Summary(int scenarios, long seed, Map<Importance, Level> levels, double reversalsMedian,
                          double reversalsMax, int reversalsOverBound, List<Row> rows) {
        public Summary {
            rows = List.copyOf(rows);
        }
    }

    /**
     * One scenario's figures, to find the worst ones and re-run them alone
     * ({@code hpm simulate --random N --seed S --pick INDEX}).
     *
     * @param index     the scenario's index in the seed's sequence
     * @param hpm       HPM's attainment per importance level (absent: no samples at that level)
     * @param statics   static's attainment per level
     * @param oracle    the oracle's attainment per level
     * @param reversals HPM's share reversals per server per 10 intervals after the warm-up
     */
    public record Row(int index, Map<Importance, Double> hpm, Map<Importance, Double> statics,
                      Map<Importance, Double> oracle, double reversals) {
        /** HPM's attainment at {@code level} as a fraction of the oracle's, NaN where the oracle attains nothing. */
        public double ratio(Importance level) {
            Double o = oracle.get(level);
            Double h = hpm.get(level);
            return o == null || h == null || !(o > 0) ? Double.NaN : h / o;
        }

        /** HPM's attainment at {@code level} minus static's, in points (NaN if either has no samples). */
        public double pointsVsStatic(Importance level) {
            Double s = statics.get(level);
            Double h = hpm.get(level);
            return s == null || h == null ? Double.NaN : 100 * (h - s);
        }
    }

    /** Runs the study with the default strategy; {@code progress} is told after each scenario (may be null). */
    public static Summary run(int n, long seed, java.util.function.IntConsumer progress) {
        return run(n, seed, dev.hpm.core.cpu.CpuManagerSettings.Strategy.RECEIVER, progress);
    }

    /** Runs the study with HPM's CPU manager on {@code strategy}; {@code progress} is told after each scenario (may be null). */
    public static Summary run(int n, long seed, dev.hpm.core.cpu.CpuManagerSettings.Strategy strategy,
                              java.util.function.IntConsumer progress) {
        Map<Importance, List<double[]>> byLevel = new EnumMap<>(Importance.class); // ratio, oracle, hpm − static
        double[] reversals = new double[n];
        List<Row> scenarioRows = new ArrayList<>(n);
        List<Scenario> scenarios = RandomScenarios.generate(n, seed, strategy);
        for (int i = 0; i < n; i++) {
            ScenarioRunner runner = new ScenarioRunner(scenarios.get(i));
            PolicyResult hpm = runner.run(PolicyKind.HPM);
            PolicyResult oracle = runner.run(PolicyKind.ORACLE);
            PolicyResult stat = runner.run(PolicyKind.STATIC);
            reversals[i] = hpm.reversalRate();
            scenarioRows.add(new Row(i, attainments(hpm), attainments(stat), attainments(oracle), hpm.reversalRate()));
            for (Importance level : Importance.values()) {
                double o = oracle.attainmentAt(level);
                if (o > 0) {
                    byLevel.computeIfAbsent(level, l -> new ArrayList<>()).add(new double[]{
                            hpm.attainmentAt(level) / o, o, 100 * (hpm.attainmentAt(level) - stat.attainmentAt(level))});
                }
            }
            if (progress != null) {
                progress.accept(i + 1);
            }
        }
        Map<Importance, Level> levels = new EnumMap<>(Importance.class);
        byLevel.forEach((level, rows) -> {
            double[] ratios = rows.stream().mapToDouble(r -> r[0]).sorted().toArray();
            double[] half = rows.stream().filter(r -> r[1] >= 0.5).mapToDouble(r -> r[0]).sorted().toArray();
            DoubleSummaryStatistics vsStatic = rows.stream().mapToDouble(r -> r[2]).filter(d -> !Double.isNaN(d))
                    .summaryStatistics();
            boolean none = vsStatic.getCount() == 0;
            levels.put(level, new Level(ratios.length, ratios[0], quantile(ratios, 0.1), quantile(ratios, 0.5),
                    half.length == 0 ? Double.NaN : quantile(half, 0.1), none ? Double.NaN : vsStatic.getMin(),
                    none ? Double.NaN : vsStatic.getAverage()));
        });
        Arrays.sort(reversals);
        int over = (int) Arrays.stream(reversals).filter(r -> r > REVERSAL_BOUND + 1e-9).count();
        return new Summary(n, seed, levels, n == 0 ? 0 : quantile(reversals, 0.5), n == 0 ? 0 : reversals[n - 1], over,
                scenarioRows);
    }

    private static Map<Importance, Double> attainments(PolicyResult r) {
        Map<Importance, Double> m = new EnumMap<>(Importance.class);
        for (Importance level : Importance.values()) {
            double a = r.attainmentAt(level);
            if (!Double.isNaN(a)) {
                m.put(level, a);
            }
        }
        return m;
    }

    /** The q-quantile of sorted values, by linear interpolation between closest ranks. */
    static double quantile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }
}
