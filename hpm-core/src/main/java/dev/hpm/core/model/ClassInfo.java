package dev.hpm.core.model;

import java.util.Comparator;
import java.util.Objects;

/**
 * A service class resolved for use: its key, goal, goal velocity under the definition's mapping
 * (0 for discretionary work), its importance and its group's importance.
 */
public record ClassInfo(ClassKey key, Goal goal, int goalVelocity, Importance importance,
                        Importance groupImportance) {
    /** WLM's fixed performance index for discretionary work. */
    public static final double DISCRETIONARY_PI = 0.81;

    /**
     * Most important first: by class importance (discretionary after lowest), then group
     * importance, then key for a stable order.
     */
    public static final Comparator<ClassInfo> BY_IMPORTANCE = Comparator
            .comparingInt(ClassInfo::importanceOrder)
            .thenComparing(ClassInfo::groupImportance)
            .thenComparing(ClassInfo::key);

    public ClassInfo {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(goal, "goal");
        Objects.requireNonNull(importance, "importance");
        Objects.requireNonNull(groupImportance, "groupImportance");
    }

    public static ClassInfo of(WorkloadResourceGroup group, ServiceClass serviceClass, VelocityMapping mapping) {
        int goalVelocity = serviceClass.goal() instanceof Goal.Velocity(VelocityLevel level) ? mapping.percentFor(level) : 0;
        return new ClassInfo(new ClassKey(group.name(), serviceClass.name()), serviceClass.goal(), goalVelocity,
                serviceClass.importance(), group.importance());
    }

    public boolean isDiscretionary() {
        return goal instanceof Goal.Discretionary;
    }

    /** The goal as reports show it: "velocity goal 70", "goal p90 500ms", "no goal". */
    public String goalText() {
        return switch (goal) {
            case Goal.Velocity v -> "velocity goal " + goalVelocity;
            case Goal.ResponseTime r -> "goal " + r.label();
            case Goal.Discretionary d -> "no goal";
        };
    }

    /** 0 … 4 for highest … lowest, 5 for discretionary work. */
    public int importanceOrder() {
        return isDiscretionary() ? Importance.values().length : importance.ordinal();
    }

    /** True if this class is strictly more important than {@code other}. */
    public boolean outranks(ClassInfo other) {
        return importanceOrder() < other.importanceOrder();
    }
}
