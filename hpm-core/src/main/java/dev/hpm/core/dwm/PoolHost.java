package dev.hpm.core.dwm;

import java.util.Objects;

/**
 * One host of a server pool as the DWM planner sees it in one interval.
 *
 * <p>CPU is counted in <em>CPU units</em>: one CPU of the pool's reference speed. A host's
 * {@code capacity} is its CPUs times their relative speed (1.0 unless the operator says a host is
 * faster), so that demand measured on one host can be projected on another.
 *
 * @param capacity    CPU units available to servers
 * @param cpus        physical CPUs, the bound on a single server's vCPUs
 * @param memoryMb    memory available to servers
 * @param power       power state
 * @param maintenance true while the host is in (or entering) maintenance mode
 * @param reachable   false when the host does not answer; an unreachable host is never a source or a target
 * @param powerModel  watts by utilisation when on
 */
public record PoolHost(String id, double capacity, int cpus, long memoryMb, PowerState power,
                       boolean maintenance, boolean reachable, PowerModel powerModel) {
    public PoolHost {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(power, "power");
        Objects.requireNonNull(powerModel, "powerModel");
    }

    /** Whether new work may be put on this host now. */
    public boolean acceptsWork() {
        return power.isOn() && reachable && !maintenance;
    }

    public PoolHost withPower(PowerState state) {
        return new PoolHost(id, capacity, cpus, memoryMb, state, maintenance, reachable, powerModel);
    }

    public PoolHost withMaintenance(boolean value) {
        return new PoolHost(id, capacity, cpus, memoryMb, power, value, reachable, powerModel);
    }
}
