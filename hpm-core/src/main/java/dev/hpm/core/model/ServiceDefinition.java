package dev.hpm.core.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything an operator defines about goals, named after z/OS WLM's service definition: the
 * velocity mapping and the workload resource groups with their policies. The built-in
 * {@code default} group is always present (first); a definition without it gets one with
 * {@link PerformancePolicy#DEFAULT}. Instances are immutable and always valid.
 */
public record ServiceDefinition(VelocityMapping velocityMapping, List<WorkloadResourceGroup> groups) {

    public ServiceDefinition {
        Objects.requireNonNull(velocityMapping, "velocityMapping");
        List<WorkloadResourceGroup> all = new ArrayList<>(Objects.requireNonNull(groups, "groups"));
        if (all.stream().noneMatch(WorkloadResourceGroup::isDefault)) {
            all.addFirst(WorkloadResourceGroup.defaultGroup(PerformancePolicy.DEFAULT));
        } else {
            WorkloadResourceGroup dflt = all.stream().filter(WorkloadResourceGroup::isDefault).findFirst().orElseThrow();
            all.remove(dflt);
            all.addFirst(dflt);
        }
        groups = List.copyOf(all);
        Problems problems = new Problems();
        Problems conflicts = new Problems();
        Map<String, String> names = new HashMap<>();
        Map<String, String> memberOf = new HashMap<>();
        for (WorkloadResourceGroup group : groups) {
            String key = group.name().toLowerCase(Locale.ROOT);
            if (names.putIfAbsent(key, group.name()) != null) {
                conflicts.add("workload-resource-groups[" + group.name() + "].name", group.name(),
                        "a group of that name exists already; choose another name");
            }
            for (String member : group.members()) {
                String previous = memberOf.putIfAbsent(member, group.name());
                if (previous != null && !previous.equals(group.name())) {
                    conflicts.add("workload-resource-groups[" + group.name() + "].members", member,
                            "this virtual server is already in group " + previous + "; remove it there first");
                }
            }
        }
        problems.throwIfAny();
        if (!conflicts.isEmpty()) {
            throw new DefinitionConflictException(conflicts.list());
        }
    }

    /** Just the default group with the default policy and mapping. */
    public static ServiceDefinition empty() {
        return new ServiceDefinition(VelocityMapping.DEFAULT, List.of());
    }

    public Optional<WorkloadResourceGroup> group(String name) {
        return groups.stream().filter(g -> g.name().equals(name)).findFirst();
    }

    public WorkloadResourceGroup defaultGroup() {
        return groups.getFirst();
    }

    /** A copy with {@code group} added, or replacing the group of the same name. */
    public ServiceDefinition withGroup(WorkloadResourceGroup group) {
        List<WorkloadResourceGroup> next = new ArrayList<>(groups);
        next.removeIf(g -> g.name().equals(group.name()));
        next.add(group);
        return new ServiceDefinition(velocityMapping, next);
    }
}
