package dev.hpm.core.measure;

import java.util.Arrays;

/**
 * The requests a server (or a service class) completed over one interval, as a histogram of their
 * response times: {@code counts[i]} requests took at most {@code upperMillis[i]} (and more than
 * the bound before), the last count those beyond the last bound; {@code sumMillis} is the sum of
 * all their times (for average goals). Sources of raw times (HAProxy's log) bucket them with
 * {@link #of(double...)} into {@link #DEFAULT_BOUNDS}; sources with their own histogram
 * (Prometheus, OpenTelemetry) keep their bounds.
 */
public record Completions(double[] upperMillis, long[] counts, double sumMillis) {
    /**
     * The bounds used for raw response times: 0.1 ms to about 10 minutes in steps of 5 %, fine
     * enough that interpolating inside a bucket moves a percentile by at most 5 %.
     */
    public static final double[] DEFAULT_BOUNDS = bounds(0.1, 1.05, 6_000_000);
    /** No completions. */
    public static final Completions EMPTY = new Completions(DEFAULT_BOUNDS, new long[DEFAULT_BOUNDS.length + 1], 0);

    public Completions {
        upperMillis = upperMillis.clone();
        counts = counts.clone();
        if (counts.length != upperMillis.length + 1) {
            throw new IllegalArgumentException("a histogram has one count more than bounds, not "
                    + counts.length + " counts for " + upperMillis.length + " bounds");
        }
        for (int i = 1; i < upperMillis.length; i++) {
            if (!(upperMillis[i] > upperMillis[i - 1])) {
                throw new IllegalArgumentException("histogram bounds must ascend: " + Arrays.toString(upperMillis));
            }
        }
    }

    /** The bucket bounds in milliseconds (a copy). */
    @Override
    public double[] upperMillis() {
        return upperMillis.clone();
    }

    /** The count of each bucket, the last beyond the last bound (a copy). */
    @Override
    public long[] counts() {
        return counts.clone();
    }

    /** Raw response times in milliseconds, bucketed into {@link #DEFAULT_BOUNDS}. */
    public static Completions of(double... millis) {
        long[] counts = new long[DEFAULT_BOUNDS.length + 1];
        double sum = 0;
        for (double m : millis) {
            counts[bucketOf(DEFAULT_BOUNDS, m)]++;
            sum += m;
        }
        return new Completions(DEFAULT_BOUNDS, counts, sum);
    }

    /** How many requests completed. */
    public long count() {
        long n = 0;
        for (long c : counts) {
            n += c;
        }
        return n;
    }

    /** Their average response time in milliseconds, NaN if none. */
    public double averageMillis() {
        long n = count();
        return n > 0 ? sumMillis / n : Double.NaN;
    }

    /**
     * Both together. With the same bounds the counts add; otherwise each of {@code other}'s buckets
     * is counted at its upper bound into this histogram (the conservative choice: never faster).
     */
    public Completions plus(Completions other) {
        if (other == null) {
            return this;
        }
        long[] sum = counts.clone();
        if (Arrays.equals(upperMillis, other.upperMillis)) {
            for (int i = 0; i < sum.length; i++) {
                sum[i] += other.counts[i];
            }
        } else {
            for (int i = 0; i < other.counts.length; i++) {
                double at = i < other.upperMillis.length ? other.upperMillis[i] : Double.POSITIVE_INFINITY;
                sum[bucketOf(upperMillis, at)] += other.counts[i];
            }
        }
        return new Completions(upperMillis, sum, sumMillis + other.sumMillis);
    }

    /** What was completed between {@code before} and this cumulative histogram (same bounds), or null after a reset. */
    public Completions since(Completions before) {
        if (before == null || !Arrays.equals(upperMillis, before.upperMillis)) {
            return null;
        }
        long[] delta = new long[counts.length];
        for (int i = 0; i < delta.length; i++) {
            delta[i] = counts[i] - before.counts[i];
            if (delta[i] < 0) {
                return null;
            }
        }
        return new Completions(upperMillis, delta, Math.max(0, sumMillis - before.sumMillis));
    }

    static int bucketOf(double[] bounds, double millis) {
        int i = Arrays.binarySearch(bounds, millis);
        return i >= 0 ? i : -i - 1;
    }

    private static double[] bounds(double first, double factor, double last) {
        int n = (int) Math.ceil(Math.log(last / first) / Math.log(factor)) + 1;
        double[] b = new double[n];
        for (int i = 0; i < n; i++) {
            b[i] = first * Math.pow(factor, i);
        }
        return b;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Completions c && Arrays.equals(upperMillis, c.upperMillis) && Arrays.equals(counts, c.counts)
                && Double.compare(sumMillis, c.sumMillis) == 0;
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(upperMillis) + Arrays.hashCode(counts);
    }

    @Override
    public String toString() {
        return "Completions[" + count() + " requests, average " + averageMillis() + " ms]";
    }
}
