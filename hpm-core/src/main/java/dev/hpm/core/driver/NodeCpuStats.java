package dev.hpm.core.driver;

/**
 * Cumulative host CPU time over all CPUs ({@code virNodeGetCPUStats} with
 * {@code VIR_NODE_CPU_STATS_ALL_CPUS}), in nanoseconds, and when it was read (monotonic nanos).
 */
public record NodeCpuStats(long kernelNanos, long userNanos, long idleNanos, long iowaitNanos, long timestampNanos) {
    public long busyNanos() {
        return kernelNanos + userNanos;
    }
}
