package dev.hpm.core.pool;

import java.time.Duration;

/**
 * Decides when periodic work runs, injected so that the same pool runner runs on real time
 * ({@code hpm serve}, {@code hpm manage}: a {@code ScheduledExecutorService}) and on simulated time
 * (the simulator steps its clock tick by tick and runs what is due). The core never sleeps or
 * starts a timer itself.
 *
 * <p>Every implementation keeps the same rules: a task's runs never overlap; runs are due at
 * fixed-rate instants (first after {@code initialDelay}, then every {@code period}); a run that
 * comes so late that it has missed instants skips them rather than running back to back; a task
 * that throws is not run again and {@link Handle#await()} throws its failure.
 */
public interface Scheduler {
    /** Runs {@code task} every {@code period} from {@code initialDelay} on, until its handle is cancelled. */
    Handle scheduleAtFixedRate(Runnable task, Duration initialDelay, Duration period);

    /** Runs {@code task} every {@code period}, the first time one period from now. */
    default Handle scheduleAtFixedRate(Runnable task, Duration period) {
        return scheduleAtFixedRate(task, period, period);
    }

    /** A scheduled task. */
    interface Handle {
        /** No run starts after this; a run in progress finishes. Idempotent and thread-safe. */
        void cancel();

        /**
         * Returns once the task is cancelled and no run of it is in progress. A real-time scheduler
         * blocks the caller until then; a simulated one advances simulated time until then (so
         * something must cancel the task, e.g. the task itself after its last run).
         *
         * @throws IllegalStateException with the task's failure as cause, if a run threw
         */
        void await() throws InterruptedException;
    }
}
