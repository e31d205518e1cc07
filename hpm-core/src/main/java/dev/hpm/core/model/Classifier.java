package dev.hpm.core.model;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ArrayList;

/**
 * Assigns virtual servers to service classes: a server belongs to the group that lists its UUID
 * or, failing that, its name (else the {@code default} group); that group's rules are tried in order and the first whose
 * filters all match names the class; if none matches, the policy's default class applies.
 * Filter values are compiled once, when the classifier is built; a regular expression is matched
 * with a bound on its work ({@link BoundedRegex}) and one that runs out of it matches nothing and
 * is listed by {@link #exhaustedFilters()}.
 */
public final class Classifier {
    private final Map<String, WorkloadResourceGroup> groupOfMember = new HashMap<>();
    private final Map<String, CompiledPolicy> policies = new HashMap<>();
    private final WorkloadResourceGroup defaultGroup;

    public Classifier(ServiceDefinition definition) {
        this.defaultGroup = definition.defaultGroup();
        for (WorkloadResourceGroup group : definition.groups()) {
            group.members().forEach(m -> groupOfMember.put(m, group));
            policies.put(group.name(), new CompiledPolicy(group, definition.velocityMapping()));
        }
    }

    /** The group and service class of {@code server}. */
    public ClassInfo classify(VirtualServerInfo server) {
        return policies.get(groupOf(server).name()).classify(server);
    }

    /** The group {@code server} belongs to: listed by UUID, else by name, else {@code default}. */
    public WorkloadResourceGroup groupOf(VirtualServerInfo server) {
        WorkloadResourceGroup group = groupOfMember.get(server.uuid());
        return group != null ? group : groupOfMember.getOrDefault(server.name(), defaultGroup);
    }

    /** Index of the first rule of the server's group that matches it (0-based), or -1 if none does. */
    public int matchingRule(VirtualServerInfo server) {
        return policies.get(groupOf(server).name()).firstMatch(server);
    }

    /**
     * The filters whose regular expression ran out of work, e.g. {@code Web: rules[0].filters[1]
     * (name regex "((.*)*)*!")}; they match no server until the definition changes.
     */
    public List<String> exhaustedFilters() {
        List<String> out = new ArrayList<>();
        policies.forEach((group, policy) -> {
            for (int r = 0; r < policy.rules.size(); r++) {
                List<CompiledFilter> filters = policy.rules.get(r);
                for (int f = 0; f < filters.size(); f++) {
                    if (filters.get(f).matcher() instanceof BoundedRegex regex && regex.exhausted() > 0) {
                        out.add(group + ": rules[" + r + "].filters[" + f + "] (" + filters.get(f).attribute().label()
                                + " regex \"" + regex.regex() + "\")");
                    }
                }
            }
        });
        out.sort(null);
        return out;
    }

    private record CompiledFilter(FilterAttribute attribute, TextMatcher matcher) {
        boolean matches(VirtualServerInfo server) {
            return switch (attribute) {
                case NAME -> matcher.matches(server.name());
                case HOST -> matcher.matches(server.host());
                case OS_TYPE -> matcher.matches(server.osType());
                case TAG -> server.tags().stream().anyMatch(matcher::matches);
            };
        }
    }

    private static final class CompiledPolicy {
        private final List<List<CompiledFilter>> rules;
        private final List<ClassInfo> ruleClasses;
        private final ClassInfo defaultClass;

        CompiledPolicy(WorkloadResourceGroup group, VelocityMapping mapping) {
            PerformancePolicy policy = group.policy();
            Map<String, ClassInfo> infos = new HashMap<>();
            policy.serviceClasses().forEach(c -> infos.put(c.name(), ClassInfo.of(group, c, mapping)));
            this.rules = policy.rules().stream()
                    .map(r -> r.filters().stream().map(f -> new CompiledFilter(f.attribute(), f.matcher())).toList())
                    .toList();
            this.ruleClasses = policy.rules().stream().map(r -> infos.get(r.serviceClass())).toList();
            this.defaultClass = infos.get(policy.defaultClass());
        }

        ClassInfo classify(VirtualServerInfo server) {
            int rule = firstMatch(server);
            return rule < 0 ? defaultClass : ruleClasses.get(rule);
        }

        int firstMatch(VirtualServerInfo server) {
            for (int i = 0; i < rules.size(); i++) {
                if (rules.get(i).stream().allMatch(f -> f.matches(server))) {
                    return i;
                }
            }
            return -1;
        }
    }
}
