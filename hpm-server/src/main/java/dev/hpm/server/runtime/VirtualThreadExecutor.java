package dev.hpm.server.runtime;

import dev.hpm.core.pool.HostExecutor;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The {@link HostExecutor} of {@code hpm serve} and {@code hpm manage}: every host's task on its
 * own virtual thread, so that a slow host delays only itself (its connection bounds every call).
 */
public final class VirtualThreadExecutor implements HostExecutor, AutoCloseable {
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();

    @Override
    public <T> List<T> all(List<? extends Callable<T>> tasks) {
        try {
            List<Future<T>> futures = threads.invokeAll(tasks);
            List<T> results = new ArrayList<>(futures.size());
            for (Future<T> f : futures) {
                results.add(f.get());
            }
            return results;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while the hosts ran");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r
                    : new IllegalStateException("a host's task failed: " + e.getCause(), e.getCause());
        }
    }

    /** Waits for running tasks and ends the threads. */
    @Override
    public void close() {
        threads.close();
    }
}
