package dev.hpm.core.model;

import java.util.Objects;

/**
 * A goal plus an importance. The importance of a discretionary class is not used: discretionary
 * work ranks below every goal.
 */
public record ServiceClass(String name, Goal goal, Importance importance, String description) {
    public ServiceClass {
        Objects.requireNonNull(goal, "goal");
        Objects.requireNonNull(importance, "importance");
        description = description == null ? "" : description;
        Problems problems = new Problems();
        Identifiers.checkDescription(problems, "description", description);
        Identifiers.check(problems, "name", name);
        problems.throwIfAny();
    }

    public ServiceClass(String name, Goal goal, Importance importance) {
        this(name, goal, importance, "");
    }

    public boolean isDiscretionary() {
        return goal instanceof Goal.Discretionary;
    }
}
