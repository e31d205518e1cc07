package dev.hpm.core.model;

import java.util.ArrayList;
import java.util.List;
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
        GroupRules.requireNone(GroupRules.definition(groups)); // names distinct, each server in one group
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
