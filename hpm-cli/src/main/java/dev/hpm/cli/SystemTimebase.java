package dev.hpm.cli;

import dev.hpm.core.time.Timebase;

import java.time.Instant;

/** The machine's clocks, injected into the core at the composition root. */
final class SystemTimebase implements Timebase {
    @Override
    public long nanos() {
        return System.nanoTime();
    }

    @Override
    public Instant now() {
        return Instant.now();
    }
}
