package dev.hpm.server.runtime;

import dev.hpm.core.pool.Scheduler;
import dev.hpm.core.time.Timebase;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The real-time scheduler keeps the rules every scheduler keeps: fixed rate, no overlap, skip when late. */
class ExecutorSchedulerTest {
    final Timebase time = Timebase.system();

    @Test
    void scheduleAtFixedRate_runsAtFixedInstants_untilCancelled() throws Exception {
        try (ExecutorScheduler scheduler = new ExecutorScheduler("test-intervals", time)) {
            List<Long> at = new CopyOnWriteArrayList<>();
            CountDownLatch three = new CountDownLatch(3);
            long start = time.nanos();
            Scheduler.Handle h = scheduler.scheduleAtFixedRate(() -> {
                at.add(time.nanos() - start);
                three.countDown();
            }, Duration.ofMillis(50));

            assertThat(three.await(10, TimeUnit.SECONDS)).isTrue();
            h.cancel();
            h.await();
            int runs = at.size();
            Thread.sleep(150);

            assertThat(at).hasSize(runs);
            assertThat(at.getFirst()).isGreaterThanOrEqualTo(Duration.ofMillis(50).toNanos());
            assertThat(at.get(2)).isGreaterThanOrEqualTo(Duration.ofMillis(150).toNanos());
        }
    }

    @Test
    void await_afterCancel_waitsForTheRunInProgress() throws Exception {
        try (ExecutorScheduler scheduler = new ExecutorScheduler("test-intervals", time)) {
            CountDownLatch running = new CountDownLatch(1);
            AtomicInteger finished = new AtomicInteger();
            Scheduler.Handle h = scheduler.scheduleAtFixedRate(() -> {
                running.countDown();
                sleep(200);
                finished.incrementAndGet();
            }, Duration.ofMillis(10), Duration.ofSeconds(10));
            assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();

            h.cancel();
            h.await();

            assertThat(finished.get()).isEqualTo(1);
        }
    }

    @Test
    void scheduleAtFixedRate_aRunLongerThanThePeriod_skipsTheMissedInstants() throws Exception {
        try (ExecutorScheduler scheduler = new ExecutorScheduler("test-intervals", time)) {
            List<Long> starts = new CopyOnWriteArrayList<>();
            CountDownLatch two = new CountDownLatch(2);
            scheduler.scheduleAtFixedRate(() -> {
                starts.add(time.nanos());
                if (starts.size() == 1) {
                    sleep(250); // misses about four instants of 50 ms
                }
                two.countDown();
            }, Duration.ofMillis(50));

            assertThat(two.await(10, TimeUnit.SECONDS)).isTrue();

            // the second run waits a whole period after the late first one ended, not back to back
            assertThat(starts.get(1) - starts.get(0)).isGreaterThanOrEqualTo(Duration.ofMillis(290).toNanos());
        }
    }

    @Test
    void await_aRunThrew_throwsItsFailure_andTheTaskRunsNoMore() throws Exception {
        try (ExecutorScheduler scheduler = new ExecutorScheduler("test-intervals", time)) {
            AtomicInteger runs = new AtomicInteger();
            Scheduler.Handle h = scheduler.scheduleAtFixedRate(() -> {
                runs.incrementAndGet();
                throw new IllegalArgumentException("boom");
            }, Duration.ofMillis(20));

            assertThatThrownBy(h::await).isInstanceOf(IllegalStateException.class).hasRootCauseMessage("boom");
            Thread.sleep(100);
            assertThat(runs.get()).isEqualTo(1);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
