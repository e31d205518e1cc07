package dev.hpm.sim;

import dev.hpm.core.time.Timebase;

import java.time.Instant;

/**
 * Simulated time: starts at a fixed instant and moves only when the simulation advances it, so
 * that runs are deterministic and far faster than real time.
 */
public final class SimClock implements Timebase {
    /** Where every simulation's wall clock starts. */
    public static final Instant EPOCH = Instant.parse("2026-01-05T00:00:00Z");
    private long nanos;

    @Override
    public long nanos() {
        return nanos;
    }

    @Override
    public Instant now() {
        return EPOCH.plusNanos(nanos);
    }

    public void advance(long deltaNanos) {
        if (deltaNanos < 0) {
            throw new IllegalArgumentException("time cannot go back: " + deltaNanos);
        }
        nanos += deltaNanos;
    }
}
