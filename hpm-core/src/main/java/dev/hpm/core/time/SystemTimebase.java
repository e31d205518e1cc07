package dev.hpm.core.time;

import java.time.Instant;

/** The machine's clocks; the one place that reads them. Obtained through {@link Timebase#system()}. */
final class SystemTimebase {
    static final Timebase INSTANCE = Timebase.of(System::nanoTime, Instant::now);

    private SystemTimebase() {
    }
}
