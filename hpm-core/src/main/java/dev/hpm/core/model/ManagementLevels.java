package dev.hpm.core.model;

import java.util.Map;
import java.util.Objects;

/**
 * Management levels per host and per virtual server (by UUID or name), with defaults for those not
 * listed. The effective level of a server is the lower of its own and its host's.
 */
public record ManagementLevels(ManagementLevel hostDefault, Map<String, ManagementLevel> hosts,
                               ManagementLevel serverDefault, Map<String, ManagementLevel> servers) {
    public ManagementLevels {
        Objects.requireNonNull(hostDefault, "hostDefault");
        Objects.requireNonNull(serverDefault, "serverDefault");
        hosts = Map.copyOf(hosts);
        servers = Map.copyOf(servers);
    }

    /** Every host and server at {@code level}. */
    public static ManagementLevels all(ManagementLevel level) {
        return new ManagementLevels(level, Map.of(), level, Map.of());
    }

    public ManagementLevel host(String host) {
        return hosts.getOrDefault(host, hostDefault);
    }

    /** The effective level of server {@code uuid} on {@code host}. */
    public ManagementLevel server(String host, String uuid) {
        return servers.getOrDefault(uuid, serverDefault).min(host(host));
    }

    /** The effective level of a server listed by UUID or, failing that, by name. */
    public ManagementLevel server(String host, String uuid, String name) {
        ManagementLevel own = servers.get(uuid);
        if (own == null) {
            own = name == null ? serverDefault : servers.getOrDefault(name, serverDefault);
        }
        return own.min(host(host));
    }

    public ManagementLevels withHost(String host, ManagementLevel level) {
        Map<String, ManagementLevel> next = new java.util.HashMap<>(hosts);
        next.put(host, level);
        return new ManagementLevels(hostDefault, next, serverDefault, servers);
    }

    public ManagementLevels withServer(String uuid, ManagementLevel level) {
        Map<String, ManagementLevel> next = new java.util.HashMap<>(servers);
        next.put(uuid, level);
        return new ManagementLevels(hostDefault, hosts, serverDefault, next);
    }
}
