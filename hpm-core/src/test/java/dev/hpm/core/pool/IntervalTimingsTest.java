package dev.hpm.core.pool;

import dev.hpm.core.time.Timebase;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pool runner times its intervals on its injected clock: a fake one that the hosts and the step move. */
class IntervalTimingsTest {
    private static final long MS = 1_000_000L;

    private final AtomicLong clock = new AtomicLong(5_000 * MS);
    private final Timebase time = Timebase.of(clock::get, () -> Instant.EPOCH.plusNanos(clock.get()));
    /** What the hosts take in the next interval (the fake executor moves the clock by it). */
    private long hostsTake;
    /** What the step takes in the next interval. */
    private long stepTakes;
    private boolean stepThrows;

    private final HostExecutor hosts = new HostExecutor() {
        @Override
        public <T> List<T> all(List<? extends Callable<T>> tasks) {
            clock.addAndGet(hostsTake);
            return HostExecutor.sequential().all(tasks);
        }
    };

    private PoolRunner runner() {
        return new PoolRunner(List.of(), Duration.ofSeconds(10), time, (task, delay, period) -> {
            throw new UnsupportedOperationException("intervals are run by the test");
        }, hosts, interval -> {
            clock.addAndGet(stepTakes);
            if (stepThrows) {
                throw new IllegalStateException("the store is down");
            }
        });
    }

    private void run(PoolRunner runner, long hostsMs, long stepMs) {
        hostsTake = hostsMs * MS;
        stepTakes = stepMs * MS;
        runner.runInterval();
    }

    @Test
    void timings_beforeTheFirstInterval_areNone() {
        assertTrue(runner().timings().isEmpty());
        assertEquals(IntervalTimings.NONE, runner().timings());
    }

    @Test
    void runInterval_hostsThenStep_timesEachPhaseAndTheirSum() {
        PoolRunner runner = runner();
        run(runner, 1_200, 300);
        IntervalTimings t = runner.timings();
        assertEquals(1, t.interval());
        assertEquals(1, t.window());
        assertEquals(new IntervalTimings.Phase(1_200 * MS, 1_200 * MS, 1_200 * MS), t.hosts());
        assertEquals(new IntervalTimings.Phase(300 * MS, 300 * MS, 300 * MS), t.step());
        assertEquals(1_500 * MS, t.total().lastNanos());
    }

    @Test
    void runInterval_severalIntervals_keepsTheLastTheMaximumAndTheMean() {
        PoolRunner runner = runner();
        run(runner, 1_000, 100);
        run(runner, 3_000, 500);
        run(runner, 2_000, 300);
        IntervalTimings t = runner.timings();
        assertEquals(3, t.interval());
        assertEquals(3, t.window());
        assertEquals(new IntervalTimings.Phase(2_000 * MS, 3_000 * MS, 2_000 * MS), t.hosts());
        assertEquals(new IntervalTimings.Phase(300 * MS, 500 * MS, 300 * MS), t.step());
        assertEquals(new IntervalTimings.Phase(2_300 * MS, 3_500 * MS, 2_300 * MS), t.total());
    }

    @Test
    void runInterval_moreIntervalsThanTheWindow_forgetsTheOldest() {
        PoolRunner runner = runner();
        run(runner, 9_000, 9_000); // pushed out by the 60 after it
        for (int i = 0; i < IntervalTimings.Window.SIZE; i++) {
            run(runner, 100 + i, 10);
        }
        IntervalTimings t = runner.timings();
        assertEquals(IntervalTimings.Window.SIZE + 1, t.interval());
        assertEquals(IntervalTimings.Window.SIZE, t.window());
        assertEquals(159 * MS, t.hosts().maxNanos());
        assertEquals(129.5 * MS, t.hosts().meanNanos(), 1e-3);
        assertEquals(10 * MS, t.step().maxNanos());
    }

    @Test
    void runInterval_stepThrows_isTimedAndTheFailureGoesOn() {
        PoolRunner runner = runner();
        stepThrows = true;
        hostsTake = 50 * MS;
        stepTakes = 700 * MS;
        assertThrows(IllegalStateException.class, runner::runInterval);
        assertEquals(700 * MS, runner.timings().step().lastNanos());
        assertEquals(750 * MS, runner.timings().total().lastNanos());
    }
}
