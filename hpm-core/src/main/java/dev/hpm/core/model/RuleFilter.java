package dev.hpm.core.model;

import java.util.Objects;
import java.util.regex.PatternSyntaxException;

/** One condition of a classification rule, e.g. {@code name wildcard "db-*"}. */
public record RuleFilter(FilterAttribute attribute, FilterOperator operator, String value) {
    /** Longest accepted filter value; keeps user regular expressions small. */
    public static final int MAX_VALUE_LENGTH = 256;

    public RuleFilter {
        Objects.requireNonNull(attribute, "attribute");
        Objects.requireNonNull(operator, "operator");
        Problems problems = new Problems();
        if (value == null || value.isEmpty()) {
            problems.add("value", value, "give the text to compare with");
        } else if (value.length() > MAX_VALUE_LENGTH) {
            problems.add("value", value.substring(0, 32) + "…", "shorten it to at most " + MAX_VALUE_LENGTH + " characters");
        } else if (operator == FilterOperator.REGEX) {
            try {
                TextMatcher.of(operator, value);
            } catch (PatternSyntaxException e) {
                problems.add("value", value, "fix the regular expression: " + e.getDescription()
                        + " near index " + e.getIndex());
            }
        }
        problems.throwIfAny();
    }

    /** The compiled form: compile it once and keep it (the {@link Classifier} does). */
    public TextMatcher matcher() {
        return TextMatcher.of(operator, value);
    }
}
