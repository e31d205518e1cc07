package dev.hpm.core.model;

import java.util.ArrayList;
import java.util.List;

/**
 * A glob: {@code *} matches any run of characters, {@code ?} exactly one, everything else itself;
 * the whole text must match. The one glob matcher of HPM (classification rules and list filters).
 *
 * <p>It never backtracks: the pattern is split at its stars into segments; the first segment must
 * start the text, the last must end it, and each segment between is placed at its leftmost
 * position after the previous one (leftmost placement is always safe for a star on both sides).
 * The work is at most (text length × pattern length) character comparisons, and usually one pass
 * over the text, whatever the number of stars (a pattern of 200 stars costs what one star does).
 */
public final class Glob {
    private final String pattern;
    private final List<String> segments;
    private final boolean starred;

    private Glob(String pattern) {
        this.pattern = pattern;
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '*') {
                parts.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        parts.add(current.toString());
        this.starred = parts.size() > 1;
        this.segments = List.copyOf(parts);
    }

    public static Glob of(String pattern) {
        return new Glob(pattern);
    }

    /** Whether {@code pattern} has a {@code *} or {@code ?}. */
    public static boolean isGlob(String pattern) {
        return pattern.indexOf('*') >= 0 || pattern.indexOf('?') >= 0;
    }

    public String pattern() {
        return pattern;
    }

    public boolean matches(CharSequence text) {
        int n = text.length();
        if (!starred) { // no star at all: segment 0 is the whole pattern
            String only = segments.getFirst();
            return only.length() == n && regionMatches(text, 0, only);
        }
        String first = segments.getFirst();
        String last = segments.getLast();
        if (first.length() + last.length() > n || !regionMatches(text, 0, first)
                || !regionMatches(text, n - last.length(), last)) {
            return false;
        }
        int from = first.length();
        int end = n - last.length();
        for (int s = 1; s < segments.size() - 1; s++) {
            String segment = segments.get(s);
            int at = find(text, segment, from, end);
            if (at < 0) {
                return false;
            }
            from = at + segment.length();
        }
        return true;
    }

    /** The leftmost position in [from, end) where {@code segment} fits entirely before {@code end}, or -1. */
    private static int find(CharSequence text, String segment, int from, int end) {
        for (int at = from; at + segment.length() <= end; at++) {
            if (regionMatches(text, at, segment)) {
                return at;
            }
        }
        return -1;
    }

    private static boolean regionMatches(CharSequence text, int at, String segment) {
        for (int i = 0; i < segment.length(); i++) {
            char p = segment.charAt(i);
            if (p != '?' && p != text.charAt(at + i)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return pattern;
    }
}
