package dev.hpm.core.cpu;

import java.util.List;

/**
 * The CPU manager changed nothing on a host this interval, and why. For each receiver it
 * assessed, the reason it could not be helped.
 */
public record NoAction(String host, Reason reason, String message, List<ReceiverAssessment> assessed)
        implements Decision {
    public NoAction {
        assessed = List.copyOf(assessed);
    }

    @Override
    public String summary() {
        return message;
    }

    /** Why nothing was done. */
    public enum Reason {
        /** The host's management level is none or monitor. */
        NOT_MANAGED,
        /** No server has a velocity yet (first interval, or all idle). */
        NO_DATA,
        /** Every service class with a goal meets it. */
        GOALS_MET,
        /** The receiver is held by its group's CPU maximum. */
        RECEIVER_CAPPED,
        /** Every receiver server is at the maximum shares already or not managed, and nobody can donate. */
        RECEIVER_AT_MAXIMUM,
        /** No server may donate (none eligible, all at minimum shares, or cooling down). */
        NO_DONORS,
        /** Every donor set would push work of equal or higher importance off its goal. */
        DONORS_PROTECTED,
        /** The best move would not improve the receiver's PI materially. */
        NO_MATERIAL_IMPROVEMENT,
        /** The plan strategy: the current shares already give every server the plan serves its need. */
        SHARES_SUFFICE
    }

    /** One receiver the manager looked at and could not help. */
    public record ReceiverAssessment(ClassProjection receiver, Reason reason, String message) {
    }
}
