package dev.hpm.store.testing;

import dev.hpm.core.time.Timebase;

import java.time.Duration;
import java.time.Instant;

/** A clock tests set and advance; starts at 2026-01-01T00:00:00Z. Thread-safe. */
public final class TestClock implements Timebase {
    public static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    private Instant now;

    public TestClock() {
        this(START);
    }

    public TestClock(Instant start) {
        this.now = start;
    }

    @Override
    public synchronized long nanos() {
        return Duration.between(START, now).toNanos();
    }

    @Override
    public synchronized Instant now() {
        return now;
    }

    public synchronized void set(Instant instant) {
        now = instant;
    }

    /** Moves the clock on and returns the new time. */
    public synchronized Instant advance(Duration by) {
        now = now.plus(by);
        return now;
    }
}
