package dev.hpm.core.driver;

import java.util.List;
import java.util.Set;

/**
 * One connection to one hypervisor host. The libvirt driver and the simulator both implement
 * it, so measurement and the CPU manager run unchanged on either. Implementations report
 * failures as {@link DriverException}s carrying the hypervisor's own message and code.
 */
public interface HypervisorDriver extends AutoCloseable {

    /** The URI this driver is connected to, e.g. {@code qemu:///system} or {@code sim://host-1}. */
    String uri();

    /** {@code virNodeGetInfo}: CPUs, memory, topology. */
    NodeInfo nodeInfo();

    /** {@code virNodeGetCPUStats} for all CPUs, in nanoseconds. */
    NodeCpuStats nodeCpuStats();

    /**
     * {@code virConnectGetAllDomainStats} for the active domains: one round trip for every domain's
     * counters in the requested groups, decoded by {@link DomainStatsDecoder}.
     */
    List<DomainSample> domainStats(Set<StatsGroup> groups);

    /** {@code virDomainGetSchedulerParametersFlags} of the running domain. */
    SchedulerParameters schedulerParameters(String uuid);

    /** {@code virDomainSetSchedulerParametersFlags}: changes only what {@code update} sets. */
    void updateScheduler(String uuid, SchedulerUpdate update, Set<Affect> affect);

    /** Closes the connection; further calls fail. */
    @Override
    void close();

    /** {@code VIR_DOMAIN_AFFECT_*}: where a change applies. */
    enum Affect {
        /** The running domain ({@code VIR_DOMAIN_AFFECT_LIVE}). */
        LIVE,
        /** The persistent definition ({@code VIR_DOMAIN_AFFECT_CONFIG}). */
        CONFIG
    }
}
