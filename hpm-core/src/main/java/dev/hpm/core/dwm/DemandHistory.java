package dev.hpm.core.dwm;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Each server's recent demand (CPU units, one sample per planning interval) over a sliding
 * window, for the mean and standard deviation that headroom packing uses, and the pool's total
 * demand for the trend that powers hosts on before demand outgrows them. Not thread-safe.
 */
final class DemandHistory {
    private static final int MAX_SAMPLES = 64;

    /** A ring of timestamped samples. */
    static final class Ring {
        final long[] at = new long[MAX_SAMPLES];
        final double[] value = new double[MAX_SAMPLES];
        int start;
        int size;

        void add(long t, double v, long horizon) {
            if (size > 0 && at[(start + size - 1) % MAX_SAMPLES] == t) {
                value[(start + size - 1) % MAX_SAMPLES] = v;
            } else if (size == MAX_SAMPLES) {
                at[start] = t;
                value[start] = v;
                start = (start + 1) % MAX_SAMPLES;
            } else {
                int i = (start + size) % MAX_SAMPLES;
                at[i] = t;
                value[i] = v;
                size++;
            }
            while (size > 1 && at[start] < t - horizon) {
                start = (start + 1) % MAX_SAMPLES;
                size--;
            }
        }

        double mean() {
            double sum = 0;
            for (int k = 0; k < size; k++) {
                sum += value[(start + k) % MAX_SAMPLES];
            }
            return size == 0 ? 0 : sum / size;
        }

        double variance() {
            if (size < 2) {
                return 0;
            }
            double m = mean();
            double sum = 0;
            for (int k = 0; k < size; k++) {
                double d = value[(start + k) % MAX_SAMPLES] - m;
                sum += d * d;
            }
            return sum / (size - 1);
        }

        /**
         * The least-squares line through the samples, evaluated {@code aheadMillis} after the last
         * one; the last value when there are fewer than three samples.
         */
        double forecast(long aheadMillis) {
            double last = value[(start + size - 1) % MAX_SAMPLES];
            if (size < 3) {
                return last;
            }
            long t0 = at[(start + size - 1) % MAX_SAMPLES];
            double sx = 0, sy = 0, sxx = 0, sxy = 0;
            for (int k = 0; k < size; k++) {
                int i = (start + k) % MAX_SAMPLES;
                double x = (at[i] - t0) / 1000.0;
                sx += x;
                sy += value[i];
                sxx += x * x;
                sxy += x * value[i];
            }
            double den = size * sxx - sx * sx;
            if (den == 0) {
                return last;
            }
            double slope = (size * sxy - sx * sy) / den;
            double intercept = (sy - slope * sx) / size;
            return intercept + slope * aheadMillis / 1000.0;
        }
    }

    private final long horizon;
    private final Map<String, Ring> servers = new HashMap<>();
    private final Ring pool = new Ring();

    DemandHistory(Duration window) {
        this.horizon = window.toMillis();
    }

    void observe(String server, Instant at, double demand) {
        servers.computeIfAbsent(server, s -> new Ring()).add(at.toEpochMilli(), Math.max(demand, 0), horizon);
    }

    void observePool(Instant at, double demand) {
        pool.add(at.toEpochMilli(), demand, horizon);
    }

    /** Mean demand over the window (0 for a server never seen). */
    double mean(String server) {
        Ring r = servers.get(server);
        return r == null ? 0 : r.mean();
    }

    double variance(String server) {
        Ring r = servers.get(server);
        return r == null ? 0 : r.variance();
    }

    /** The pool's demand forecast {@code ahead} from its trend over the window. */
    double poolForecast(Duration ahead) {
        return pool.size == 0 ? 0 : pool.forecast(ahead.toMillis());
    }

    /** Forgets servers no longer in the pool. */
    void retain(Set<String> present) {
        servers.keySet().retainAll(present);
    }
}
