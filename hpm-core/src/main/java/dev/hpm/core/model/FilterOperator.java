package dev.hpm.core.model;

/** How a classification filter compares. All comparisons are case-sensitive. */
public enum FilterOperator {
    /** The whole value equals the filter value. */
    EQUALS,
    /** Glob: {@code *} any run of characters, {@code ?} one character; the whole value must match. */
    WILDCARD,
    /** Java regular expression; the whole value must match. */
    REGEX;

    public String label() {
        return Names.label(this);
    }

    public static FilterOperator parse(String value, String field) {
        return Names.parse(FilterOperator.class, value, field);
    }
}
