package dev.hpm.core.model;

import java.util.List;
import java.util.Objects;

/**
 * Maps the virtual servers that match every one of its filters to a service class. Rules are
 * ordered inside a policy; the first that matches wins.
 */
public record ClassificationRule(String serviceClass, List<RuleFilter> filters, String description) {
    public ClassificationRule {
        filters = List.copyOf(Objects.requireNonNull(filters, "filters"));
        description = description == null ? "" : description;
        Problems problems = new Problems();
        Identifiers.checkDescription(problems, "description", description);
        if (serviceClass == null || serviceClass.isBlank()) {
            problems.add("service-class", serviceClass, "name the service class this rule assigns");
        }
        if (filters.isEmpty()) {
            problems.add("filters", "[]", "give at least one filter (the policy's default class catches everything else)");
        }
        problems.throwIfAny();
    }

    public ClassificationRule(String serviceClass, List<RuleFilter> filters) {
        this(serviceClass, filters, "");
    }
}
