package dev.hpm.core.model;

import java.util.Objects;

/**
 * One thing wrong with a definition: the field (a path such as
 * {@code workload-resource-groups[Gold].policy.rules[2].service-class}), the offending value and
 * what to do about it.
 */
public record Problem(String field, Object value, String fix) {
    public Problem {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(fix, "fix");
    }

    /** Reads as "{@code field} is {@code "value"}: {@code fix}". */
    public String message() {
        String shown = value == null ? "missing" : value instanceof String s ? "\"" + s + "\"" : String.valueOf(value);
        return field + " is " + shown + ": " + fix;
    }

    @Override
    public String toString() {
        return message();
    }
}
