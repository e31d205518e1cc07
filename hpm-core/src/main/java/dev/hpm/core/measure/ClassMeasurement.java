package dev.hpm.core.measure;

import dev.hpm.core.model.ClassInfo;

/**
 * A service class over one interval, on one host or over a pool: velocity =
 * 100 · Σ using / Σ (using + delay) over its servers that had a velocity.
 *
 * @param servers         servers of the class seen (management level monitor or manage)
 * @param measuredServers those of them with a velocity this interval
 */
public record ClassMeasurement(ClassInfo serviceClass, int servers, int measuredServers, double usingCpus,
                               double delayCpus, double velocity, double pi) {
    public boolean hasVelocity() {
        return !Double.isNaN(velocity);
    }

    /** True if it has a goal, a velocity and PI > 1. */
    public boolean missesGoal() {
        return !serviceClass.isDiscretionary() && hasVelocity() && pi > 1;
    }
}
