package dev.hpm.core.time;

import java.time.Instant;

/** The machine's clocks; the one place that reads them. Obtained through {@link Timebase#system()}. */
enum SystemTimebase implements Timebase {
    INSTANCE;

    @Override
    public long nanos() {
        return System.nanoTime();
    }

    @Override
    public Instant now() {
        return Instant.now();
    }
}
