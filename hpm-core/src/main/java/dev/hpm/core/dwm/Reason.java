package dev.hpm.core.dwm;

/**
 * Why DWM proposes an action, as a kind a program can act on and words an operator reads, in the
 * manner of Timefold's constraint justifications.
 */
public record Reason(Kind kind, String text) {
    public enum Kind {
        /** A host stayed loaded for the even-distribution duration. */
        LOADED_HOST,
        /** A server of a class with a goal misses it because its host is full of equal or more important work. */
        GOAL_MISSED,
        /** Power save: the host is emptied so it can be powered off. */
        CONSOLIDATE,
        /** Power save: the emptied host is powered off. */
        RELEASE_HOST,
        /** Projected demand outgrows the powered hosts, or the power-save schedule ended. */
        ADD_CAPACITY,
        /** The host is in maintenance mode. */
        MAINTENANCE,
        /** The host left maintenance and its servers are brought back. */
        RETURN_FROM_MAINTENANCE,
        /** A must or should rule is not met where the server runs. */
        RULE
    }
}
