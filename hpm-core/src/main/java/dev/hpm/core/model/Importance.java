package dev.hpm.core.model;

/**
 * Business importance of a service class or workload resource group, as in z/OS WLM where
 * importance 1 is the most important. When CPU is scarce, more important work is helped first
 * and less important work donates first.
 */
public enum Importance {
    HIGHEST, HIGH, MEDIUM, LOW, LOWEST;

    /** WLM-style rank: 1 for {@link #HIGHEST} … 5 for {@link #LOWEST}. */
    public int rank() {
        return ordinal() + 1;
    }

    /** True if this importance is strictly more important than {@code other}. */
    public boolean isHigherThan(Importance other) {
        return ordinal() < other.ordinal();
    }

    /** The name users write, e.g. {@code "highest"}. */
    public String label() {
        return Names.label(this);
    }

    /** Parses a user-written name; the error names the field, the value and the choices. */
    public static Importance parse(String value, String field) {
        return Names.parse(Importance.class, value, field);
    }
}
