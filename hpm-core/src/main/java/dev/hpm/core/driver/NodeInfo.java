package dev.hpm.core.driver;

/** {@code virNodeInfo}: the host's processor and memory facts. */
public record NodeInfo(String model, long memoryKiB, int cpus, int mhz, int nodes, int sockets, int cores,
                       int threads) {
}
