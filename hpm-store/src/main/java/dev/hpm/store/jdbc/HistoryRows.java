package dev.hpm.store.jdbc;

import dev.hpm.core.cpu.VsView;
import dev.hpm.core.driver.DomainSample;
import dev.hpm.core.driver.NodeCpuStats;
import dev.hpm.core.loop.IntervalReport;
import dev.hpm.core.measure.ClassMeasurement;
import dev.hpm.core.model.Goal;
import dev.hpm.core.measure.HostMeasurement;
import dev.hpm.core.measure.VsMeasurement;
import dev.hpm.core.model.ClassInfo;

import java.sql.SQLException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns the reports of one interval into rows of {@link HistoryTables}: per report a host row (with
 * the host's raw CPU counters), and for a connected report a row per service class and a row per
 * virtual server (calculated figures, shares and cap from the report's view, raw counters of its
 * sample). Every row of one interval carries the same time, the latest of the reports' times, so
 * that figures combine over hosts interval by interval. NaN becomes NULL, as does a cap of +∞.
 */
final class HistoryRows {
    /** The raw counters of a server without a sample: all absent. */
    private static final long[] NO_COUNTERS = {DomainSample.ABSENT, DomainSample.ABSENT, DomainSample.ABSENT,
            DomainSample.ABSENT, DomainSample.ABSENT, DomainSample.ABSENT, DomainSample.ABSENT, DomainSample.ABSENT,
            DomainSample.ABSENT};

    private HistoryRows() {
    }

    /**
     * Writes the rows of one interval's reports to {@code sink}.
     *
     * @throws IllegalArgumentException if a host has two reports in the interval
     */
    static void write(List<IntervalReport> reports, RowSink sink) throws SQLException {
        if (reports.isEmpty()) {
            return;
        }
        write(reports.stream().mapToLong(r -> r.time().toEpochMilli()).max().orElseThrow(), reports, sink);
    }

    /** {@link #write(List, RowSink)} with every row stamped {@code at} (epoch ms): part of an interval written host by host. */
    static void write(long at, List<IntervalReport> reports, RowSink sink) throws SQLException {
        Set<String> hosts = new HashSet<>();
        for (IntervalReport r : reports) {
            if (!hosts.add(r.host())) {
                throw new IllegalArgumentException("host " + r.host() + " has two reports in one interval; record "
                        + "each interval's reports in a call of their own");
            }
        }
        for (IntervalReport r : reports) {
            write(at, r, sink);
        }
    }

    private static void write(long at, IntervalReport r, RowSink sink) throws SQLException {
        HostMeasurement m = r.measurement();
        NodeCpuStats node = r.node();
        double collectMillis = r.collectNanos() / 1e6;
        if (m == null) {
            sink.add(HistoryTables.HOSTS, new Object[]{at, r.host(), false, 0, null, null, 0.0, 0.0, 0, collectMillis,
                    kernel(node), user(node), idle(node), iowait(node)});
            return;
        }
        sink.add(HistoryTables.HOSTS, new Object[]{at, r.host(), true, m.cpus(), nullable(m.cpuUtilisation()),
                nullable(m.velocity()), m.usingCpus(), m.delayCpus(), m.servers().size(), collectMillis, kernel(node),
                user(node), idle(node), iowait(node)});
        for (ClassMeasurement c : m.classes().values()) {
            ClassInfo info = c.serviceClass();
            sink.add(HistoryTables.CLASSES, new Object[]{at, r.host(), info.key().group(), info.key().serviceClass(),
                    info.importance().label(), info.goalVelocity(), c.servers(), c.measuredServers(), c.usingCpus(),
                    c.delayCpus(), nullable(c.velocity()), nullable(c.pi()), nullable(c.worstServerPi()),
                    info.goal() instanceof Goal.ResponseTime rt ? rt.label() : null,
                    c.completions() == null ? null : c.completions().count(),
                    c.completions() == null ? null : c.completions().sumMillis()});
        }
        Map<String, VsView> views = new HashMap<>();
        if (r.view() != null) {
            r.view().servers().forEach(v -> views.put(v.uuid(), v));
        }
        for (VsMeasurement s : m.servers()) {
            sink.add(HistoryTables.SERVERS, serverRow(at, r.host(), s, views.get(s.uuid())));
        }
    }

    private static Object[] serverRow(long at, String host, VsMeasurement s, VsView v) {
        DomainSample d = s.sample();
        long[] raw = d == null ? NO_COUNTERS : new long[]{d.cpuTimeNanos(), d.usingNanos(), d.delayNanos(),
                d.balloonCurrentKiB(), d.balloonRssKiB(), d.netRxBytes(), d.netTxBytes(), d.blockReadBytes(),
                d.blockWriteBytes()};
        return new Object[]{at, s.uuid(), s.name(), host, s.serviceClass().key().group(),
                s.serviceClass().key().serviceClass(), s.serviceClass().goalVelocity(), s.usingCpus(), s.delayCpus(),
                s.cpuCpus(), nullable(s.velocity()), nullable(s.pi()), v == null ? -1L : v.shares(),
                v == null ? null : cap(v.capCpus()), raw[0], raw[1], raw[2], raw[3], raw[4], raw[5], raw[6], raw[7],
                raw[8], s.serviceClass().goal() instanceof Goal.ResponseTime rt ? rt.label() : null};
    }

    private static Double nullable(double value) {
        return Double.isNaN(value) ? null : value;
    }

    private static Double cap(double cap) {
        return Double.isInfinite(cap) ? null : nullable(cap);
    }

    private static Long kernel(NodeCpuStats n) {
        return n == null ? null : n.kernelNanos();
    }

    private static Long user(NodeCpuStats n) {
        return n == null ? null : n.userNanos();
    }

    private static Long idle(NodeCpuStats n) {
        return n == null ? null : n.idleNanos();
    }

    private static Long iowait(NodeCpuStats n) {
        return n == null ? null : n.iowaitNanos();
    }
}
