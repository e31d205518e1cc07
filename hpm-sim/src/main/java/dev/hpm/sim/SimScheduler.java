package dev.hpm.sim;

import dev.hpm.core.pool.Scheduler;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@link Scheduler} of simulated time: nothing runs until the simulation is stepped, then it
 * advances its {@link SimClock} tick by tick, lets the {@link World} move (events, every host's
 * tick) and runs, on the caller's thread and in the order they were scheduled, the tasks due at
 * the end of each tick. Deterministic; not thread-safe (one thread runs a simulation).
 */
public final class SimScheduler implements Scheduler {
    private final SimClock clock;
    private final long tick;
    private final World world;
    private final List<Periodic> tasks = new ArrayList<>();

    /** What moves with simulated time. */
    public interface World {
        /**
         * Makes happen what is due at {@code nowNanos} (scenario events). Called before every tick
         * and again before the tasks due at an instant run, so it must do nothing the second time.
         */
        default void fireDue(long nowNanos) {
        }

        /** Runs one tick of {@code tickNanos} from {@code nowNanos}: every host divides its CPUs. */
        void tick(long nowNanos, long tickNanos);
    }

    public SimScheduler(SimClock clock, Duration tick, World world) {
        if (tick == null || tick.isNegative() || tick.isZero()) {
            throw new IllegalArgumentException("the tick must be positive, was " + tick);
        }
        this.clock = clock;
        this.tick = tick.toNanos();
        this.world = world;
    }

    @Override
    public Handle scheduleAtFixedRate(Runnable task, Duration initialDelay, Duration period) {
        if (period.toNanos() % tick != 0 || initialDelay.toNanos() % tick != 0 || period.isZero()) {
            throw new IllegalArgumentException("period " + period + " and delay " + initialDelay
                    + " must be whole multiples of the tick (" + Duration.ofNanos(tick) + ")");
        }
        Periodic p = new Periodic(task, clock.nanos() + initialDelay.toNanos(), period.toNanos());
        tasks.add(p);
        return p;
    }

    /** Runs the simulation for {@code duration} (whole ticks), running every task that falls due. */
    public void runFor(Duration duration) {
        long ticks = duration.toNanos() / tick;
        for (long t = 0; t < ticks; t++) {
            step();
        }
    }

    /** One tick: the world moves, the clock advances, the tasks now due run. */
    private void step() {
        long now = clock.nanos();
        world.fireDue(now);
        world.tick(now, tick);
        clock.advance(tick);
        long end = clock.nanos();
        boolean fired = false;
        for (Periodic p : List.copyOf(tasks)) {
            if (!p.cancelled && p.due <= end) {
                if (!fired) {
                    world.fireDue(end);
                    fired = true;
                }
                p.run(end);
            }
        }
        tasks.removeIf(p -> p.cancelled);
    }

    private final class Periodic implements Handle {
        private final Runnable task;
        private final long period;
        private long due;
        private boolean cancelled;

        Periodic(Runnable task, long due, long period) {
            this.task = task;
            this.due = due;
            this.period = period;
        }

        void run(long now) {
            try {
                task.run();
            } catch (RuntimeException e) {
                cancelled = true;
                throw new IllegalStateException("a scheduled task failed: " + e.getMessage(), e);
            }
            due += period;
            if (due <= now) {
                due = now + period; // cannot happen on whole ticks; kept for the rule every scheduler keeps
            }
        }

        @Override
        public void cancel() {
            cancelled = true;
        }

        /** Advances simulated time until this task is cancelled. */
        @Override
        public void await() {
            while (!cancelled) {
                step();
            }
        }
    }
}
