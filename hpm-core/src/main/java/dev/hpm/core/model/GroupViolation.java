package dev.hpm.core.model;

import java.util.List;
import java.util.Objects;

/**
 * A rule of {@link GroupRules} that a proposed change of the workload resource groups breaks: what
 * kind of problem it is and the {@link Problem} (field, value, fix) to show. The kind, never the
 * text, decides the answer: a {@link Kind#CONFLICT} clashes with what is stored (HTTP 409), an
 * {@link Kind#INVALID} request is wrong on its own (HTTP 400).
 */
public record GroupViolation(Kind kind, Problem problem) {
    /** What kind of problem a violation is. */
    public enum Kind {
        /** The change is well-formed but clashes with the stored groups (a taken name or member, the default group). */
        CONFLICT,
        /** The change is wrong whatever is stored (a member the schema cannot hold). */
        INVALID
    }

    public GroupViolation {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(problem, "problem");
    }

    static GroupViolation conflict(String field, Object value, String fix) {
        return new GroupViolation(Kind.CONFLICT, new Problem(field, value, fix));
    }

    static GroupViolation invalid(String field, Object value, String fix) {
        return new GroupViolation(Kind.INVALID, new Problem(field, value, fix));
    }

    /** Reads as "{@code field} is {@code "value"}: {@code fix}" ({@link Problem#message()}). */
    public String message() {
        return problem.message();
    }

    /** The problems of {@code violations} that are of {@code kind}, in order. */
    public static List<Problem> problems(List<GroupViolation> violations, Kind kind) {
        return violations.stream().filter(v -> v.kind() == kind).map(GroupViolation::problem).toList();
    }
}
