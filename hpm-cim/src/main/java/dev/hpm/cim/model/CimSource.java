package dev.hpm.cim.model;

import dev.hpm.core.driver.DomainAction;

import java.util.List;
import java.util.OptionalLong;

/**
 * What the CIM model is built from and acts through: HPM's live inventory ({@link #snapshot()})
 * and the two changes CIM clients may make. {@code hpm serve} implements it over its store, its
 * latest interval and the hypervisor drivers; tests may implement it over plain lists.
 */
public interface CimSource {
    /** The inventory now; called once per request. */
    Snapshot snapshot();

    /**
     * A virtual system's libvirt state now, read from its host (the snapshot's may be an interval
     * old); RequestStateChange decides with it whether "enable" means start or resume.
     */
    default int currentState(VirtualSystem system) {
        return system.state();
    }

    /** A virtual system's disks and network interfaces; called only for the classes that show them. */
    default dev.hpm.core.driver.DomainDevices devices(VirtualSystem system) {
        return dev.hpm.core.driver.DomainDevices.NONE;
    }

    /**
     * Changes a virtual system's run state through its host's driver, recorded as done by {@code user}.
     *
     * @throws dev.hpm.core.driver.DriverException as the driver reports it (e.g. {@code OPERATION_INVALID})
     * @throws Refused if HPM does not let the change be made
     */
    void changeState(String user, VirtualSystem system, DomainAction action);

    /**
     * Sets a virtual system's CPU weight ({@code cpu_shares}) and/or cap (in percent of one CPU, 0 for
     * none) through its host's driver.
     *
     * @throws Refused if HPM does not let the change be made (see docs/cim.md: management levels)
     * @throws dev.hpm.core.driver.DriverException as the driver reports it
     */
    void setProcessor(String user, VirtualSystem system, OptionalLong weight, OptionalLong limitPercent);

    /** HPM does not allow the change; the message says why and what to do. */
    final class Refused extends RuntimeException {
        public Refused(String message) {
            super(message);
        }
    }

    /** Every host, virtual system, workload resource group and service class HPM knows now. */
    record Snapshot(List<Host> hosts, List<VirtualSystem> systems, List<Group> groups, List<ServiceClass> classes) {
        public Snapshot {
            hosts = List.copyOf(hosts);
            systems = List.copyOf(systems);
            groups = List.copyOf(groups);
            classes = List.copyOf(classes);
        }
    }

    /** A managed host: HPM's id for it (a libvirt URI or {@code sim://NAME}), its name, CPUs and memory. */
    record Host(String id, String name, int cpus, long memoryKiB) {
    }

    /**
     * A virtual system (libvirt domain).
     *
     * @param host         the {@link Host#id()} of its host
     * @param state        libvirt's {@code virDomainState} (1 running, 3 paused, 5 shut off, …; 0 unknown)
     * @param shares       its {@code cpu_shares}, or -1 if unknown
     * @param capPercent   its cap in percent of one CPU, 0 for none, -1 if unknown
     * @param level        its effective management level: none, monitor or manage
     * @param usingPercent the CPU its vCPUs used in the last interval, percent of its vCPUs, -1 if unknown
     */
    record VirtualSystem(String uuid, String name, String host, int vcpus, long memoryKiB, int state, long shares,
                         long capPercent, String group, String serviceClass, String level, int usingPercent) {
    }

    /** A workload resource group; {@code velocity} and {@code pi} NaN if none this interval. */
    record Group(String name, String description, int importance, int servers, double velocity, double pi) {
    }

    /** A service class; importance 0 for discretionary work. */
    record ServiceClass(String group, String name, String description, String goal, int goalVelocity, int importance,
                        int servers, double velocity, double pi) {
    }
}
