package dev.hpm.core.model;

import java.util.Collection;

/**
 * The one rule for a virtual server's tags, wherever they come from (the REST API, a libvirt
 * domain's HPM metadata): at most {@value #MAX_TAGS} tags, each 1 to {@value #MAX_LENGTH}
 * characters, without leading or trailing space and without control characters (a tag must be
 * writable as XML text in a domain's metadata).
 */
public final class Tags {
    /** The most tags a server may carry. */
    public static final int MAX_TAGS = 32;
    /** The longest tag, in characters. */
    public static final int MAX_LENGTH = 64;

    private Tags() {
    }

    /** Adds a problem to {@code problems} for every unacceptable tag and for too many tags. */
    public static void check(Problems problems, String field, Collection<String> tags) {
        if (tags.size() > MAX_TAGS) {
            problems.add(field, tags.size() + " tags", "give at most " + MAX_TAGS);
        }
        for (String tag : tags) {
            if (!valid(tag)) {
                problems.add(field, tag, "a tag is 1 to " + MAX_LENGTH
                        + " characters without leading or trailing space or control characters");
            }
        }
    }

    /** True if {@code tag} is acceptable. */
    public static boolean valid(String tag) {
        return tag != null && !tag.isBlank() && tag.length() <= MAX_LENGTH && tag.strip().equals(tag)
                && tag.chars().noneMatch(Character::isISOControl);
    }
}
