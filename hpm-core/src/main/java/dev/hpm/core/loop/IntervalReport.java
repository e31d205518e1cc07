package dev.hpm.core.loop;

import dev.hpm.core.cpu.HostDecision;
import dev.hpm.core.cpu.HostView;
import dev.hpm.core.driver.NodeCpuStats;
import dev.hpm.core.cpu.ShareChange;
import dev.hpm.core.measure.HostMeasurement;

import java.time.Instant;
import java.util.List;

/**
 * One interval of one host: goal versus actual, the CPU manager's decision, what was changed
 * and what went wrong. {@code measurement} and {@code decision} are null when the host was
 * unreachable.
 *
 * @param view         what the CPU manager saw: each server's shares, cap and demand (null when unreachable)
 * @param node         the host's cumulative CPU counters at the end of the interval (null if not read)
 * @param collectNanos time the statistics call and its decoding took
 */
public record IntervalReport(String host, long interval, Instant time, HostStatus status,
                             HostMeasurement measurement, HostView view, NodeCpuStats node, HostDecision decision,
                             List<ShareChange> applied, List<String> errors, long collectNanos) {
    public IntervalReport {
        applied = List.copyOf(applied);
        errors = List.copyOf(errors);
    }
}
