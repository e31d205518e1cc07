package dev.hpm.core.model;

/**
 * The goal of a service class: an execution velocity, or none at all (discretionary work runs
 * on what is left and is the first donor).
 */
public sealed interface Goal {
    /** A velocity goal, e.g. {@code fast} = 70 % under the default mapping. */
    record Velocity(VelocityLevel level) implements Goal {
        public Velocity {
            java.util.Objects.requireNonNull(level, "level");
        }

        @Override
        public String label() {
            return level.label();
        }
    }

    /** No goal; WLM gives discretionary work a fixed PI of 0.81. */
    record Discretionary() implements Goal {
        @Override
        public String label() {
            return DISCRETIONARY;
        }
    }

    String DISCRETIONARY = "discretionary";

    /** What users write: a velocity level name or {@code discretionary}. */
    String label();

    static Goal velocity(VelocityLevel level) {
        return new Velocity(level);
    }

    static Goal discretionary() {
        return new Discretionary();
    }

    /** Parses {@code fastest … slowest} or {@code discretionary}. */
    static Goal parse(String value, String field) {
        if (value != null && value.trim().equalsIgnoreCase(DISCRETIONARY)) {
            return discretionary();
        }
        if (value != null) {
            for (VelocityLevel level : VelocityLevel.values()) {
                if (level.label().equalsIgnoreCase(value.trim())) {
                    return velocity(level);
                }
            }
        }
        throw new InvalidDefinitionException(new Problem(field, value,
                "use one of " + Names.choices(VelocityLevel.class) + ", " + DISCRETIONARY));
    }
}
