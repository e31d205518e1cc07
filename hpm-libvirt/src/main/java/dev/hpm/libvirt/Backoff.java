package dev.hpm.libvirt;

import java.time.Duration;

/**
 * Exponential back-off between reconnection attempts: after the n-th consecutive failure the next
 * attempt waits {@code initial · factor^(n-1)}, at most {@code max}.
 */
public record Backoff(Duration initial, Duration max, double factor) {

    public Backoff {
        if (initial.isNegative() || max.compareTo(initial) < 0 || factor < 1) {
            throw new IllegalArgumentException("need 0 ≤ initial ≤ max and factor ≥ 1: " + initial + ", " + max
                    + ", " + factor);
        }
    }

    /** 1 s, doubling, at most 5 min. */
    public static Backoff defaults() {
        return new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(5), 2);
    }

    /** The wait after {@code failures} consecutive failures (0 for none). */
    public Duration delay(int failures) {
        if (failures <= 0) {
            return Duration.ZERO;
        }
        double nanos = initial.toNanos() * Math.pow(factor, failures - 1);
        return nanos >= max.toNanos() ? max : Duration.ofNanos((long) nanos);
    }
}
