package dev.hpm.core.model;

import java.util.Objects;
import java.util.Set;

/** What classification rules can see of a virtual server. */
public record VirtualServerInfo(String uuid, String name, String host, Set<String> tags, String osType) {
    public VirtualServerInfo {
        Objects.requireNonNull(uuid, "uuid");
        Objects.requireNonNull(name, "name");
        host = host == null ? "" : host;
        tags = tags == null ? Set.of() : Set.copyOf(tags);
        osType = osType == null ? "" : osType;
    }
}
