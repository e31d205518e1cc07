package dev.hpm.core.measure;

import dev.hpm.core.model.ClassInfo;

/**
 * A service class over one interval, on one host or over a pool: velocity =
 * 100 · Σ using / Σ (using + delay) over its servers that had a velocity, and the PI of that.
 * Because the class velocity is a weighted mean of its servers' velocities, the worst server's
 * PI is never below the class PI; the CPU manager works on the worst server so that every server
 * of an important class meets the goal, not only their sum.
 *
 * @param servers         servers of the class seen (management level monitor or manage)
 * @param measuredServers those of them with a velocity this interval
 * @param worstServerPi   the highest PI among its servers (NaN if none had a velocity)
 */
public record ClassMeasurement(ClassInfo serviceClass, int servers, int measuredServers, double usingCpus,
                               double delayCpus, double velocity, double pi, double worstServerPi) {
    public boolean hasVelocity() {
        return !Double.isNaN(velocity);
    }

    /** True if it has a goal and it or one of its servers has PI > 1. */
    public boolean missesGoal() {
        return !serviceClass.isDiscretionary() && hasVelocity() && worstServerPi > 1;
    }
}
