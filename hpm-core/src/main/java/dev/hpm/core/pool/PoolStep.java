package dev.hpm.core.pool;

/**
 * What a pool does once per interval after all its hosts have run: the pool-level hook of the
 * {@link PoolRunner}. {@code hpm serve} records the interval in the store, {@code hpm manage}
 * prints it, the simulator scores it; a pool-level planner (DWM) is one more step, called once
 * per pool interval with every host's report.
 */
@FunctionalInterface
public interface PoolStep {
    /** Called once per interval, after every host has run it, on the thread that ran the interval. */
    void afterHosts(PoolInterval interval);

    /**
     * Called when a scheduled interval threw: a bug, or a step's own failure (hosts report their
     * hypervisor failures in their reports instead). By default the failure ends the runs and
     * {@link PoolRunner#await()} throws it; a server that must keep going logs it and returns.
     */
    default void failed(long interval, RuntimeException failure) {
        throw failure;
    }

    /** This step, then {@code next}; failures are handled by this step's {@link #failed}. */
    default PoolStep andThen(PoolStep next) {
        PoolStep first = this;
        return new PoolStep() {
            @Override
            public void afterHosts(PoolInterval interval) {
                first.afterHosts(interval);
                next.afterHosts(interval);
            }

            @Override
            public void failed(long interval, RuntimeException failure) {
                first.failed(interval, failure);
            }
        };
    }

    /** Does nothing. */
    static PoolStep none() {
        return interval -> {
        };
    }
}
