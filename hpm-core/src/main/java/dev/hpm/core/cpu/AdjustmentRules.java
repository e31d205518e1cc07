package dev.hpm.core.cpu;

import dev.hpm.core.driver.SchedulerParameters;
import dev.hpm.core.measure.ClassMeasurement;
import dev.hpm.core.model.ClassInfo;
import dev.hpm.core.model.Importance;

import java.util.Comparator;

/**
 * The rules of the CPU manager, one method each, so that each can be read and tested on its own
 * (docs/cpu-manager.md; the receiver/donor logic follows the z/OS WLM policy-adjustment loop described in
 * J. Aman, C. K. Eilert, D. Emmes, P. Yocom, D. Dillenberger, "Adaptive algorithms for managing
 * a distributed data processing workload", IBM Systems Journal 36(2), 1997).
 */
public final class AdjustmentRules {
    private AdjustmentRules() {
    }

    /** A receiver is a class with a velocity goal, a velocity this interval, and PI &gt; 1 for it or a server of it. */
    public static boolean isReceiver(ClassMeasurement c) {
        return c.missesGoal();
    }

    /** Receivers are helped by importance (highest first), then group importance, then worst PI. */
    public static final Comparator<ClassMeasurement> RECEIVER_ORDER = Comparator
            .comparingInt((ClassMeasurement c) -> c.serviceClass().importanceOrder())
            .thenComparing(c -> c.serviceClass().groupImportance())
            .thenComparing(Comparator.comparingDouble(ClassMeasurement::worstServerPi).reversed())
            .thenComparing(c -> c.serviceClass().key());

    /**
     * Whether a class may donate to {@code receiver}, and in which tier: discretionary work first
     * (tier 0), then lower importance (least important first), then work of equal or higher
     * importance whose every server beats its goal by the margin {@code donorPi}, best first.
     * Returns a negative number if it may not donate.
     */
    public static double donorTier(ClassMeasurement donor, ClassInfo receiver, CpuManagerSettings settings) {
        ClassInfo d = donor.serviceClass();
        if (d.key().equals(receiver.key()) || !donor.hasVelocity()) {
            return -1;
        }
        if (d.isDiscretionary()) {
            return 0;
        }
        if (receiver.outranks(d)) {
            // 1 … 5.4: lowest class importance first, then lowest group importance
            return 1 + (4 - d.importance().ordinal()) + (4 - d.groupImportance().ordinal()) / 10.0;
        }
        if (donor.worstServerPi() <= settings.donorPi()) {
            return 100 + donor.worstServerPi();
        }
        return -1;
    }

    /** The share of a velocity goal's headroom (100 − goal) a target PI the goal cannot reach is moved to. */
    public static final double TARGET_HEADROOM = 0.5;

    /**
     * A PI threshold the class can reach: a velocity goal of {@code g} % has PI {@code g / 100} at best
     * (velocity 100, all the CPU it wants), so a target below that (0.9 for a goal of 90) could only be
     * met by all of its demand. The threshold is raised, if need be, to the PI at
     * {@code g + headroom · (100 − g)}: for the default target 0.9 and headroom 0.5 only {@code fastest}
     * (90) changes, to 90/95 = 0.947. Used by the plan strategy ({@link SharePlan}) for each server's need.
     */
    public static double reachable(double pi, ClassInfo c, double headroom) {
        if (c.goalVelocity() <= 0) {
            return pi;
        }
        double best = c.goalVelocity() + headroom * (100 - c.goalVelocity());
        return Math.max(pi, c.goalVelocity() / best);
    }

    /**
     * Shares fixed by importance, as an administrator might set them by hand: 4096 for the highest level
     * and a factor √2 less per level (2896, 2048, 1448), 1024 for the lowest and for discretionary work.
     * The plan strategy starts servers it has not measured yet at these ({@link CpuManager#initial}); the
     * simulator's {@code static} baseline uses them by default.
     */
    public static long importanceShares(ClassInfo c) {
        return c.isDiscretionary() ? SchedulerParameters.DEFAULT_SHARES : importanceShares(c.importance());
    }

    /** {@link #importanceShares(ClassInfo)} for a class of importance {@code importance}. */
    public static long importanceShares(Importance importance) {
        return Math.round(4 * SchedulerParameters.DEFAULT_SHARES / Math.pow(Math.sqrt(2), importance.ordinal()));
    }

