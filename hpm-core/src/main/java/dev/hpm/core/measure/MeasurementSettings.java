package dev.hpm.core.measure;

import dev.hpm.core.model.Problems;

/**
 * How counters become velocities.
 *
 * @param minSampleCpus   a VS whose using + delay over an interval is below this many CPUs (times
 *                        the interval) was nearly idle and gets no velocity (WLM also needs a
 *                        minimum of samples); default 0.05
 * @param maxGapIntervals if more than this many intervals passed since the previous sample (the
 *                        host was unreachable), the interval is discarded and the counters start
 *                        afresh; default 2.5
 * @param overrunTolerance using + delay may exceed vCPUs × elapsed by this fraction (timer skew)
 *                        before the interval is discarded as inconsistent; default 0.25
 * @param minCompletions  a server or class with a response-time goal that completed fewer requests
 *                        than this over an interval has no PI that interval (WLM, too, needs enough
 *                        completions); default 10
 */
public record MeasurementSettings(double minSampleCpus, double maxGapIntervals, double overrunTolerance,
                                  long minCompletions) {
    public static final MeasurementSettings DEFAULT = new MeasurementSettings(0.05, 2.5, 0.25, 10);

    /** The settings with the default minimum of completions. */
    public MeasurementSettings(double minSampleCpus, double maxGapIntervals, double overrunTolerance) {
        this(minSampleCpus, maxGapIntervals, overrunTolerance, 10);
    }

    public MeasurementSettings {
        Problems problems = new Problems();
        if (!(minSampleCpus >= 0 && minSampleCpus <= 1)) {
            problems.add("measurement.min-sample-cpus", minSampleCpus, "use a value from 0 to 1 CPU");
        }
        if (!(maxGapIntervals >= 1.5)) {
            problems.add("measurement.max-gap-intervals", maxGapIntervals, "must be at least 1.5 intervals");
        }
        if (!(overrunTolerance >= 0 && overrunTolerance <= 1)) {
            problems.add("measurement.overrun-tolerance", overrunTolerance, "use a fraction from 0 to 1");
        }
        if (minCompletions < 1) {
            problems.add("measurement.min-completions", minCompletions, "use at least 1 request per interval");
        }
        problems.throwIfAny();
    }
}
