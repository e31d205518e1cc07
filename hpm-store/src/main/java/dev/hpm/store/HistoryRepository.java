package dev.hpm.store;

import dev.hpm.core.loop.IntervalReport;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Raw and calculated metrics per interval for hosts, service classes, workload resource groups
 * and virtual servers. Queries take a time range [from, to) and an optional bucket: without it
 * every interval comes back; with it the intervals of each bucket are combined the way the figures
 * are defined (velocity as Σ using / Σ (using + delay), PI from that velocity, CPU as averages,
 * counters as the last value), stamped with the bucket's start. Results are ordered by time, then
 * by entity. History older than {@code history.retention} is kept in 5-minute buckets, older than
 * {@code history.retention-5m} in hourly ones (docs/history.md): a query of calculated figures whose
 * range reaches back there needs a step that is a multiple of them, else it throws
 * {@link InvalidQueryException} (the parameter, the range and the fix).
 */
public interface HistoryRepository {

    /** Host figures of one interval (or bucket). {@code connected} false: the host did not answer. */
    record HostPoint(Instant at, String host, boolean connected, int cpus, double cpuUtilisation, double velocity,
                     double usingCpus, double delayCpus, int servers, double collectMillis) {
    }

    /** A service class on one host (or summed over hosts when queried per group). */
    record ClassPoint(Instant at, String host, String group, String serviceClass, String importance,
                      int goalVelocity, double velocity, double pi, double worstServerPi, double usingCpus,
                      double delayCpus, int servers, String responseTimeGoal, long completions, double averageMillis) {
        /** A class without a response-time goal. */
        public ClassPoint(Instant at, String host, String group, String serviceClass, String importance,
                          int goalVelocity, double velocity, double pi, double worstServerPi, double usingCpus,
                          double delayCpus, int servers) {
            this(at, host, group, serviceClass, importance, goalVelocity, velocity, pi, worstServerPi, usingCpus,
                    delayCpus, servers, null, 0, Double.NaN);
        }
    }

    /** A workload resource group over all hosts. {@code worstPi} is the worst class PI in the bucket. */
    record GroupPoint(Instant at, String group, double velocity, double worstPi, double usingCpus, double delayCpus,
                      int servers) {
    }

    /** A virtual server's calculated figures; {@code shares} and {@code capCpus} as HPM saw them (NaN cap: none). */
    record ServerPoint(Instant at, String uuid, String name, String host, String group, String serviceClass,
                       double usingCpus, double delayCpus, double cpuCpus, double velocity, double pi, long shares,
                       double capCpus) {
    }

    /** A virtual server's raw cumulative counters (ns, KiB, bytes; -1 where not collected). */
    record RawServerPoint(Instant at, String uuid, String host, long cpuTimeNanos, long vcpuTimeNanos,
                          long vcpuDelayNanos, long balloonCurrentKiB, long balloonRssKiB, long netRxBytes,
                          long netTxBytes, long blockReadBytes, long blockWriteBytes) {
    }

    /** A host's raw cumulative CPU counters (ns, over all CPUs). */
    record RawHostPoint(Instant at, String host, long kernelNanos, long userNanos, long idleNanos, long iowaitNanos) {
    }

    /**
     * History rows committed by {@link #record} since the store was opened: by the last interval (the
     * calls for one interval time add up, so an interval written host by host counts whole), and in
     * all (one row per report's host, plus, for a host that answered, one per service class on it and
     * one per virtual server).
     */
    record Written(long lastRows, long totalRows) {
    }

    /**
     * Stores the reports of one interval of every host, in one transaction; every row carries the
     * latest of the reports' times, so that figures combine over hosts interval by interval.
     */
    void record(List<IntervalReport> reports);

    /**
     * Stores some hosts' reports of one interval with every row stamped {@code intervalAt} (the
     * interval's time, the latest of all its reports'): an interval written host by host combines
     * over hosts exactly as one written by {@link #record(List)}.
     */
    void record(List<IntervalReport> reports, Instant intervalAt);

    /** The rows {@link #record} has written since the store was opened. */
    Written written();

    /** {@code host} null: every host. */
    List<HostPoint> hosts(String host, Instant from, Instant to, Duration bucket);

    /** {@code group} null: every group; per host, or combined over hosts when {@code overHosts}. */
    List<ClassPoint> classes(String group, Instant from, Instant to, Duration bucket, boolean overHosts);

    /** {@code group} null: every group. */
    List<GroupPoint> groups(String group, Instant from, Instant to, Duration bucket);

    /** {@code uuid} null: every server (use with a narrow range). */
    List<ServerPoint> servers(String uuid, Instant from, Instant to, Duration bucket);

    List<RawServerPoint> rawServers(String uuid, Instant from, Instant to);

    List<RawHostPoint> rawHosts(String host, Instant from, Instant to);

    /** Deletes history (and adjustments) older than {@code before}; returns the rows deleted. */
    long purgeBefore(Instant before);

    /**
     * Rolls up the history's buckets that the interval stamped {@code intervalAt} completed (5-minute
     * and hourly, docs/history.md), at most a bounded span of them per call; returns the rows written.
     * {@link #record} does it too unless it runs inside a caller's transaction.
     */
    default long rollUp(Instant intervalAt) {
        return 0;
    }

    /**
     * {@link #rollUp} on a thread of the store's own, returning at once; nothing happens if nothing is
     * complete to roll up, or if a roll-up is running (the next interval's call goes on from where it
     * ends). The server calls this after an interval's write: on H2 a 5-minute bucket of 10,000
     * servers takes seconds to aggregate, which would otherwise fall on that one interval.
     */
    default void rollUpInBackground(Instant intervalAt) {
        rollUp(intervalAt);
    }

    /**
     * Deletes the roll-ups of the history (5-minute and hourly buckets, docs/history.md) older than
     * their own retentions before {@code now}; returns the rows deleted. A store without roll-ups has none.
     */
    default long purgeRollups(Instant now) {
        return 0;
    }
}
