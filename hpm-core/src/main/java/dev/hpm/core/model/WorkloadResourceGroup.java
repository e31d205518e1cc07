package dev.hpm.core.model;

import java.util.Objects;
import java.util.Set;

/**
 * The virtual servers that together serve one business application, with the group's business
 * importance and its performance policy. {@code cpuMaximum}, when set, caps the CPUs (cores) the
 * group's servers may use together on each host, enforced with CFS quota; {@code cpuMinimum} is
 * the CPUs per host the group should get when it wants them.
 *
 * @param members the member virtual servers, by UUID or by name (a UUID match wins); empty for the
 *                built-in {@code default} group, which holds every server that is in no other group
 */
public record WorkloadResourceGroup(String name, String description, Importance importance,
                                    PerformancePolicy policy, Double cpuMinimum, Double cpuMaximum,
                                    Set<String> members) {
    /** Name of the built-in group of servers in no other group. */
    public static final String DEFAULT_NAME = "default";
    /** The largest accepted CPU minimum or maximum, in CPUs. */
    public static final double MAX_CPUS = 4096;

    public WorkloadResourceGroup {
        Objects.requireNonNull(importance, "importance");
        Objects.requireNonNull(policy, "policy");
        members = Set.copyOf(Objects.requireNonNull(members, "members"));
        description = description == null ? "" : description;
        Problems problems = new Problems();
        Identifiers.checkDescription(problems, "description", description);
        Identifiers.check(problems, "name", name);
        checkCpus(problems, "cpu-minimum", cpuMinimum, 0);
        checkCpus(problems, "cpu-maximum", cpuMaximum, 0.01);
        if (cpuMinimum != null && cpuMaximum != null && cpuMinimum > cpuMaximum) {
            problems.add("cpu-minimum", cpuMinimum, "must not exceed cpu-maximum (" + cpuMaximum + ")");
        }
        if (DEFAULT_NAME.equals(name) && !members.isEmpty()) {
            problems.add("members", members.size() + " servers",
                    "the default group holds every server in no other group; add servers to another group instead");
        }
        problems.throwIfAny();
    }

    public static WorkloadResourceGroup of(String name, Importance importance, PerformancePolicy policy,
                                           Set<String> members) {
        return new WorkloadResourceGroup(name, "", importance, policy, null, null, members);
    }

    public static WorkloadResourceGroup defaultGroup(PerformancePolicy policy) {
        return of(DEFAULT_NAME, Importance.MEDIUM, policy, Set.of());
    }

    public boolean isDefault() {
        return DEFAULT_NAME.equals(name);
    }

    public WorkloadResourceGroup withPolicy(PerformancePolicy newPolicy) {
        return new WorkloadResourceGroup(name, description, importance, newPolicy, cpuMinimum, cpuMaximum, members);
    }

    public WorkloadResourceGroup withMembers(Set<String> newMembers) {
        return new WorkloadResourceGroup(name, description, importance, policy, cpuMinimum, cpuMaximum, newMembers);
    }

    private static void checkCpus(Problems problems, String field, Double value, double lowest) {
        if (value != null && (value.isNaN() || value < lowest || value > MAX_CPUS)) {
            problems.add(field, value, "give a number of CPUs from " + lowest + " to " + (int) MAX_CPUS
                    + ", or leave it out for no limit");
        }
    }
}
