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
 * @param cpuUsed     CPU units its servers were allocated at the last measurement (the host's
 *                    utilisation times its capacity), NaN when not measured
 */
public record PoolHost(String id, double capacity, int cpus, long memoryMb, PowerState power,
                       boolean maintenance, boolean reachable, PowerModel powerModel, double cpuUsed) {
    public PoolHost {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(power, "power");
        Objects.requireNonNull(powerModel, "powerModel");
    }

    /** A host whose CPU use was not measured ({@code cpuUsed} NaN). */
    public PoolHost(String id, double capacity, int cpus, long memoryMb, PowerState power, boolean maintenance,
                    boolean reachable, PowerModel powerModel) {
        this(id, capacity, cpus, memoryMb, power, maintenance, reachable, powerModel, Double.NaN);
    }

    /** CPU utilisation at the last measurement (0…1), NaN when not measured. */
    public double utilisation() {
        return cpuUsed / capacity;
    }

    /** Whether new work may be put on this host now. */
    public boolean acceptsWork() {
        return power.isOn() && reachable && !maintenance;
    }

    public PoolHost withPower(PowerState state) {
        return new PoolHost(id, capacity, cpus, memoryMb, state, maintenance, reachable, powerModel, cpuUsed);
    }

    public PoolHost withMaintenance(boolean value) {
        return new PoolHost(id, capacity, cpus, memoryMb, power, value, reachable, powerModel, cpuUsed);
    }
}
