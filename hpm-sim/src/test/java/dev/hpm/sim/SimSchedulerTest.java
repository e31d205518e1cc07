package dev.hpm.sim;

import dev.hpm.core.pool.Scheduler;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Simulated time: tasks run at their fixed-rate instants, after the world has moved, in order. */
class SimSchedulerTest {
    static final long S = 1_000_000_000L;

    @Test
    void runFor_runsTasksAtTheirInstantsInScheduleOrder_afterTheWorldMoved() {
        SimClock clock = new SimClock();
        List<String> log = new ArrayList<>();
        SimScheduler scheduler = new SimScheduler(clock, Duration.ofSeconds(1), new SimScheduler.World() {
            @Override
            public void fireDue(long now) {
                log.add("due " + now / S);
            }

            @Override
            public void tick(long now, long tick) {
                log.add("tick " + now / S);
            }
        });
        scheduler.scheduleAtFixedRate(() -> log.add("a at " + clock.nanos() / S), Duration.ofSeconds(2));
        scheduler.scheduleAtFixedRate(() -> log.add("b at " + clock.nanos() / S), Duration.ofSeconds(1), Duration.ofSeconds(2));

        scheduler.runFor(Duration.ofSeconds(4));

        assertThat(log).containsExactly("due 0", "tick 0", "due 1", "b at 1", "due 1", "tick 1", "due 2", "a at 2",
                "due 2", "tick 2", "due 3", "b at 3", "due 3", "tick 3", "due 4", "a at 4");
        assertThat(clock.nanos()).isEqualTo(4 * S);
    }

    @Test
    void await_stepsSimulatedTimeUntilTheTaskCancelsItself() throws Exception {
        SimClock clock = new SimClock();
        SimScheduler scheduler = new SimScheduler(clock, Duration.ofMillis(500), (now, tick) -> {
        });
        int[] runs = new int[1];
        Scheduler.Handle[] handle = new Scheduler.Handle[1];
        handle[0] = scheduler.scheduleAtFixedRate(() -> {
            if (++runs[0] == 3) {
                handle[0].cancel();
            }
        }, Duration.ofSeconds(10));

        handle[0].await();

        assertThat(runs[0]).isEqualTo(3);
        assertThat(clock.nanos()).isEqualTo(30 * S);
    }

    @Test
    void cancel_beforeItsInstant_theTaskNeverRuns() {
        SimClock clock = new SimClock();
        SimScheduler scheduler = new SimScheduler(clock, Duration.ofSeconds(1), (now, tick) -> {
        });
        int[] runs = new int[1];
        scheduler.scheduleAtFixedRate(() -> runs[0]++, Duration.ofSeconds(5)).cancel();

        scheduler.runFor(Duration.ofSeconds(20));

        assertThat(runs[0]).isZero();
    }

    @Test
    void runFor_aTaskThrows_theFailureSurfacesAndTheTaskIsNotRunAgain() {
        SimClock clock = new SimClock();
        SimScheduler scheduler = new SimScheduler(clock, Duration.ofSeconds(1), (now, tick) -> {
        });
        int[] runs = new int[1];
        scheduler.scheduleAtFixedRate(() -> {
            runs[0]++;
            throw new IllegalArgumentException("boom");
        }, Duration.ofSeconds(2));

        assertThatThrownBy(() -> scheduler.runFor(Duration.ofSeconds(3))).isInstanceOf(IllegalStateException.class)
                .hasRootCauseMessage("boom");
        scheduler.runFor(Duration.ofSeconds(10));
        assertThat(runs[0]).isEqualTo(1);
    }

    @Test
    void scheduleAtFixedRate_periodNotAWholeNumberOfTicks_isRefused() {
        SimScheduler scheduler = new SimScheduler(new SimClock(), Duration.ofSeconds(3), (now, tick) -> {
        });
        assertThatThrownBy(() -> scheduler.scheduleAtFixedRate(() -> {
        }, Duration.ofSeconds(10))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("multiples of the tick");
    }
}
