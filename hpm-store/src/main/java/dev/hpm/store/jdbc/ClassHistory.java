package dev.hpm.store.jdbc;

import dev.hpm.store.HistoryRepository.ClassPoint;
import dev.hpm.store.jdbc.HistoryQueries.ClassInterval;
import dev.hpm.store.jdbc.HistoryQueries.Range;
import dev.hpm.store.jdbc.HistoryRollups.Resolution;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The service classes' history: the queries (per host, or summed over hosts) and their roll-ups
 * {@code class_history_5m} and {@code _1h} (schema V11, docs/history.md). A roll-up row is a bucket
 * of a class on one host, its raw rows' sums (a pure {@code INSERT … SELECT}), or, with host
 * {@value #ALL_HOSTS_SQL} ({@link #ALL_HOSTS}), of the class over all hosts, folded by
 * {@link ClassSums} from the intervals summed over the hosts, as the raw query folds them (its
 * servers are the most in one interval, its importance and goals the last interval's, which SQL
 * over the per-host rows cannot give). Both keep the sums a response-time class's PI needs
 * ({@link ClassResponseTimes}), so a bucket has the same figures from every source. A query picks
 * its sources by {@link ResolutionPlan}, like the hosts', servers' and groups'.
 */
final class ClassHistory {
    /** The host of a roll-up row of a class over all hosts: no host has an empty name. */
    static final String ALL_HOSTS = "";
    /** {@link #ALL_HOSTS} in SQL. */
    static final String ALL_HOSTS_SQL = "''";
    /** A class's figures over a bucket of raw rows of one host: the columns {@link ClassSums#add(ResultSet)} reads. */
    private static final String RAW_SUMS = "MAX(importance) AS importance, MAX(goal_velocity) AS goal_velocity, "
            + "SUM(using_cpus) AS using_sum, SUM(delay_cpus) AS delay_sum, COUNT(*) AS intervals, "
            + "MAX(worst_server_pi) AS worst_server_pi, MAX(servers) AS servers, " + ClassResponseTimes.SUMS;
    /** The same over roll-up rows of one host. */
    private static final String ROLLED_SUMS = "MAX(importance) AS importance, MAX(goal_velocity) AS goal_velocity, "
            + "SUM(using_sum) AS using_sum, SUM(delay_sum) AS delay_sum, SUM(intervals) AS intervals, "
            + "MAX(worst_server_pi) AS worst_server_pi, MAX(servers) AS servers, " + ClassResponseTimes.ROLLED_SUMS;
    private static final String COLUMNS = "bucket_ms, host, group_name, class_name, importance, goal_velocity, using_sum, "
            + "delay_sum, intervals, worst_server_pi, servers, rt_goal, completions, rt_millis, pi_weighted, pi_weights";
    private static final Comparator<ClassPoint> ORDER = Comparator.comparing(ClassPoint::at)
            .thenComparing(ClassPoint::host, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(ClassPoint::group).thenComparing(ClassPoint::serviceClass);

    private final Database db;
    private final BucketCache<ClassPoint> overHostsBuckets;
    private final Supplier<Map<Resolution, Long>> rolledTo;

    ClassHistory(Database db, BucketCache<ClassPoint> overHostsBuckets, Supplier<Map<Resolution, Long>> rolledTo) {
        this.db = db;
        this.overHostsBuckets = overHostsBuckets;
        this.rolledTo = rolledTo;
    }

    /** {@code group} null: every group; per host, or over hosts (complete buckets from the {@link BucketCache} once read). */
    List<ClassPoint> classes(String group, Instant from, Instant to, Duration bucket, boolean overHosts) {
        Range r = Range.of(from, to, bucket);
        if (overHosts) {
            return HistoryQueries.sorted(overHostsBuckets.groups(group, r.from(), r.to(), r.bucket(),
                    (a, b) -> ResolutionPlan.answer(new Range(a, b, r.bucket()), rolledTo,
                            part -> overHosts(group, part, null), (res, part) -> overHosts(group, part, res))), ORDER);
        }
        return HistoryQueries.sorted(ResolutionPlan.answer(r, rolledTo, part -> perHost(group, part, null),
                (res, part) -> perHost(group, part, res)), ORDER);
    }

    private static String what(String group) {
        return "read the service class history of " + (group == null ? "every group" : "group " + group);
    }

    /** From the raw rows ({@code res} null) or a roll-up's rows of hosts; the same columns either way. */
    private List<ClassPoint> perHost(String group, Range r, Resolution res) {
        String filter = group == null ? "" : " AND group_name = ?";
        String sql = res == null
                ? "SELECT " + r.bucketSql() + " AS bucket, host, group_name, class_name, " + RAW_SUMS
                + " FROM class_history WHERE at_ms >= ? AND at_ms < ?" + filter
                + " GROUP BY " + r.bucketSql() + ", host, group_name, class_name"
                : "SELECT " + r.bucketSql("bucket_ms") + " AS bucket, host, group_name, class_name, " + ROLLED_SUMS
                + " FROM " + res.table("class_history") + " WHERE bucket_ms >= ? AND bucket_ms < ?" + filter
                + " AND host <> " + ALL_HOSTS_SQL + " GROUP BY " + r.bucketSql("bucket_ms") + ", host, group_name, class_name";
        return db.read(what(group), c -> {
            List<ClassPoint> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                r.bind(ps, group);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ClassSums s = new ClassSums();
                        s.add(rs);
                        out.add(s.point(rs.getLong("bucket"), rs.getString("host"), rs.getString("group_name"),
                                rs.getString("class_name")));
                    }
                }
            }
            return out;
        });
    }

    /** From the raw rows ({@code res} null) or a roll-up's rows over all hosts. */
    private List<ClassPoint> overHosts(String group, Range r, Resolution res) {
        Map<List<Object>, ClassSums> sums = db.read(what(group), c -> res == null
                ? fold(HistoryQueries.classIntervals(c, r, group), r) : fold(c, res, r, group));
        List<ClassPoint> points = new ArrayList<>();
        sums.forEach((k, s) -> points.add(s.point((Long) k.get(0), null, (String) k.get(1), (String) k.get(2))));
        return points;
    }

    /** Per bucket of {@code r}, group and class: the intervals (in time order) folded. */
    private static Map<List<Object>, ClassSums> fold(List<ClassInterval> intervals, Range r) {
        Map<List<Object>, ClassSums> sums = new LinkedHashMap<>();
        for (ClassInterval i : intervals) {
            sums.computeIfAbsent(List.of(r.start(i.at()), i.group(), i.serviceClass()), k -> new ClassSums()).add(i);
        }
        return sums;
    }

    /** The same from a roll-up's rows over all hosts of [r.from, r.to), in time order. */
    private static Map<List<Object>, ClassSums> fold(Connection c, Resolution res, Range r, String group) throws SQLException {
        Map<List<Object>, ClassSums> sums = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM " + res.table("class_history")
                + " WHERE bucket_ms >= ? AND bucket_ms < ?" + (group == null ? "" : " AND group_name = ?")
                + " AND host = " + ALL_HOSTS_SQL + " ORDER BY bucket_ms")) {
            r.bind(ps, group);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    sums.computeIfAbsent(List.of(r.start(rs.getLong("bucket_ms")), rs.getString("group_name"),
                            rs.getString("class_name")), k -> new ClassSums()).add(rs);
                }
            }
        }
        return sums;
    }

    // ---- roll-ups (HistoryRollups: in its transaction, after it cleared the buckets) ----------

    /** Rolls [from, to) of the raw rows up into {@code class_history_5m}; {@code intervals}: those of [from, to). */
    static long rollFromRaw(Connection c, long from, long to, List<ClassInterval> intervals) throws SQLException {
        long b = Resolution.FIVE_MINUTES.millis;
        long rows = HistoryRollups.update(c, "INSERT INTO class_history_5m (" + COLUMNS + ") SELECT " + HistoryRollups.bucket("at_ms", b)
                + ", host, group_name, class_name, " + RAW_SUMS + " FROM class_history WHERE at_ms >= ? AND at_ms < ? "
                + "GROUP BY " + HistoryRollups.bucket("at_ms", b) + ", host, group_name, class_name", from, to);
        return rows + insertOverHosts(c, Resolution.FIVE_MINUTES, fold(intervals, new Range(from, to, b)));
    }

    /** Rolls [from, to) of {@code class_history_5m} up into {@code class_history_1h}. */
    static long rollHourly(Connection c, long from, long to) throws SQLException {
        long b = Resolution.HOUR.millis;
        long rows = HistoryRollups.update(c, "INSERT INTO class_history_1h (" + COLUMNS + ") SELECT " + HistoryRollups.bucket("bucket_ms", b)
                + ", host, group_name, class_name, " + ROLLED_SUMS + " FROM class_history_5m WHERE bucket_ms >= ? "
                + "AND bucket_ms < ? AND host <> " + ALL_HOSTS_SQL + " GROUP BY " + HistoryRollups.bucket("bucket_ms", b)
                + ", host, group_name, class_name", from, to);
        return rows + insertOverHosts(c, Resolution.HOUR, fold(c, Resolution.FIVE_MINUTES, new Range(from, to, b), null));
    }

    private static long insertOverHosts(Connection c, Resolution res, Map<List<Object>, ClassSums> sums) throws SQLException {
        if (sums.isEmpty()) {
            return 0;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + res.table("class_history") + " (" + COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (Map.Entry<List<Object>, ClassSums> e : sums.entrySet()) {
                ClassSums s = e.getValue();
                ClassResponseTimes rt = s.rt;
                ps.setLong(1, (Long) e.getKey().get(0));
                ps.setString(2, ALL_HOSTS);
                ps.setString(3, (String) e.getKey().get(1));
                ps.setString(4, (String) e.getKey().get(2));
                ps.setString(5, s.importance);
                ps.setInt(6, s.goal);
                ps.setDouble(7, s.using);
                ps.setDouble(8, s.delay);
                ps.setLong(9, s.intervals);
                if (Double.isNaN(s.worst)) {
                    ps.setNull(10, Types.DOUBLE);
                } else {
                    ps.setDouble(10, s.worst);
                }
                ps.setInt(11, s.servers);
                ps.setString(12, rt.goal() == null ? null : rt.goal().label());
                ps.setLong(13, rt.completions());
                ps.setDouble(14, rt.millis());
                ps.setDouble(15, rt.weightedPis());
                ps.setLong(16, rt.weights());
                ps.addBatch();
            }
            ps.executeBatch();
        }
        return sums.size();
    }
}
