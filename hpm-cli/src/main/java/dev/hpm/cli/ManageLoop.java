package dev.hpm.cli;

import dev.hpm.core.cpu.ShareChange;
import dev.hpm.core.driver.DriverException;
import dev.hpm.core.loop.HostController;
import dev.hpm.core.loop.IntervalReport;
import dev.hpm.core.time.Timebase;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Runs the control loop of several hosts at a fixed interval, each host on its own virtual
 * thread so that a slow host delays only itself (its connection bounds every call), and reports
 * every host's interval in host order. When stopped it restores, on every host, the settings HPM
 * changed.
 */
final class ManageLoop {
    /** Waits until a monotonic instant; the simulator's version advances simulated time instead. */
    @FunctionalInterface
    interface Sleeper {
        void sleepUntil(long nanos) throws InterruptedException;
    }

    private final List<HostController> hosts;
    private final Timebase time;
    private final long intervalNanos;
    private final Sleeper sleeper;
    private final Consumer<IntervalReport> out;
    private volatile boolean stopped;

    ManageLoop(List<HostController> hosts, Timebase time, long intervalNanos, Sleeper sleeper,
               Consumer<IntervalReport> out) {
        this.hosts = List.copyOf(hosts);
        this.time = time;
        this.intervalNanos = intervalNanos;
        this.sleeper = sleeper;
        this.out = out;
    }

    /** Asks the loop to finish after the current interval (thread-safe). */
    void stop() {
        stopped = true;
    }

    /**
     * Runs until stopped or until {@code maxIntervals} (0: no limit) have passed, then restores.
     * Returns the restore changes made per host.
     */
    List<List<ShareChange>> run(long maxIntervals) throws InterruptedException {
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            try {
                loop(threads, maxIntervals);
            } catch (InterruptedException e) {
                if (!stopped) {
                    throw e;
                }
                Thread.interrupted(); // stopping: clear the interrupt so that the restore can run
            }
            return all(threads, hosts.stream().map(h -> (Callable<List<ShareChange>>) () -> restore(h)).toList());
        }
    }

    private void loop(ExecutorService threads, long maxIntervals) throws InterruptedException {
        all(threads, hosts.stream().map(h -> (Callable<Boolean>) h::start).toList());
        long next = time.nanos() + intervalNanos;
        for (long i = 1; !stopped && (maxIntervals == 0 || i <= maxIntervals); i++) {
            sleeper.sleepUntil(next);
            if (stopped) {
                return;
            }
            all(threads, hosts.stream().map(h -> (Callable<IntervalReport>) h::runInterval).toList()).forEach(out);
            next += intervalNanos;
            long now = time.nanos();
            if (next <= now) {
                next = now + intervalNanos; // fell behind: skip, never run intervals back to back
            }
        }
    }

    private static List<ShareChange> restore(HostController host) {
        try {
            return host.restoreAll();
        } catch (DriverException e) {
            System.err.println("hpm: " + host.host() + ": could not restore every server: " + e.getMessage());
            return List.of();
        }
    }

    private static <T> List<T> all(ExecutorService threads, List<Callable<T>> tasks) throws InterruptedException {
        List<Future<T>> futures = threads.invokeAll(tasks);
        List<T> results = new ArrayList<>(futures.size());
        for (Future<T> f : futures) {
            try {
                results.add(f.get());
            } catch (ExecutionException e) {
                throw new IllegalStateException("a host's control loop failed", e.getCause());
            }
        }
        return results;
    }
}
