package dev.hpm.core.driver;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

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

    /**
     * Starts, pauses, resumes, shuts down, stops, reboots or resets a domain. A transition the domain's
     * state does not allow fails with libvirt's {@code VIR_ERR_OPERATION_INVALID} ({@value #OPERATION_INVALID});
     * a driver without lifecycle control with {@code VIR_ERR_NO_SUPPORT} ({@value #NO_SUPPORT}), the default.
     */
    default void changeState(String uuid, DomainAction action) {
        throw new DriverException(NO_SUPPORT, "this driver cannot change a domain's state (" + uri() + ")");
    }

    /** The domain's disks and network interfaces from its definition; by default none known. */
    default DomainDevices devices(String uuid) {
        return DomainDevices.NONE;
    }

    /**
     * The tags the domain itself carries (for libvirt, HPM's element in the domain's
     * {@code <metadata>}, docs/libvirt-hosts.md), so that they travel with the domain. Empty if the
     * driver keeps no tags or the domain carries none of HPM's: HPM's own record then stands. A
     * present empty set means "tagged with none".
     */
    default Optional<Set<String>> tags(String uuid) {
        return Optional.empty();
    }

    /** True if {@link #setTags} stores tags in the domain; by default false. */
    default boolean keepsTags() {
        return false;
    }

    /**
     * Stores {@code tags} (replacing the old) in the domain's persistent definition and, while it
     * runs, in its live one; {@code VIR_ERR_NO_SUPPORT} by default.
     */
    default void setTags(String uuid, Set<String> tags) {
        throw new DriverException(NO_SUPPORT, "this driver keeps no tags in the domain (" + uri() + ")");
    }

    /**
     * Delivers the host's domain lifecycle events to {@code listener} from now on, until the returned
     * subscription is closed or the driver is. The listener runs on the driver's event thread: it must
     * return quickly and must not call the driver. By default there are no events.
     */
    default Subscription onDomainEvents(Consumer<DomainEvent> listener) {
        return Subscription.NONE;
    }

    /** A registration that {@link #close()} ends; closing twice is harmless. */
    @FunctionalInterface
    interface Subscription extends AutoCloseable {
        /** A subscription to nothing. */
        Subscription NONE = () -> {
        };

        @Override
        void close();
    }

    /** libvirt's {@code VIR_ERR_NO_SUPPORT}. */
    int NO_SUPPORT = 3;
    /** libvirt's {@code VIR_ERR_OPERATION_INVALID}: not valid in the domain's current state. */
    int OPERATION_INVALID = 55;

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
