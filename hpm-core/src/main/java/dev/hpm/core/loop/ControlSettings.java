package dev.hpm.core.loop;

import dev.hpm.core.cpu.CpuManagerSettings;
import dev.hpm.core.measure.MeasurementSettings;
import dev.hpm.core.model.Problems;

import java.time.Duration;

/**
 * Settings of the per-host control loop.
 *
 * @param interval                  the measurement and CPU-manager interval (default 10 s)
 * @param fullStatsEvery            the costly stats groups (balloon, block, interface) are collected every
 *                                  this many intervals; the CPU groups every interval (default 6)
 * @param schedulerRefreshIntervals a server's scheduler parameters are re-read this often, to notice changes
 *                                  made outside HPM (default 30)
 */
public record ControlSettings(Duration interval, int fullStatsEvery, int schedulerRefreshIntervals,
                              MeasurementSettings measurement, CpuManagerSettings cpu) {
    public static final ControlSettings DEFAULT = new ControlSettings(Duration.ofSeconds(10), 6, 30,
            MeasurementSettings.DEFAULT, CpuManagerSettings.DEFAULT);

    public ControlSettings {
        Problems p = new Problems();
        if (interval == null || interval.toMillis() < 1000) {
            p.add("interval", interval == null ? null : interval.toMillis() / 1000.0 + "s",
                    "must be at least 1 second, e.g. 10s");
        }
        if (fullStatsEvery < 1) {
            p.add("full-stats-every", fullStatsEvery, "must be 1 or more intervals");
        }
        if (schedulerRefreshIntervals < 1) {
            p.add("scheduler-refresh-intervals", schedulerRefreshIntervals, "must be 1 or more intervals");
        }
        p.throwIfAny();
    }

    public ControlSettings withInterval(Duration newInterval) {
        return new ControlSettings(newInterval, fullStatsEvery, schedulerRefreshIntervals, measurement, cpu);
    }

    public ControlSettings withCpu(CpuManagerSettings newCpu) {
        return new ControlSettings(interval, fullStatsEvery, schedulerRefreshIntervals, measurement, newCpu);
    }
}
