package dev.hpm.sasp;

import dev.hpm.core.pool.Scheduler;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A scheduler the test drives: {@link #runDue()} runs every scheduled task once. */
final class ManualScheduler implements Scheduler {
    private final List<Runnable> tasks = new ArrayList<>();

    @Override
    public synchronized Handle scheduleAtFixedRate(Runnable task, Duration initialDelay, Duration period) {
        tasks.add(task);
        return new Handle() {
            @Override
            public void cancel() {
                synchronized (ManualScheduler.this) {
                    tasks.remove(task);
                }
            }

            @Override
            public void await() {
            }
        };
    }

    synchronized void runDue() {
        new ArrayList<>(tasks).forEach(Runnable::run);
    }
}
