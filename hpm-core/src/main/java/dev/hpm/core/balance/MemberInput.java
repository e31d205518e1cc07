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
 * @param load              for a member of a class with a response-time goal, its VS's CPU this interval, from
 *                          which the rule projects how much more traffic it takes before {@code pi} reaches 1
 *                          ({@link dev.hpm.core.cpu.ResponseTimeModel#trafficAtGoal}); null otherwise
 */
public record MemberInput(String member, VsState state, boolean stale, boolean hostMaintenance, boolean quiescedByLb,
                          double pi, int importance, double hostHeadroom, boolean protectedMissing, ServerLoad load) {

    /** A member without response-time load ({@code load} null). */
    public MemberInput(String member, VsState state, boolean stale, boolean hostMaintenance, boolean quiescedByLb,
                       double pi, int importance, double hostHeadroom, boolean protectedMissing) {
        this(member, state, stale, hostMaintenance, quiescedByLb, pi, importance, hostHeadroom, protectedMissing, null);
    }

    /**
     * The CPU of a response-time member's virtual server this interval, in CPUs of its host.
     *
     * @param allocationCpus what it got (using)
     * @param demandCpus     what it wanted (using + delay)
     * @param maxCpus        the most it could get: what it got plus its host's spare CPUs, at most its vCPUs or cap
     * @param hostCpus       its host's CPUs
     */
    public record ServerLoad(double allocationCpus, double demandCpus, double maxCpus, double hostCpus) {
    }

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
        return new MemberInput(member, VsState.RUNNING, false, false, false, pi, importance, headroom, false, null);
    }

    public MemberInput withState(VsState s) {
        return new MemberInput(member, s, stale, hostMaintenance, quiescedByLb, pi, importance, hostHeadroom, protectedMissing, load);
    }

    public MemberInput withStale(boolean s) {
        return new MemberInput(member, state, s, hostMaintenance, quiescedByLb, pi, importance, hostHeadroom, protectedMissing, load);
    }

    public MemberInput withHostMaintenance(boolean m) {
        return new MemberInput(member, state, stale, m, quiescedByLb, pi, importance, hostHeadroom, protectedMissing, load);
    }

    public MemberInput withQuiescedByLb(boolean q) {
        return new MemberInput(member, state, stale, hostMaintenance, q, pi, importance, hostHeadroom, protectedMissing, load);
    }

    public MemberInput withProtectedMissing(boolean p) {
        return new MemberInput(member, state, stale, hostMaintenance, quiescedByLb, pi, importance, hostHeadroom, p, load);
    }

    /** This member with the response-time load of its VS. */
    public MemberInput withLoad(ServerLoad l) {
        return new MemberInput(member, state, stale, hostMaintenance, quiescedByLb, pi, importance, hostHeadroom, protectedMissing, l);
    }
}
