package dev.hpm.core.time;

import java.time.Instant;

/**
 * The source of time for everything in the core, injected so that the simulator can run the
 * production code on simulated time (the approach of Caffeine's {@code Ticker}). Nothing in the
 * core reads a static clock: {@link #system()} is for the composition roots ({@code hpm serve},
 * {@code hpm manage}, the simulator's report of its own run time), never called inside the core.
 */
public interface Timebase {
    /** Monotonic nanoseconds, for measuring intervals. */
    long nanos();

    /** Wall-clock time, for reports and history. */
    Instant now();

    /** The machine's clocks: {@link System#nanoTime()} and {@link Instant#now()}. */
    static Timebase system() {
        return SystemTimebase.INSTANCE;
    }
}
