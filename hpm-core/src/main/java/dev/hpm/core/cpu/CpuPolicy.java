package dev.hpm.core.cpu;

/**
 * Decides each interval what CPU settings to change on one host. {@link CpuManager} is HPM's
 * goal-oriented policy; the simulator compares it with simple baselines behind the same interface.
 */
@FunctionalInterface
public interface CpuPolicy {
    /** The decision for the host described by {@code view} in interval {@code interval}. */
    HostDecision decide(HostView view, ShareLedger ledger, long interval);
}
