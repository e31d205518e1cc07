package dev.hpm.store.jdbc;

import dev.hpm.core.measure.Velocity;
import dev.hpm.core.model.ClassInfo;
import dev.hpm.store.HistoryRepository.GroupPoint;
import dev.hpm.store.HistoryRepository.HostPoint;
import dev.hpm.store.HistoryRepository.RawHostPoint;
import dev.hpm.store.HistoryRepository.RawServerPoint;
import dev.hpm.store.HistoryRepository.ServerPoint;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

import dev.hpm.store.jdbc.HistoryRollups.Resolution;

/**
 * The history queries. Buckets start at multiples of the bucket length since the epoch. Sums,
 * averages and maxima are computed by the database (grouped by bucket and entity); velocities and
 * PIs are computed here from those sums with {@link Velocity}, exactly as the measurement computes
 * them: velocity = 100 · Σ using / Σ (using + delay) over the intervals of the bucket, PI = goal /
 * velocity capped at {@link Velocity#MAX_PI}, {@value ClassInfo#DISCRETIONARY_PI} for discretionary
 * work. A class with a response-time goal has its PI from its completions instead
 * ({@link dev.hpm.core.measure.ResponseTimePi#overSpan}: exact for an average goal, the intervals' PIs weighted by their
 * completions for a percentile goal), and counts for its group's worst PI. Without a bucket every interval is its own bucket, so both paths give the same figures.
 * Figures over hosts (groups, classes over hosts) are first summed over the hosts of each interval,
 * then combined over the bucket; their velocity and worst PI are those of the per-interval sums.
 * Server points keep the last interval's name, host, class, shares and cap.
 */
final class HistoryQueries {
    private final Database db;
    /** How far each roll-up reaches ({@link HistoryRollups#rolledTo}). */
    private final Supplier<Map<Resolution, Long>> rolledTo;
    private final BucketCache<GroupPoint> groupBuckets;

    HistoryQueries(Database db, BucketCache<GroupPoint> groupBuckets, Supplier<Map<Resolution, Long>> rolledTo) {
        this.db = db;
        this.rolledTo = rolledTo;
        this.groupBuckets = groupBuckets;
    }

    /** [from, to) in epoch ms and the bucket length in ms (1: every interval). */
    record Range(long from, long to, long bucket) {
        static Range of(Instant from, Instant to, Duration bucket) {
            long b = bucket == null || bucket.isNegative() || bucket.isZero() ? 1 : Math.max(1, bucket.toMillis());
            return new Range(from == null ? Long.MIN_VALUE : from.toEpochMilli(),
                    to == null ? Long.MAX_VALUE : to.toEpochMilli(), b);
        }

        /** The SQL of a bucket's start; the length is a number formatted here, never text from outside. */
        String bucketSql() {
            return bucketSql("at_ms");
        }

        String bucketSql(String column) {
            return HistoryRollups.bucket(column, bucket);
        }

        long start(long at) {
            return at - Math.floorMod(at, bucket);
        }

        /** Binds {@code at_ms >= ? AND at_ms < ?} and, if given, the entity filter that follows. */
        void bind(PreparedStatement ps, String filter) throws SQLException {
            ps.setLong(1, from);
            ps.setLong(2, to);
            if (filter != null) {
                ps.setString(3, filter);
            }
        }
    }

    /** PI of {@code velocity} for a class with this goal (0: discretionary). */
    static double pi(int goalVelocity, double velocity) {
        if (Double.isNaN(velocity)) {
            return Double.NaN;
        }
        return goalVelocity == 0 ? ClassInfo.DISCRETIONARY_PI : Velocity.pi(goalVelocity, velocity);
    }

    List<HostPoint> hosts(String host, Instant from, Instant to, Duration bucket) {
        Range r = Range.of(from, to, bucket);
        List<HostPoint> points = planned(r, part -> hosts(host, part, null), (res, part) -> hosts(host, part, res));
        return sorted(points, Comparator.comparing(HostPoint::at).thenComparing(HostPoint::host));
    }

