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
 * <p>A class with a response-time goal has its PI from the requests its servers completed
 * ({@code completions}, {@link ResponseTimePi}), not from its velocity; with too few completions
 * it has no PI (NaN) and is neither receiver nor donor by PI that interval.
 *
 * @param worstServerPi   the highest PI among its servers (NaN if none had a velocity, or, for a
 *                        response-time goal, if the class has no PI); never below {@code pi}
 * @param completions     for a response-time goal, the requests its servers completed this interval
 *                        (null if none reported)
 */
public record ClassMeasurement(ClassInfo serviceClass, int servers, int measuredServers, double usingCpus,
                               double delayCpus, double velocity, double pi, double worstServerPi,
                               Completions completions) {
    /** A class without response-time data. */
    public ClassMeasurement(ClassInfo serviceClass, int servers, int measuredServers, double usingCpus,
                            double delayCpus, double velocity, double pi, double worstServerPi) {
        this(serviceClass, servers, measuredServers, usingCpus, delayCpus, velocity, pi, worstServerPi, null);
    }

    public boolean hasVelocity() {
        return !Double.isNaN(velocity);
    }

    /** True if it has a goal and it or one of its servers has PI > 1. */
    public boolean missesGoal() {
        return !serviceClass.isDiscretionary() && hasVelocity() && worstServerPi > 1;
    }
}
