package dev.hpm.core.model;

/**
 * The five velocity goals of zManager performance policies. Each maps to a target execution
 * velocity in percent through a {@link VelocityMapping} (by default 90/70/50/30/10).
 */
public enum VelocityLevel {
    FASTEST, FAST, MODERATE, SLOW, SLOWEST;

    public String label() {
        return Names.label(this);
    }

    public static VelocityLevel parse(String value, String field) {
        return Names.parse(VelocityLevel.class, value, field);
    }
}
