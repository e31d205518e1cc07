package dev.hpm.core.measure;

import dev.hpm.core.model.ClassInfo;

/**
 * Execution velocity and performance index, after z/OS WLM (see IBM, "z/OS MVS Planning:
 * Workload Management", chapter "Velocity goals"): velocity = 100 · using / (using + delay);
 * PI = goal velocity / actual velocity, so PI ≤ 1 means the goal is met. Discretionary work has
 * the fixed PI {@value ClassInfo#DISCRETIONARY_PI}. A class with a response-time goal has no velocity
 * PI: its PI comes from its completions ({@link ResponseTimePi}).
 */
public final class Velocity {
    /** The largest PI reported; a velocity of 0 (only delay) would otherwise give infinity. */
    public static final double MAX_PI = 100;

    private Velocity() {
    }

    /** 100 · using / (using + delay), or NaN if both are zero. */
    public static double of(double using, double delay) {
        double total = using + delay;
        return total > 0 ? 100 * using / total : Double.NaN;
    }

    /** The performance index of {@code velocity} against the goal of {@code serviceClass}; NaN if no velocity. */
    public static double pi(ClassInfo serviceClass, double velocity) {
        if (Double.isNaN(velocity)) {
            return Double.NaN;
        }
        return switch (serviceClass.goal()) {
            case dev.hpm.core.model.Goal.Discretionary d -> ClassInfo.DISCRETIONARY_PI;
            case dev.hpm.core.model.Goal.Velocity v -> pi(serviceClass.goalVelocity(), velocity);
            case dev.hpm.core.model.Goal.ResponseTime r -> Double.NaN; // its PI comes from its completions
        };
    }

    /** goal / velocity, at most {@link #MAX_PI}. */
    public static double pi(double goalVelocity, double velocity) {
        if (Double.isNaN(velocity)) {
            return Double.NaN;
        }
        return velocity * MAX_PI <= goalVelocity ? MAX_PI : goalVelocity / velocity;
    }
}
