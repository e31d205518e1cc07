package dev.hpm.core.cpu;

import dev.hpm.core.model.ClassKey;

/**
 * One server's scheduler change: shares and cap (CPUs, +∞ for none) before and after.
 */
public record ShareChange(String uuid, String name, ClassKey serviceClass, Role role, long sharesBefore,
                          long sharesAfter, double capBefore, double capAfter) {

    /** Why the server's settings change. */
    public enum Role {
        /** It belongs to the service class being helped. */
        RECEIVER,
        /** It gives CPU to the receiver. */
        DONOR,
        /** Its group's CPU maximum is enforced as a cap. */
        CAP,
        /** Management was turned off for it: its settings from before HPM come back. */
        RESTORE,
        /**
         * HPM started managing its host and had not measured it yet: its shares are set by its importance
         * ({@link AdjustmentRules#importanceShares}) until the first plan (the plan strategy).
         */
        INITIAL
    }

    public boolean capChanges() {
        return Double.compare(capBefore, capAfter) != 0;
    }
}
