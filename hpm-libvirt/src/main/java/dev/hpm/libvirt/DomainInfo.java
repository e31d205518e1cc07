package dev.hpm.libvirt;

/**
 * One domain as {@code virDomainGetUUIDString}, {@code virDomainGetName}, {@code virDomainGetID} and
 * {@code virDomainGetInfo} describe it.
 *
 * @param id           the hypervisor's id while the domain runs, -1 when it is inactive
 * @param maxMemoryKiB the most memory the domain may have
 * @param memoryKiB    the memory it has now
 * @param cpuTimeNanos CPU time it used since it started
 */
public record DomainInfo(String uuid, String name, int id, DomainState state, long maxMemoryKiB, long memoryKiB,
                         int vcpus, long cpuTimeNanos) {

    /** True while the domain has a running (or paused) hypervisor process. */
    public boolean active() {
        return id >= 0;
    }
}
