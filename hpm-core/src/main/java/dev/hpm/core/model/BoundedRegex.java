package dev.hpm.core.model;

import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * A user's regular expression, matched with a bound on its work. Java's engine backtracks, and a
 * pattern like {@code ((.*)*)*!} needs exponential time; so the text is handed to the engine behind
 * a {@link CharSequence} that counts every character read and stops the match once {@code budget}
 * reads have been made. A match that runs out of budget answers "no match" and is counted
 * ({@link #exhausted()}); after the first, this compiled regex answers "no match" at once for every
 * text, so a hostile rule costs one budget per classifier, not one per server and interval.
 */
public final class BoundedRegex implements TextMatcher {
    /** Character reads one match may make: a few milliseconds of work; a sane rule on a name needs a few per character. */
    public static final long DEFAULT_BUDGET = 100_000;

    private final Pattern pattern;
    private final long budget;
    private final AtomicLong exhausted = new AtomicLong();

    BoundedRegex(Pattern pattern, long budget) {
        this.pattern = pattern;
        this.budget = budget;
    }

    /** The outcome of one bounded match. */
    public enum Outcome { MATCH, NO_MATCH, OUT_OF_BUDGET }

    public static BoundedRegex compile(String regex, long budget) {
        return new BoundedRegex(Pattern.compile(regex), budget);
    }

    @Override
    public boolean matches(String text) {
        return match(text) == Outcome.MATCH;
    }

    /** Matches the whole of {@code text} within the budget. */
    public Outcome match(String text) {
        if (exhausted.get() > 0) {
            return Outcome.OUT_OF_BUDGET;
        }
        try {
            return pattern.matcher(new Counted(text, budget)).matches() ? Outcome.MATCH : Outcome.NO_MATCH;
        } catch (OutOfBudget e) {
            exhausted.incrementAndGet();
            return Outcome.OUT_OF_BUDGET;
        } catch (StackOverflowError e) { // deep recursion in the engine: the same verdict
            exhausted.incrementAndGet();
            return Outcome.OUT_OF_BUDGET;
        }
    }

    /** How many matches ran out of budget (0: this regex has always been answered in full). */
    public long exhausted() {
        return exhausted.get();
    }

    public String regex() {
        return pattern.pattern();
    }

    @Override
    public String toString() {
        return "regex " + pattern.pattern();
    }

    /** Thrown from inside the engine when the budget is spent; never leaves this class. */
    private static final class OutOfBudget extends RuntimeException {
        OutOfBudget() {
            super(null, null, false, false);
        }
    }

    /** The text, counting reads; shares its counter with its subsequences. */
    private static final class Counted implements CharSequence {
        private final String text;
        private final int offset;
        private final int length;
        private final long[] left;

        Counted(String text, long budget) {
            this(text, 0, text.length(), new long[]{budget});
        }

        private Counted(String text, int offset, int length, long[] left) {
            this.text = text;
            this.offset = offset;
            this.length = length;
            this.left = left;
        }

        @Override
        public char charAt(int index) {
            if (--left[0] < 0) {
                throw new OutOfBudget();
            }
            return text.charAt(offset + index);
        }

        @Override
        public int length() {
            return length;
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new Counted(text, offset + start, end - start, left);
        }

        @Override
        public String toString() {
            return text.substring(offset, offset + length);
        }
    }
}
