package dev.hpm.server.runtime;

import dev.hpm.core.pool.Scheduler;
import dev.hpm.core.time.Timebase;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The real-time {@link Scheduler} of {@code hpm serve} and {@code hpm manage}, on a
 * {@link ScheduledExecutorService} with one daemon thread. Each run schedules the next at the
 * following fixed-rate instant of the injected {@link Timebase}; a run that comes late skips the
 * instants it missed instead of running back to back. Closing stops the thread.
 */
public final class ExecutorScheduler implements Scheduler, AutoCloseable {
    private final ScheduledExecutorService executor;
    private final Timebase time;

    /** A scheduler with its own daemon thread called {@code threadName}. */
    public ExecutorScheduler(String threadName, Timebase time) {
        this.executor = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name(threadName).factory());
        this.time = time;
    }

    @Override
    public Handle scheduleAtFixedRate(Runnable task, Duration initialDelay, Duration period) {
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("the period must be positive, was " + period);
        }
        Periodic p = new Periodic(task, time.nanos() + initialDelay.toNanos(), period.toNanos());
        synchronized (p) {
            p.scheduleNext();
        }
        return p;
    }

    /** Stops at once (a run in progress is interrupted) and waits up to {@code wait} for the thread to end. */
    public void shutdown(Duration wait) {
        executor.shutdownNow();
        try {
            executor.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        shutdown(Duration.ofSeconds(5));
    }

    private final class Periodic implements Handle {
        private final Runnable task;
        private final long period;
        private long due;
        private boolean cancelled;
        private boolean running;
        private RuntimeException failure;
        private ScheduledFuture<?> pending;

        Periodic(Runnable task, long due, long period) {
            this.task = task;
            this.due = due;
            this.period = period;
        }

        /** Schedules the run at {@code due}; called with this handle's lock held. */
        private void scheduleNext() {
            long delay = Math.max(0, due - time.nanos());
            try {
                pending = executor.schedule(this::run, delay, TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException shutDown) {
                cancelled = true;
            }
        }

        private void run() {
            synchronized (this) {
                if (cancelled) {
                    return;
                }
                running = true;
            }
            RuntimeException failed = null;
            try {
                task.run();
            } catch (RuntimeException e) {
                failed = e;
            }
            synchronized (this) {
                running = false;
                if (failed != null) {
                    failure = failed;
                    cancelled = true;
                } else if (!cancelled) {
                    due += period;
                    long now = time.nanos();
                    if (due <= now) {
                        due = now + period; // fell behind: skip, never run back to back
                    }
                    scheduleNext();
                }
                notifyAll();
            }
        }

        @Override
        public synchronized void cancel() {
            cancelled = true;
            if (pending != null) {
                pending.cancel(false);
            }
            notifyAll();
        }

        @Override
        public synchronized void await() throws InterruptedException {
            while (!cancelled || running) {
                wait();
            }
            if (failure != null) {
                throw new IllegalStateException("a scheduled task failed: " + failure.getMessage(), failure);
            }
        }
    }
}
