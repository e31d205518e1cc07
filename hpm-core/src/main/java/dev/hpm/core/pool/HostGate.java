package dev.hpm.core.pool;

/**
 * Which hosts a {@link PoolRunner} runs intervals on, asked at the start of every interval: all
 * of them on a single instance; in a cluster of instances, the hosts whose lease this instance
 * holds (docs/cluster.md).
 */
@FunctionalInterface
public interface HostGate {
    /** Every host, every interval. */
    HostGate ALL = host -> true;

    boolean active(String host);
}
