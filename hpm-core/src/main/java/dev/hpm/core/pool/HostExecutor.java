package dev.hpm.core.pool;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Runs one task per host of a pool and returns their results in host order. In {@code hpm serve}
 * and {@code hpm manage} every task has its own thread, so that a slow host stalls only itself
 * (its connection bounds each call); in the simulator they run one after the other on the
 * caller's thread, which keeps a run deterministic.
 */
public interface HostExecutor {
    /**
     * Runs every task and waits for all of them.
     *
     * @throws RuntimeException the first failure of a task (wrapped if it was checked); a
     *                          {@link java.util.concurrent.CancellationException} if the caller was
     *                          interrupted (its interrupt flag is set again)
     */
    <T> List<T> all(List<? extends Callable<T>> tasks);

    /** Runs the tasks one after the other on the caller's thread: deterministic, for simulations and tests. */
    static HostExecutor sequential() {
        return new HostExecutor() {
            @Override
            public <T> List<T> all(List<? extends Callable<T>> tasks) {
                List<T> results = new ArrayList<>(tasks.size());
                for (Callable<T> task : tasks) {
                    try {
                        results.add(task.call());
                    } catch (RuntimeException e) {
                        throw e;
                    } catch (Exception e) {
                        throw new IllegalStateException("a host's task failed: " + e, e);
                    }
                }
                return results;
            }
        };
    }
}
