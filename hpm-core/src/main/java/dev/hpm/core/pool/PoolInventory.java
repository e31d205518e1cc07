package dev.hpm.core.pool;

import dev.hpm.core.dwm.PowerModel;
import dev.hpm.core.dwm.PowerState;

import java.util.List;

/**
 * The facts about a pool's hosts that no interval report carries: capacity, memory, power state,
 * maintenance and power model, and each server's memory. {@link DwmStep} reads it once per
 * interval to build the planner's view. The simulator's pool and, in {@code hpm serve}, the
 * configured pool (hosts' node info, the operator's maintenance flags, the power driver's state)
 * implement it.
 */
public interface PoolInventory {
    /** Every host of the pool, whatever its power state, in a stable order. */
    List<HostFacts> hosts();

    /** The memory of {@code server} (by name) in MB, what a live migration copies. */
    long serverMemoryMb(String server);

    /**
     * One host's facts.
     *
     * @param capacity CPU units available to servers (CPUs × relative speed)
     */
    record HostFacts(String id, double capacity, int cpus, long memoryMb, PowerState power, boolean maintenance,
                     PowerModel powerModel) {
    }
}
