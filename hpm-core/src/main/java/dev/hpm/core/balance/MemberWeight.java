package dev.hpm.core.balance;

import java.util.List;

/**
 * A member's weight this interval, 0 … {@link WeightRule#MAX_WEIGHT}, with the SASP flags and the
 * terms it was computed from.
 *
 * @param target      what the rule wanted this interval before smoothing and bounding
 * @param contactable false if its VS is stopped or unknown (SASP "contact success" clear; HAProxy {@code maint})
 * @param quiesced    true if it must take no new work: host maintenance or a SASP quiesce (HAProxy {@code drain})
 * @param confident   false if the weight rests on stale data (SASP "confident" clear)
 * @param reason      the terms in one sentence
 */
public record MemberWeight(String member, int weight, int target, boolean contactable, boolean quiesced,
                           boolean confident, List<WeightTerm> terms, String reason) {
    public MemberWeight {
        terms = List.copyOf(terms);
    }

    /** Whether it may get new work: contactable and not quiesced. */
    public boolean canServe() {
        return contactable && !quiesced;
    }
}
