package dev.hpm.core.time;

import java.time.Instant;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

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

    /** A timebase of two sources: e.g. simulated nanoseconds with a real wall clock, as the demo pool has. */
    static Timebase of(LongSupplier nanos, Supplier<Instant> now) {
        return new Timebase() {
            @Override
            public long nanos() {
                return nanos.getAsLong();
            }

            @Override
            public Instant now() {
                return now.get();
            }
        };
    }

    /** The machine's clocks: {@link System#nanoTime()} and {@link Instant#now()}. */
    static Timebase system() {
        return SystemTimebase.INSTANCE;
    }
}
