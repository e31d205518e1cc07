package dev.hpm.libvirt;

import dev.hpm.core.time.Timebase;

import java.time.Duration;
import java.time.Instant;

/** A {@link Timebase} that moves only when a test says so. */
final class ManualTimebase implements Timebase {
    private static final Instant EPOCH = Instant.parse("2025-01-01T00:00:00Z");
    private long nanos = 1_000_000_000L;

    @Override
    public synchronized long nanos() {
        return nanos;
    }

    @Override
    public synchronized Instant now() {
        return EPOCH.plusNanos(nanos);
    }

    synchronized void advance(Duration by) {
        nanos += by.toNanos();
    }
}
