package dev.hpm.cli;

import dev.hpm.core.loop.HostController;
import dev.hpm.core.loop.IntervalReport;
import dev.hpm.core.pool.HostExecutor;
import dev.hpm.core.pool.HostRestore;
import dev.hpm.core.pool.PoolRunner;
import dev.hpm.core.time.Timebase;
import dev.hpm.core.pool.Scheduler;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code hpm manage}'s loop: the hosts in one {@link PoolRunner} at a fixed interval (on
 * {@code hpm manage} each host on its own virtual thread, so that a slow host delays only itself;
 * its connection bounds every call), every host's interval reported in host order, until stopped
 * or a number of intervals; then, on every host, the settings HPM changed are restored.
 */
final class ManageLoop {
    private final PoolRunner runner;
    private volatile boolean stopped;

    ManageLoop(List<HostController> hosts, Timebase time, Duration interval, Scheduler scheduler,
               HostExecutor executor, Consumer<IntervalReport> out) {
        this.runner = new PoolRunner(hosts, interval, time, scheduler, executor,
                pool -> pool.reports().forEach(out));
    }

    /** Asks the loop to finish after the current interval (thread-safe). */
    void stop() {
        stopped = true;
        runner.stop();
    }

    /**
     * Runs until stopped or until {@code maxIntervals} (0: no limit) have passed, then restores.
     * Returns what was restored on each host, in host order.
     */
    List<HostRestore> run(long maxIntervals) throws InterruptedException {
        runner.start(maxIntervals);
        try {
            runner.await();
        } catch (InterruptedException e) {
            if (!stopped) {
                throw e;
            }
            Thread.interrupted(); // stopping: clear the interrupt, let the current interval end, then restore
            runner.await();
        }
        return runner.restoreAll();
    }
}
