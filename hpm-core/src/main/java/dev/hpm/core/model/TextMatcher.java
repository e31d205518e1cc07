package dev.hpm.core.model;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A compiled filter value: {@link FilterOperator#EQUALS}, {@link FilterOperator#WILDCARD} (a
 * {@link Glob}) or {@link FilterOperator#REGEX} (a regular expression matched with a bound on its
 * work). Compiled once, when a {@link Classifier} is built; safe to share between threads.
 */
public sealed interface TextMatcher permits TextMatcher.Equals, TextMatcher.Wildcard, BoundedRegex {

    /** Whether the whole of {@code text} matches; a regex that runs out of work answers false. */
    boolean matches(String text);

    /**
     * Compiles {@code value} for {@code operator}.
     *
     * @throws PatternSyntaxException for an invalid regular expression
     */
    static TextMatcher of(FilterOperator operator, String value) {
        return switch (operator) {
            case EQUALS -> new Equals(value);
            case WILDCARD -> new Wildcard(Glob.of(value));
            case REGEX -> new BoundedRegex(Pattern.compile(value), BoundedRegex.DEFAULT_BUDGET);
        };
    }

    record Equals(String value) implements TextMatcher {
        @Override
        public boolean matches(String text) {
            return value.equals(text);
        }
    }

    record Wildcard(Glob glob) implements TextMatcher {
        @Override
        public boolean matches(String text) {
            return glob.matches(text);
        }
    }
}
