package dev.hpm.core.model;

/**
 * How far HPM may go with a host or a virtual server, zHPM's "CPU management enable/disable".
 * Levels are ordered: the effective level of a virtual server is the lower of its own and its
 * host's.
 */
public enum ManagementLevel {
    /** Ignored: not measured, never changed. */
    NONE,
    /** Measured and reported; HPM never changes its CPU resources. */
    MONITOR,
    /** HPM may change its CPU shares and caps. */
    MANAGE;

    public ManagementLevel min(ManagementLevel other) {
        return ordinal() <= other.ordinal() ? this : other;
    }

    public String label() {
        return Names.label(this);
    }

    public static ManagementLevel parse(String value, String field) {
        return Names.parse(ManagementLevel.class, value, field);
    }
}
