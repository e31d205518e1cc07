package dev.hpm.sim.host;

import java.util.List;

/** Divides a simulated host's CPUs among its domains for one tick. */
@FunctionalInterface
public interface CpuScheduler {
    /**
     * Fills {@code allocation} with each domain's CPUs for the tick.
     *
     * @param wanted each domain's demand, already limited by its vCPUs
     */
    void allocate(double cpus, List<SimDomain> domains, double[] wanted, double[] allocation);
}
