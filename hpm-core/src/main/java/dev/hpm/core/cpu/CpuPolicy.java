package dev.hpm.core.cpu;

/**
 * Decides each interval what CPU settings to change on one host. {@link CpuManager} is HPM's
 * goal-oriented policy; the simulator compares it with simple baselines behind the same interface.
 */
@FunctionalInterface
public interface CpuPolicy {
    /** The decision for the host described by {@code view} in interval {@code interval}. */
    HostDecision decide(HostView view, ShareLedger ledger, long interval);

    /**
     * The changes to make when the host's controller starts, before anything is measured ({@code view}
     * has no velocities; each server's demand is its vCPUs); {@code ledger} holds the settings from before
     * HPM of the servers HPM already changed (kept by an earlier owner of the host). None by default.
     */
    default java.util.List<ShareChange> initial(HostView view, ShareLedger ledger) {
        return java.util.List.of();
    }
}
