package dev.hpm.core.model;

import java.util.Objects;
import java.util.regex.Pattern;
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
                Pattern.compile(value);
            } catch (PatternSyntaxException e) {
                problems.add("value", value, "fix the regular expression: " + e.getDescription()
                        + " near index " + e.getIndex());
            }
        }
        problems.throwIfAny();
    }

    /** The compiled form; every operator becomes a whole-string pattern. */
    public Pattern pattern() {
        return switch (operator) {
            case EQUALS -> Pattern.compile(Pattern.quote(value));
            case REGEX -> Pattern.compile(value);
            case WILDCARD -> Pattern.compile(globToRegex(value));
        };
    }

    static String globToRegex(String glob) {
        StringBuilder regex = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (char c : glob.toCharArray()) {
            if (c == '*' || c == '?') {
                if (!literal.isEmpty()) {
                    regex.append(Pattern.quote(literal.toString()));
                    literal.setLength(0);
                }
                regex.append(c == '*' ? ".*" : ".");
            } else {
                literal.append(c);
            }
        }
        if (!literal.isEmpty()) {
            regex.append(Pattern.quote(literal.toString()));
        }
        return regex.toString();
    }
}