    /**
     * The fraction of its demand a velocity goal needs to be at PI {@code pi}: velocity {@code g / pi} %, at
     * most all of it (PI 1: the goal itself). Used by the plan strategy ({@link SharePlan}) and the
     * simulator's oracle.
     */
    public static double velocityShare(ClassInfo c, double pi) {
        return Math.min(1, c.goalVelocity() / 100.0 / pi);
    }

    /** A server may donate if it is managed, ran this interval, is above the minimum and is not cooling down. */
    public static boolean serverMayDonate(VsView server, ShareLedger ledger, long interval,
                                          CpuManagerSettings settings) {
        return server.managed() && server.hasVelocity() && server.shares() > settings.minShares()
                && !ledger.raisedWithin(server.uuid(), interval, settings.donorCooldownIntervals());
    }

    /**
     * The highest projected PI a class of equal or higher importance than the receiver may be
     * pushed to: a donor of that rank keeps at least the target PI (headroom against the next
     * fluctuation), any other at least PI 1; a class already worse may not get worse.
     * Returns +∞ for classes that are not protected (less important, or discretionary).
     */
    public static double protectedCeiling(ClassInfo other, ClassInfo receiver, boolean donates, double piNow,
                                           CpuManagerSettings settings) {
        if (other.isDiscretionary() || receiver.outranks(other) || other.key().equals(receiver.key())
                || Double.isNaN(piNow)) {
            return Double.POSITIVE_INFINITY;
        }
        double ceiling = donates ? settings.targetPi() : 1.0;
        return Math.max(ceiling, piNow) + 1e-9;
    }

    /** How close to its cap a server's CPU must be for the cap, not its shares, to be what holds it. */
    public static final double CAP_HOLDS = 0.98;

    /**
     * Whether a server is held by its cap rather than by its shares: it wants more than its cap and
     * already gets (nearly) all of it under the current shares, so more shares would not help. A server
     * with a cap that contention keeps below it is helped by shares like any other.
     */
    public static boolean isHeldByCap(double allocation, double cap, double demand) {
        return cap < demand - 1e-9 && allocation >= CAP_HOLDS * cap;
    }

    /** An adjustment is worth making if it brings the receiver to goal or improves its PI by the minimum. */
    public static boolean isMaterial(double piBefore, double piAfter, CpuManagerSettings settings) {
        if (Double.isNaN(piBefore) || Double.isNaN(piAfter)) {
            return false;
        }
        return (piBefore > 1 && piAfter <= 1) || piBefore - piAfter >= settings.minPiImprovement();
    }

    /** A share change is made only if it moves by at least the minimum step. */
    public static boolean isSignificantStep(long before, long after, CpuManagerSettings settings) {
        return before != after && Math.abs(after - before) >= settings.minShareStep() * before;
    }

    /** The most shares a receiver server may reach this interval: bounded by max-shares and damping. */
    public static long receiverCeiling(long shares, CpuManagerSettings settings) {
        return Math.max(shares, Math.min(settings.maxShares(), (long) Math.floor(shares * settings.maxStepFactor())));
    }

    /** The fewest shares a donor server may fall to this interval: bounded by min-shares and damping. */
    public static long donorFloor(long shares, CpuManagerSettings settings) {
        return Math.min(shares, Math.max(settings.minShares(), (long) Math.ceil(shares / settings.maxStepFactor())));
    }

    /** The most the projection is trusted to be off by, either way, before its correction is capped. */
    public static final double MAX_BIAS = 2.0;

    /**
     * How far the model is from the host for one class: its projected PI for the current shares
     * over its measured PI, within [1/{@link #MAX_BIAS}, {@link #MAX_BIAS}]; 1 when either is unknown.
     * A projection is brought to the host's scale by dividing by it.
     */
    public static double modelBias(double modelPi, double measuredPi) {
        if (!(modelPi > 0) || !(measuredPi > 0) || Double.isInfinite(modelPi) || Double.isInfinite(measuredPi)) {
            return 1;
        }
        return Math.clamp(modelPi / measuredPi, 1 / MAX_BIAS, MAX_BIAS);
    }
}
