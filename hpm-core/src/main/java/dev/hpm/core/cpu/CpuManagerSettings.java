package dev.hpm.core.cpu;

import dev.hpm.core.model.Problems;

/**
 * Tuning of the CPU manager, validated in one place.
 *
 * @param targetPi               a receiver is helped until its projected PI reaches this (below 1 for
 *                               headroom); work of equal or higher importance may donate only down to it
 * @param donorPi                work of equal or higher importance than the receiver may donate only
 *                               while it beats its goal by this margin (PI ≤ donorPi)
 * @param minPiImprovement       an adjustment must improve the receiver's projected PI by at least this
 *                               much, or bring it to goal
 * @param minShares              the lowest {@code cpu_shares} HPM sets
 * @param maxShares              the highest {@code cpu_shares} HPM sets
 * @param minShareStep           share changes smaller than this fraction of the current value are not made
 * @param maxStepFactor          in one interval shares rise at most by this factor and fall at most by its
 *                               inverse (damping)
 * @param donorCooldownIntervals a server whose shares were raised cannot donate for this many intervals
 * @param strategy               how the manager decides: one receiver at a time ({@link Strategy#RECEIVER}, the
 *                               default) or a plan of the whole host ({@link Strategy#PLAN}, {@link SharePlan})
 */
public record CpuManagerSettings(double targetPi, double donorPi, double minPiImprovement, long minShares,
                                 long maxShares, double minShareStep, double maxStepFactor,
                                 int donorCooldownIntervals, Strategy strategy) {

    public static final CpuManagerSettings DEFAULT = new CpuManagerSettings(0.9, 0.85, 0.05, 16, 10_000, 0.05, 8, 2);

    /** How the CPU manager decides each interval (docs/cpu-manager.md). */
    public enum Strategy {
        /**
         * z/OS WLM's policy adjustment: the most important class that misses its goal is helped by
         * donors, one receiver per host and interval ({@link ReceiverSearch}).
         */
        RECEIVER,
        /**
         * The whole host's CPU planned each interval in importance order, shares set in proportion to
         * the plan, and left alone while they already serve it ({@link SharePlan}).
         */
        PLAN
    }

    /** Settings with the default strategy, {@link Strategy#RECEIVER}. */
    public CpuManagerSettings(double targetPi, double donorPi, double minPiImprovement, long minShares,
                              long maxShares, double minShareStep, double maxStepFactor, int donorCooldownIntervals) {
        this(targetPi, donorPi, minPiImprovement, minShares, maxShares, minShareStep, maxStepFactor,
                donorCooldownIntervals, Strategy.RECEIVER);
    }

    /** These settings with {@code newStrategy}. */
    public CpuManagerSettings withStrategy(Strategy newStrategy) {
        return new CpuManagerSettings(targetPi, donorPi, minPiImprovement, minShares, maxShares, minShareStep,
                maxStepFactor, donorCooldownIntervals, newStrategy);
    }

    public CpuManagerSettings {
        Problems p = new Problems();
        if (!(targetPi > 0.3 && targetPi <= 1)) {
            p.add("cpu-manager.target-pi", targetPi, "use a value above 0.3 and at most 1, e.g. 0.9");
        }
        if (!(donorPi > 0 && donorPi <= targetPi)) {
            p.add("cpu-manager.donor-pi", donorPi, "use a value above 0 and at most target-pi (" + targetPi + ")");
        }
        if (!(minPiImprovement >= 0 && minPiImprovement < 1)) {
            p.add("cpu-manager.min-pi-improvement", minPiImprovement, "use a value from 0 to below 1, e.g. 0.05");
        }
        if (minShares < 2) {
            p.add("cpu-manager.min-shares", minShares, "must be at least 2 (the kernel's minimum weight)");
        }
        if (maxShares > 262_144 || maxShares <= minShares) {
            p.add("cpu-manager.max-shares", maxShares,
                    "must be above min-shares (" + minShares + ") and at most 262144 (10000 on cgroup v2 hosts)");
        }
        if (!(minShareStep >= 0 && minShareStep < 1)) {
            p.add("cpu-manager.min-share-step", minShareStep, "use a fraction from 0 to below 1, e.g. 0.05");
        }
        if (!(maxStepFactor >= 1.1)) {
            p.add("cpu-manager.max-step-factor", maxStepFactor, "must be at least 1.1");
        }
        if (donorCooldownIntervals < 0) {
            p.add("cpu-manager.donor-cooldown-intervals", donorCooldownIntervals, "must be 0 or more");
        }
        if (strategy == null) {
            p.add("cpu-manager.strategy", null, "use receiver or plan");
        }
        p.throwIfAny();
    }
}
