package dev.hpm.core.dwm;

import dev.hpm.core.model.ClassInfo;

import java.util.Objects;

/**
 * One virtual server of a pool as the DWM planner sees it in one interval.
 *
 * @param host      the host it runs on (the source while it migrates)
 * @param vcpus     its vCPUs
 * @param maxCpu    the most CPU units it can use (vCPUs × the reference speed a vCPU can reach, or
 *                  a smaller cap); demand never exceeds it
 * @param memoryMb  its memory, what a live migration copies
 * @param demand    CPU units it was runnable for over the last interval (using + delay), the demand
 *                  the CPU manager's CFS model projects with
 * @param shares    the {@code cpu_shares} the CPU manager set, which DWM's projections use
 * @param serviceClass its service class (goal and importance)
 * @param pi        its performance index over the last interval, NaN when it had no velocity; for a
 *                  response-time class, the PI of its own completions (NaN with too few), which the
 *                  planner carries to other placements with {@link dev.hpm.core.cpu.ResponseTimeModel}
 * @param migrating true while a migration of it is in flight; it is neither moved nor counted twice
 */
public record PoolServer(String id, String host, int vcpus, double maxCpu, long memoryMb, double demand,
                         long shares, ClassInfo serviceClass, double pi, boolean migrating) {
    public PoolServer {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(serviceClass, "serviceClass");
    }
}
