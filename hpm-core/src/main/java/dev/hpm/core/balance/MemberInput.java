package dev.hpm.core.balance;

/**
 * What the weight rule knows of one member this interval, gathered by the caller from the latest
 * interval reports, the inventory and the host states.
 *
 * @param member            the member's name in its group
 * @param state             whether its VS runs
 * @param stale             true if the data is older than the rule accepts (no report of its host
 *                          this interval, or the VS had no sample)
 * @param hostMaintenance   its host is in or entering maintenance, or being evacuated
 * @param quiescedByLb      the load balancer or the member asked, through SASP Set Member State, that
 *                          it take no new work
 * @param pi                the performance index of its VS's service class this interval (NaN: none,
 *                          e.g. discretionary or idle)
 * @param importance        its class's importance, 0 (highest) … 4 (lowest), 5 discretionary
 * @param hostHeadroom      the share of its host's CPUs no server wanted this interval, 0 … 1
 * @param protectedMissing  true if on its host a class of equal or higher importance than its own
 *                          (another class than its own) misses its goal: more work here would push it further off
 */
public record MemberInput(String member, VsState state, boolean stale, boolean hostMaintenance, boolean quiescedByLb,
                          double pi, int importance, double hostHeadroom, boolean protectedMissing) {

    /** Whether the member's virtual server can take work. */
    public enum VsState {
        /** Running. */
        RUNNING,
        /** Stopped, paused, or gone: it cannot be contacted. */
        STOPPED,
        /** Not known to HPM (no such VS, or no VS named). */
        UNKNOWN
    }

    /** A running, fresh member with the given figures. */
    public static MemberInput running(String member, double pi, int importance, double headroom) {
        return new MemberInput(member, VsState.RUNNING, false, false, false, pi, importance, headroom, false);
    }

    public MemberInput withState(VsState s) {
        return new MemberInput(member, s, stale, hostMaintenance, quiescedByLb, pi, importance, hostHeadroom, protectedMissing);
    }

    public MemberInput withStale(boolean s) {
        return new MemberInput(member, state, s, hostMaintenance, quiescedByLb, pi, importance, hostHeadroom, protectedMissing);
    }

    public MemberInput withHostMaintenance(boolean m) {
        return new MemberInput(member, state, stale, m, quiescedByLb, pi, importance, hostHeadroom, protectedMissing);
    }

    public MemberInput withQuiescedByLb(boolean q) {
        return new MemberInput(member, state, stale, hostMaintenance, q, pi, importance, hostHeadroom, protectedMissing);
    }

    public MemberInput withProtectedMissing(boolean p) {
        return new MemberInput(member, state, stale, hostMaintenance, quiescedByLb, pi, importance, hostHeadroom, p);
    }
}