    /** From the raw rows ({@code res} null) or a roll-up; the same columns either way. */
    private List<HostPoint> hosts(String host, Range r, Resolution res) {
        String sql = res == null ? "SELECT " + r.bucketSql() + " AS bucket, host, MAX(CASE WHEN connected THEN 1 ELSE 0 END) AS connected, "
                + "MAX(cpus) AS cpus, AVG(cpu_utilisation) AS cpu_utilisation, "
                + "SUM(CASE WHEN connected THEN using_cpus ELSE 0 END) AS using_sum, "
                + "SUM(CASE WHEN connected THEN delay_cpus ELSE 0 END) AS delay_sum, "
                + "SUM(CASE WHEN connected THEN 1 ELSE 0 END) AS intervals, MAX(servers) AS servers, "
                + "AVG(collect_millis) AS collect_millis FROM host_history WHERE at_ms >= ? AND at_ms < ?"
                + (host == null ? "" : " AND host = ?") + " GROUP BY " + r.bucketSql() + ", host"
                : "SELECT " + r.bucketSql("bucket_ms") + " AS bucket, host, MAX(connected) AS connected, MAX(cpus) AS cpus, "
                + "CASE WHEN SUM(utilisation_count) = 0 THEN NULL ELSE SUM(utilisation_sum) / SUM(utilisation_count) END "
                + "AS cpu_utilisation, SUM(using_sum) AS using_sum, SUM(delay_sum) AS delay_sum, SUM(intervals) AS intervals, "
                + "MAX(servers) AS servers, SUM(collect_sum) / SUM(row_count) AS collect_millis FROM "
                + res.table("host_history") + " WHERE bucket_ms >= ? AND bucket_ms < ?" + (host == null ? "" : " AND host = ?")
                + " GROUP BY " + r.bucketSql("bucket_ms") + ", host";
        return db.read("read the history of " + (host == null ? "every host" : "host " + host), c -> {
            List<HostPoint> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                r.bind(ps, host);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long n = rs.getLong("intervals");
                        double using = rs.getDouble("using_sum");
                        double delay = rs.getDouble("delay_sum");
                        out.add(new HostPoint(Instant.ofEpochMilli(rs.getLong("bucket")), rs.getString("host"),
                                rs.getInt("connected") == 1, rs.getInt("cpus"), Sql.doubleOrNaN(rs, "cpu_utilisation"),
                                n > 0 ? Velocity.of(using, delay) : Double.NaN, n > 0 ? using / n : 0,
                                n > 0 ? delay / n : 0, rs.getInt("servers"), rs.getDouble("collect_millis")));
                    }
                }
            }
            return out;
        });
    }

    /** Complete buckets come from a {@link BucketCache} once read; the same figures either way. */
    List<GroupPoint> groups(String group, Instant from, Instant to, Duration bucket) {
        Range r = Range.of(from, to, bucket);
        List<GroupPoint> points = groupBuckets.groups(group, r.from(), r.to(), r.bucket(),
                (a, b) -> planned(new Range(a, b, r.bucket()), part -> groups(group, part),
                        (res, part) -> rolledGroups(group, part, res)));
        return sorted(points, Comparator.comparing(GroupPoint::at).thenComparing(GroupPoint::group));
    }

    private List<GroupPoint> rolledGroups(String group, Range r, Resolution res) {
        String sql = "SELECT " + r.bucketSql("bucket_ms") + " AS bucket, group_name, SUM(using_sum) AS using_sum, "
                + "SUM(delay_sum) AS delay_sum, MAX(worst_pi) AS worst_pi, MAX(max_servers) AS max_servers, "
                + "SUM(intervals) AS intervals FROM " + res.table("group_history") + " WHERE bucket_ms >= ? AND bucket_ms < ?"
                + (group == null ? "" : " AND group_name = ?") + " GROUP BY " + r.bucketSql("bucket_ms") + ", group_name";
        return db.read("read the history of " + (group == null ? "every group" : "group " + group), c -> {
            List<GroupPoint> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                r.bind(ps, group);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        GroupSums g = new GroupSums();
                        g.using = rs.getDouble("using_sum");
                        g.delay = rs.getDouble("delay_sum");
                        g.worstPi = Sql.doubleOrNaN(rs, "worst_pi");
                        g.maxServers = rs.getInt("max_servers");
                        g.intervals = rs.getLong("intervals");
                        out.add(g.point(rs.getLong("bucket"), rs.getString("group_name")));
                    }
                }
            }
            return out;
        });
    }

    private List<GroupPoint> groups(String group, Range r) {
        Map<List<Object>, GroupSums> sums = new LinkedHashMap<>();
        for (ClassInterval i : classIntervals(r, group, "read the history of " + (group == null ? "every group"
                : "group " + group))) {
            sums.computeIfAbsent(List.of(r.start(i.at()), i.group()), k -> new GroupSums()).add(i);
        }
        List<GroupPoint> points = new ArrayList<>();
        sums.forEach((k, s) -> points.add(s.point((Long) k.get(0), (String) k.get(1))));
        return sorted(points, Comparator.comparing(GroupPoint::at).thenComparing(GroupPoint::group));
    }

    List<ServerPoint> servers(String uuid, Instant from, Instant to, Duration bucket) {
        Range r = Range.of(from, to, bucket);
        List<ServerPoint> points = planned(r, part -> servers(uuid, part, null), (res, part) -> servers(uuid, part, res));
        return sorted(points, Comparator.comparing(ServerPoint::at).thenComparing(ServerPoint::uuid));
    }

    /** From the raw rows ({@code res} null) or a roll-up, folded by {@link ServerSums} in time order. */
    private List<ServerPoint> servers(String uuid, Range r, Resolution res) {
        String at = res == null ? "at_ms" : "bucket_ms";
        String sql = (res == null ? "SELECT at_ms, uuid, name, host, group_name, class_name, goal_velocity, using_cpus, "
                + "delay_cpus, cpu_cpus, velocity, pi, rt_goal, shares, cap_cpus FROM server_history"
                : "SELECT " + HistoryRollups.SERVER_COLUMNS + " FROM " + res.table("server_history"))
                + " WHERE " + at + " >= ? AND " + at + " < ?" + (uuid == null ? "" : " AND uuid = ?")
                + " ORDER BY uuid, " + at;
        return db.read("read the history of " + (uuid == null ? "every server" : "server " + uuid),
                c -> {
                    List<ServerPoint> out = new ArrayList<>();
                    try (PreparedStatement ps = c.prepareStatement(sql)) {
                        r.bind(ps, uuid);
                        ps.setFetchSize(5_000);
                        try (ResultSet rs = ps.executeQuery()) {
                            ServerSums current = null;
                            while (rs.next()) {
                                long start = r.start(rs.getLong(at));
                                String id = rs.getString("uuid");
                                if (current == null || current.start != start || !current.uuid.equals(id)) {
                                    if (current != null) {
                                        out.add(current.point());
                                    }
                                    current = new ServerSums(start, id);
                                }
                                if (res == null) {
                                    current.add(rs);
                                } else {
                                    current.addRollup(rs);
                                }
                            }
                            if (current != null) {
                                out.add(current.point());
                            }
                        }
                    }
                    return out;
                });
    }

    private <P> List<P> planned(Range r, Function<Range, List<P>> raw, BiFunction<Resolution, Range, List<P>> rolled) {
        return ResolutionPlan.answer(r, rolledTo, raw, rolled);
    }

    List<RawServerPoint> rawServers(String uuid, Instant from, Instant to) {
        Range r = Range.of(from, to, null);
        String sql = "SELECT at_ms, uuid, host, cpu_time_nanos, vcpu_time_nanos, vcpu_delay_nanos, balloon_current_kib, "
                + "balloon_rss_kib, net_rx_bytes, net_tx_bytes, block_read_bytes, block_write_bytes FROM server_history "
                + "WHERE at_ms >= ? AND at_ms < ?" + (uuid == null ? "" : " AND uuid = ?");
        List<RawServerPoint> points = db.read("read the raw counters of " + (uuid == null ? "every server"
                : "server " + uuid), c -> {
            List<RawServerPoint> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                r.bind(ps, uuid);
                ps.setFetchSize(5_000);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new RawServerPoint(Instant.ofEpochMilli(rs.getLong("at_ms")), rs.getString("uuid"),
                                rs.getString("host"), rs.getLong("cpu_time_nanos"), rs.getLong("vcpu_time_nanos"),
                                rs.getLong("vcpu_delay_nanos"), rs.getLong("balloon_current_kib"),
                                rs.getLong("balloon_rss_kib"), rs.getLong("net_rx_bytes"), rs.getLong("net_tx_bytes"),
                                rs.getLong("block_read_bytes"), rs.getLong("block_write_bytes")));
                    }
                }
            }
            return out;
        });
        return sorted(points, Comparator.comparing(RawServerPoint::at).thenComparing(RawServerPoint::uuid)
                .thenComparing(RawServerPoint::host));
    }

    List<RawHostPoint> rawHosts(String host, Instant from, Instant to) {
        Range r = Range.of(from, to, null);
        String sql = "SELECT at_ms, host, kernel_nanos, user_nanos, idle_nanos, iowait_nanos FROM host_history "
                + "WHERE at_ms >= ? AND at_ms < ?" + (host == null ? "" : " AND host = ?")
                + " AND kernel_nanos IS NOT NULL";
        List<RawHostPoint> points = db.read("read the raw counters of " + (host == null ? "every host" : "host " + host),
                c -> {
                    List<RawHostPoint> out = new ArrayList<>();
                    try (PreparedStatement ps = c.prepareStatement(sql)) {
                        r.bind(ps, host);
                        try (ResultSet rs = ps.executeQuery()) {
                            while (rs.next()) {
                                out.add(new RawHostPoint(Instant.ofEpochMilli(rs.getLong("at_ms")), rs.getString("host"),
                                        rs.getLong("kernel_nanos"), rs.getLong("user_nanos"), rs.getLong("idle_nanos"),
                                        rs.getLong("iowait_nanos")));
                            }
                        }
                    }
                    return out;
                });
        return sorted(points, Comparator.comparing(RawHostPoint::at).thenComparing(RawHostPoint::host));
    }

    // ---- figures combined over hosts -----------------------------------------------------------

    /** A service class in one interval, summed over hosts. */
    record ClassInterval(long at, String group, String serviceClass, String importance, int goalVelocity,
                                 double using, double delay, double worstServerPi, int servers, ClassResponseTimes rt) {
        /** The class's PI this interval: of its response times, else of its velocity; NaN without either. */
        double pi() {
            return rt.goal() != null ? rt.pi() : HistoryQueries.pi(goalVelocity, Velocity.of(using, delay));
        }

        /** Whether it has a goal (velocity or response time), so that its PI counts for the group's worst. */
        boolean hasGoal() {
            return goalVelocity != 0 || rt.goal() != null;
        }
    }

    private List<ClassInterval> classIntervals(Range r, String group, String what) {
        return db.read(what, c -> classIntervals(c, r, group));
    }

    /** The classes of [from, to) ({@code group} null: every group), each summed over the hosts of each interval, in time order. */
    static List<ClassInterval> classIntervals(java.sql.Connection c, Range r, String group) throws SQLException {
        String sql = "SELECT at_ms, group_name, class_name, MAX(importance) AS importance, MAX(goal_velocity) AS goal_velocity, "
                + "SUM(using_cpus) AS using_sum, SUM(delay_cpus) AS delay_sum, MAX(worst_server_pi) AS worst_server_pi, "
                + "SUM(servers) AS servers, " + ClassResponseTimes.SUMS + " FROM class_history WHERE at_ms >= ? AND at_ms < ?" + (group == null ? "" : " AND group_name = ?")
                + " GROUP BY at_ms, group_name, class_name";
        {
            List<ClassInterval> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                r.bind(ps, group);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new ClassInterval(rs.getLong("at_ms"), rs.getString("group_name"),
                                rs.getString("class_name"), rs.getString("importance"), rs.getInt("goal_velocity"),
                                rs.getDouble("using_sum"), rs.getDouble("delay_sum"),
                                Sql.doubleOrNaN(rs, "worst_server_pi"), rs.getInt("servers"), ClassResponseTimes.of(rs)));
                    }
                }
            }
            out.sort(Comparator.comparingLong(ClassInterval::at));
            return out;
        }
    }

    /**
     * The groups' sums over the buckets of [from, to) for the roll-ups: per bucket and group, its start,
     * name, Σ using, Σ delay, worst PI (null: none), most servers in an interval, intervals; from
     * {@code intervals}, those of [from, to) ({@link #classIntervals}).
     */
    static List<Object[]> groupSums(List<ClassInterval> intervals, long from, long to, long bucket) {
        Range r = new Range(from, to, bucket);
        Map<List<Object>, GroupSums> sums = new LinkedHashMap<>();
        for (ClassInterval i : intervals) {
            sums.computeIfAbsent(List.of(r.start(i.at()), i.group()), k -> new GroupSums()).add(i);
        }
        List<Object[]> rows = new ArrayList<>();
        sums.forEach((k, g) -> rows.add(new Object[]{k.get(0), k.get(1), g.using, g.delay,
                Double.isNaN(g.worstPi) ? null : g.worstPi, g.maxServers, g.intervals}));
        return rows;
    }

    static double worse(double a, double b) {
        return Double.isNaN(a) || b > a ? b : a;
    }

    static <T> List<T> sorted(List<T> points, Comparator<T> order) {
        List<T> copy = new ArrayList<>(points);
        copy.sort(order);
        return copy;
    }
}
