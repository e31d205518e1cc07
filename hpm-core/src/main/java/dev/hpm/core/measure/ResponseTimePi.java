package dev.hpm.core.measure;

/**
 * The performance index of a response-time goal, as z/OS WLM computes it (docs/workload-balancing.md,
 * "Response-time goals"). Pure functions; {@link Aggregation} calls {@link #pi} for every server
 * and class with a response-time goal.
 *
 * <ul>
 * <li>Average goal ("average ≤ 200 ms"): PI = actual average ÷ goal.</li>
 * <li>Percentile goal ("90 % of requests ≤ 500 ms"): completions are counted into buckets at
 *     50, 60, … 150, 200 and 400 % of the goal and beyond ({@link #BOUNDS}); the PI is the upper
 *     bound of the first bucket at which the cumulative share reaches the goal's percentile
 *     (0.5 … 1.5, 2.0, 4.0, and 5.5 beyond).</li>
 * <li>Arbitrary histograms (HAProxy, OpenTelemetry, Prometheus buckets): the percentile's response
 *     time by linear interpolation inside its bucket, divided by the goal, at most 5.5
 *     ({@link #percentilePi(double[], long[], double, double, long)}).</li>
 * </ul>
 * A class with fewer than {@code minCompletions} completions in the window has no PI (NaN).
 * HPM's sources deliver histograms ({@link Completions}), so HPM always uses the continuous form;
 * on WLM's own buckets it gives the bucket's bound or less (it interpolates inside the bucket).
 */
public final class ResponseTimePi {
    /** Upper bounds of WLM's buckets as fractions of the goal; a last bucket holds everything beyond 4.0. */
    public static final double[] BOUNDS = {0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.1, 1.2, 1.3, 1.4, 1.5, 2.0, 4.0};
    /** The PI of the bucket beyond 400 % of the goal. */
    public static final double BEYOND = 5.5;

    private ResponseTimePi() {
    }

    /**
     * The PI of {@code completions} against {@code goal}: the average ÷ goal for an average goal,
     * the continuous percentile form for a percentile goal; NaN with fewer than
     * {@code minCompletions} completions (or none given).
     */
    public static double pi(dev.hpm.core.model.Goal.ResponseTime goal, Completions completions, long minCompletions) {
        if (completions == null) {
            return Double.NaN;
        }
        return switch (goal) {
            case dev.hpm.core.model.Goal.AverageResponseTime a ->
                    Math.min(Velocity.MAX_PI, averagePi(completions.averageMillis(), completions.count(), a.millis(), minCompletions));
            case dev.hpm.core.model.Goal.PercentileResponseTime p -> percentilePi(completions.upperMillis(),
                    completions.counts(), p.fraction(), p.millis(), minCompletions);
        };
    }

    /**
     * The PI of a response-time goal over a span of history (a bucket of several intervals, a class
     * over several hosts), from what history keeps of each interval: its completions, the sum of
     * their times and its PI. An average goal's PI is exact: Σ time ÷ Σ completions ÷ goal. A
     * percentile goal's cannot be rebuilt without the histograms, so it is the intervals' PIs
     * weighted by their completions ({@code weightedPis} = Σ PI · completions over the intervals that
     * had a PI, {@code weights} = Σ their completions); NaN where no interval had one.
     */
    public static double overSpan(dev.hpm.core.model.Goal.ResponseTime goal, long completions, double sumMillis,
                                  double weightedPis, long weights) {
        return switch (goal) {
            case dev.hpm.core.model.Goal.AverageResponseTime a -> completions > 0 && a.millis() > 0
                    ? Math.min(Velocity.MAX_PI, sumMillis / completions / a.millis()) : Double.NaN;
            case dev.hpm.core.model.Goal.PercentileResponseTime p -> weights > 0 ? weightedPis / weights : Double.NaN;
        };
    }

    /** PI of an average goal: actual ÷ goal; NaN with fewer than {@code minCompletions} completions. */
    public static double averagePi(double averageMillis, long completions, double goalMillis, long minCompletions) {
        if (completions < Math.max(1, minCompletions) || !(goalMillis > 0)) {
            return Double.NaN;
        }
        return averageMillis / goalMillis;
    }

    /** The bucket of a response time: 0 … {@code BOUNDS.length} (the last is "beyond 400 %"). */
    public static int bucket(double millis, double goalMillis) {
        double ratio = millis / goalMillis;
        for (int i = 0; i < BOUNDS.length; i++) {
            if (ratio <= BOUNDS[i] + 1e-12) {
                return i;
            }
        }
        return BOUNDS.length;
    }

    /** WLM's bucket counts of the given response times. */
    public static long[] buckets(double[] millis, double goalMillis) {
        long[] counts = new long[BOUNDS.length + 1];
        for (double m : millis) {
            counts[bucket(m, goalMillis)]++;
        }
        return counts;
    }

    /**
     * PI of a percentile goal from WLM's bucket counts.
     *
     * @param counts     {@code BOUNDS.length + 1} counts, the last beyond 400 % of the goal
     * @param percentile the goal's share, e.g. 0.9 for "90 % of requests"
     */
    public static double percentilePi(long[] counts, double percentile, long minCompletions) {
        if (counts.length != BOUNDS.length + 1) {
            throw new IllegalArgumentException("WLM's buckets are " + (BOUNDS.length + 1) + ", not " + counts.length);
        }
        long total = 0;
        for (long c : counts) {
            total += c;
        }
        if (total < Math.max(1, minCompletions)) {
            return Double.NaN;
        }
        long cumulative = 0;
        for (int i = 0; i < BOUNDS.length; i++) {
            cumulative += counts[i];
            if (cumulative >= percentile * total - 1e-9) {
                return BOUNDS[i];
            }
        }
        return BEYOND;
    }

    /**
     * PI of a percentile goal from any cumulative-free histogram: {@code upperMillis[i]} is the upper
     * bound of bucket i (ascending; a last bucket without bound holds the rest, so
     * {@code counts.length == upperMillis.length + 1}). The percentile's time is interpolated
     * linearly inside its bucket (from the previous bound, 0 for the first); in the unbounded
     * bucket the PI is {@link #BEYOND}.
     */
    public static double percentilePi(double[] upperMillis, long[] counts, double percentile, double goalMillis,
                                      long minCompletions) {
        if (counts.length != upperMillis.length + 1) {
            throw new IllegalArgumentException("a histogram has one count more than bounds");
        }
        long total = 0;
        for (long c : counts) {
            total += c;
        }
        if (total < Math.max(1, minCompletions) || !(goalMillis > 0)) {
            return Double.NaN;
        }
        double rank = percentile * total;
        long cumulative = 0;
        for (int i = 0; i < upperMillis.length; i++) {
            if (counts[i] > 0 && cumulative + counts[i] >= rank - 1e-9) {
                double lower = i == 0 ? 0 : upperMillis[i - 1];
                double within = (rank - cumulative) / counts[i];
                double millis = lower + within * (upperMillis[i] - lower);
                return Math.min(BEYOND, millis / goalMillis);
            }
            cumulative += counts[i];
        }
        return BEYOND;
    }
}
