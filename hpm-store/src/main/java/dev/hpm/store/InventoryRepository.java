package dev.hpm.store;

import dev.hpm.core.model.ManagementLevel;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Hosts and virtual servers HPM has seen, and what operators set on them: description, tags and
 * management level (null means "the default level"). Servers are identified by UUID.
 */
public interface InventoryRepository {

    /** A virtual server. {@code level} null: follows the default level. */
    record ServerRecord(String uuid, String name, String host, int vcpus, String description, Set<String> tags,
                        String osType, ManagementLevel level, Instant firstSeen, Instant lastSeen) {
    }

    /** A host. {@code id} is what HPM calls it (its URI for libvirt hosts); {@code level} null: the default. */
    record HostRecord(String id, String name, String uri, int cpus, ManagementLevel level, Instant firstSeen,
                      Instant lastSeen) {
    }

    /** What a host reported of one server this interval. */
    record SeenServer(String uuid, String name, int vcpus) {
    }

    /**
     * What an operator changes on a server; absent fields stay as they are. {@code level} present
     * and empty means "back to the default level".
     */
    record ServerUpdate(Optional<String> description, Optional<Set<String>> tags,
                        Optional<Optional<ManagementLevel>> level) {
    }

    /** What one host reported: its CPUs, and the servers to record, at {@code at}. */
    record HostSighting(String host, int cpus, List<SeenServer> servers, Instant at) {
        public HostSighting {
            servers = List.copyOf(servers);
        }
    }

    /** Records that {@code host} (with {@code cpus}) reported these servers at {@code at}: upserts names, host, vCPUs, last seen. */
    default void seen(String host, int cpus, List<SeenServer> servers, Instant at) {
        seen(List.of(new HostSighting(host, cpus, servers, at)));
    }

    /**
     * {@link #seen(String, int, List, Instant)} of several hosts in one write (a batch per table, as an
     * interval's write groups hosts); a server two of them reported is recorded as the later one's.
     */
    void seen(List<HostSighting> hosts);

    /**
     * Records when servers were last seen ({@code uuid → time}), for servers a host stopped reporting;
     * a stored sighting that is later already stays (it never moves back). Unknown UUIDs are ignored.
     */
    void lastSeen(Map<String, Instant> servers);

    /** Every server, by name. */
    List<ServerRecord> servers();

    /** A server by UUID, or by name if no UUID matches. */
    Optional<ServerRecord> server(String uuidOrName);

    /** @throws NotFoundException if there is no such server */
    ServerRecord updateServer(String uuid, ServerUpdate update);

    /** Every host, by id. */
    List<HostRecord> hosts();

    Optional<HostRecord> host(String id);

    /** Registers a host HPM is configured to manage (idempotent; keeps its level). */
    HostRecord registerHost(String id, String name, String uri);

    /** @throws NotFoundException if there is no such host; a null level means the default */
    HostRecord setHostLevel(String id, ManagementLevel level);

    /** The level of hosts and servers that have none of their own (initially {@code manage}). */
    ManagementLevel defaultLevel();

    void setDefaultLevel(ManagementLevel level);

    /**
     * Sets management levels in one transaction, all or none: the default (unless null), hosts by
     * id (null: the default), servers by UUID (empty: the default).
     *
     * @throws NotFoundException if a host or server is unknown
     */
    void setLevels(ManagementLevel fallback, Map<String, ManagementLevel> hosts,
                   Map<String, Optional<ManagementLevel>> servers);
}
