package dev.hpm.core.model;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link GroupRules} need to know of the stored workload resource groups: which group holds a
 * name (by {@link GroupRules#nameKey name key}) and which group lists a member key (a VS UUID or
 * name). A store fills it inside the transaction of the change, from the rows it read for the names
 * and members the change mentions; a name or key that is not in the maps is held by no group.
 *
 * @param names   name key to the group of that name
 * @param members member key to the group that lists it
 */
public record GroupFacts(Map<String, Holder> names, Map<String, Holder> members) {
    /** A stored group as the rules name it: its id ({@code null} for a group not stored yet) and name. */
    public record Holder(String id, String name) {
        public Holder {
            Objects.requireNonNull(name, "name");
        }
    }

    public GroupFacts {
        names = Map.copyOf(names);
        members = Map.copyOf(members);
    }

    /** No group holds anything. */
    public static GroupFacts none() {
        return new GroupFacts(Map.of(), Map.of());
    }

    /** The facts of whole groups (a definition held in memory): group id to group. */
    public static GroupFacts of(Map<String, WorkloadResourceGroup> groupsById) {
        Map<String, Holder> names = new HashMap<>();
        Map<String, Holder> members = new HashMap<>();
        groupsById.forEach((id, g) -> {
            Holder h = new Holder(id, g.name());
            names.put(GroupRules.nameKey(g.name()), h);
            g.members().forEach(m -> members.put(m, h));
        });
        return new GroupFacts(names, members);
    }

    /** The group holding {@code name}, compared without regard to case. */
    public Optional<Holder> nameHolder(String name) {
        return Optional.ofNullable(names.get(GroupRules.nameKey(name)));
    }

    /** The group listing {@code key}. */
    public Optional<Holder> memberHolder(String key) {
        return Optional.ofNullable(members.get(key));
    }
}
