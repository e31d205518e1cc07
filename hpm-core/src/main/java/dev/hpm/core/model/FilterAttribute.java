package dev.hpm.core.model;

/** What a classification filter looks at. */
public enum FilterAttribute {
    /** The virtual server's name. */
    NAME,
    /** The name of the host it runs on. */
    HOST,
    /** Any of its tags (labels); the filter matches if one tag matches. */
    TAG,
    /** Its operating-system type, e.g. {@code linux} or {@code windows}. */
    OS_TYPE;

    public String label() {
        return Names.label(this);
    }

    public static FilterAttribute parse(String value, String field) {
        return Names.parse(FilterAttribute.class, value, field);
    }
}
