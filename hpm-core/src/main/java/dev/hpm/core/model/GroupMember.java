package dev.hpm.core.model;

import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * A virtual server to add to or remove from a workload resource group: the key it is stored under
 * (its UUID) and the other keys it may be listed under (its name). A group may list a server by any
 * of its keys; after an addition it lists it by {@link #key()}.
 */
public record GroupMember(String key, Set<String> aliases) {
    public GroupMember {
        Objects.requireNonNull(key, "key");
        aliases = Set.copyOf(aliases);
    }

    /** Every alias, then the key. */
    public Set<String> keys() {
        Set<String> keys = new LinkedHashSet<>(aliases);
        keys.add(key);
        return keys;
    }

    /** How the caller knows the server: its first alias (its name) if it has one, else its key. */
    public String shown() {
        return aliases.isEmpty() ? key : aliases.iterator().next();
    }
}
