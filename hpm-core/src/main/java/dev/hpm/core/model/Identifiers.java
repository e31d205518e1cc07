package dev.hpm.core.model;

import java.util.regex.Pattern;

/** Rules for the names users give to groups, policies, service classes and rules. */
public final class Identifiers {
    /** Longest accepted name. */
    public static final int MAX_LENGTH = 64;
    /** Longest accepted description, in characters. */
    public static final int MAX_DESCRIPTION = 1024;
    private static final Pattern ALLOWED = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N} ._-]*");

    private Identifiers() {
    }

    /** Adds a problem to {@code problems} unless {@code value} is an acceptable name. */
    public static void check(Problems problems, String field, String value) {
        if (value == null || value.isBlank()) {
            problems.add(field, value, "give a name of 1 to " + MAX_LENGTH + " characters");
        } else if (value.length() > MAX_LENGTH) {
            problems.add(field, value, "shorten it to at most " + MAX_LENGTH + " characters");
        } else if (!ALLOWED.matcher(value).matches() || value.endsWith(" ")) {
            problems.add(field, value,
                    "use letters, digits, space, '.', '_' or '-', starting with a letter or digit");
        }
    }

    /** Adds a problem to {@code problems} if the description is longer than {@link #MAX_DESCRIPTION}. */
    public static void checkDescription(Problems problems, String field, String value) {
        if (value != null && value.length() > MAX_DESCRIPTION) {
            problems.add(field, "(" + value.length() + " characters)", "shorten it to at most " + MAX_DESCRIPTION
                    + " characters");
        }
    }
}
