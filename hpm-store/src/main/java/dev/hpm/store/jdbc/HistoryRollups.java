package dev.hpm.store.jdbc;

import java.lang.System.Logger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps the history's roll-ups (schema V10, docs/history.md): 5-minute buckets of the raw rows and
 * hourly buckets of the 5-minute rows, for hosts, virtual servers and workload resource groups. A
 * 5-minute bucket is rolled up once it is complete, when an interval lands more than {@link #SETTLE}
 * after its end (the intervals of every instance of a cluster land at their own time, within
 * seconds of each other, so no row arrives in it afterwards); an hourly bucket once its twelve
 * 5-minute buckets are; the service classes' buckets (V11) with them ({@link ClassHistory}).
 * {@code history_rollup_state} keeps, per resolution, the end of what is rolled
 * up: a roll-up locks that row, so instances of a cluster and a restart never roll a bucket twice,
 * and replaces whatever rows its buckets had, so a re-run gives the same rows. One call rolls at
 * most {@link #MAX_SPAN} of history (one statement per table and resolution): after the migration
 * the raw rows already there are rolled up from the oldest on, a span per interval, with progress
 * logged. Host and server buckets are made by one {@code INSERT … SELECT} each; a group's by
 * {@link HistoryQueries#groupSums} (its worst PI is that of a class's per-interval sums, which SQL
 * cannot compute the way {@link dev.hpm.core.measure.Velocity} does), written in one batch.
 */
final class HistoryRollups {
    private static final Logger LOG = System.getLogger(HistoryRollups.class.getName());
    /** How long after its end a bucket may still receive rows. */
    static final Duration SETTLE = BucketCache.SETTLE;
    /** History rolled up by one call at most (per resolution). */
    static final Duration MAX_SPAN = Duration.ofHours(2);

    /** A roll-up's resolution: the bucket length and the suffix of its tables. */
    enum Resolution {
        FIVE_MINUTES("5m", Duration.ofMinutes(5)), HOUR("1h", Duration.ofHours(1));

        final String key;
        final long millis;

        Resolution(String key, Duration length) {
            this.key = key;
            this.millis = length.toMillis();
        }

        String table(String base) {
            return base + "_" + key;
        }

        /** The resolutions from the coarsest. */
        static final List<Resolution> COARSEST_FIRST = List.of(HOUR, FIVE_MINUTES);
    }

    /** The roll-ups' tables, without their resolution's suffix. */
    static final List<String> TABLES = List.of("host_history", "server_history", "group_history", "class_history");

    private final Database db;
    /** The 5-minute end known rolled up here: intervals before the next bucket's settling need no look. */
    private volatile long known = Long.MIN_VALUE;
    /** Moves on with every roll-up that wrote something (the catch-up loop stops when it does not). */
    private volatile long progress;
    /** Held while this instance rolls up: an interval that finds it held leaves the work to the holder. */
    private final java.util.concurrent.locks.ReentrantLock rolling = new java.util.concurrent.locks.ReentrantLock();

    HistoryRollups(Database db) {
        this.db = db;
    }

    /**
     * An interval stamped {@code at} (epoch ms) landed: rolls up the buckets it completed (at most
     * {@link #MAX_SPAN} of them per resolution); returns the buckets' rows written.
     */
    long landed(long at) {
        long target = target(at);
        if (target <= known || !rolling.tryLock()) { // rolled up, or being rolled up here (the backfill): it goes on
            return 0;
        }
        try {
            return db.write("roll up the history to " + Instant.ofEpochMilli(target), c -> roll(c, target));
        } finally {
            rolling.unlock();
        }
    }

    /** Whether everything an interval at {@code at} completes is rolled up (as far as this instance knows). */
    boolean caughtUp(long at) {
        return target(at) <= known;
    }

    long progress() {
        return progress;
    }

    /**
     * Whether much is left to roll up at {@code at}: raw rows never rolled up (the first start after
     * the migration), or more than {@link #MAX_SPAN} since the last roll-up (a restart after a stop).
     */
    boolean behind(long at) {
        Long rolled = rolledTo().get(Resolution.FIVE_MINUTES);
        if (rolled != null) {
            return rolled < target(at) - MAX_SPAN.toMillis();
        }
        return db.read("look for history to roll up", c -> oldestRaw(c) != Long.MAX_VALUE);
    }

    private static long target(long at) {
        return floor(at - SETTLE.toMillis(), Resolution.FIVE_MINUTES.millis);
    }

    private long roll(Connection c, long target) throws SQLException {
        Map<Resolution, Long> state = lockState(c);
        Long fiveMinutes = state.get(Resolution.FIVE_MINUTES);
        if (fiveMinutes == null) { // the first roll-up after the migration: from the oldest raw row, on an hour
            long oldest = oldestRaw(c);
            long start = floor(oldest, Resolution.HOUR.millis);
            if (oldest == Long.MAX_VALUE || start >= target) { // nothing complete to roll up yet
                known = target;
                return 0;
            }
            fiveMinutes = start;
            setState(c, Resolution.HOUR, start);
            state.put(Resolution.HOUR, start);
            if (oldest != Long.MAX_VALUE) {
                LOG.log(Logger.Level.INFO, "rolling up the history from " + Instant.ofEpochMilli(start) + " to "
                        + Instant.ofEpochMilli(target) + ", " + MAX_SPAN + " per transaction");
            }
        }
        long rows = 0;
        long end5 = Math.min(target, fiveMinutes + MAX_SPAN.toMillis());
        if (end5 > fiveMinutes) {
            rows += rollFromRaw(c, fiveMinutes, end5);
            setState(c, Resolution.FIVE_MINUTES, end5);
            if (end5 < target) {
                LOG.log(Logger.Level.INFO, "rolled up the history to " + Instant.ofEpochMilli(end5) + " (5 minutes), "
                        + Duration.ofMillis(target - end5) + " to go");
            }
        }
        long hourFrom = state.getOrDefault(Resolution.HOUR, floor(fiveMinutes, Resolution.HOUR.millis));
        long hourEnd = Math.min(floor(Math.max(end5, fiveMinutes), Resolution.HOUR.millis), hourFrom + MAX_SPAN.toMillis());
        if (hourEnd > hourFrom) {
            rows += rollHourly(c, hourFrom, hourEnd);
            setState(c, Resolution.HOUR, hourEnd);
        }
        long rolled = Math.max(fiveMinutes, end5);
        boolean caughtUp = rolled >= target && Math.max(hourFrom, hourEnd) >= floor(rolled, Resolution.HOUR.millis);
        known = caughtUp ? target : Long.MIN_VALUE; // the next interval goes on with what is left
        progress = rolled + Math.max(hourFrom, hourEnd);
        return rows;
    }

    /** The rolled-up ends per resolution (absent: nothing rolled up yet). */
    Map<Resolution, Long> rolledTo() {
        return db.read("read how far the history is rolled up", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT resolution, rolled_to_ms FROM history_rollup_state")) {
                return state(ps);
            }
        });
    }

    /** Deletes the roll-ups of each resolution older than its cutoff (epoch ms), in batches; returns the rows. */
    long purge(Map<Resolution, Long> cutoffs) {
        long deleted = 0;
        for (Map.Entry<Resolution, Long> e : cutoffs.entrySet()) {
            for (String base : TABLES) {
                String table = e.getKey().table(base);
                String sql = db.dialect().deleteOlderThan(table).replace("at_ms", "bucket_ms");
                int n;
                do {
                    n = db.write("delete " + table + " rows before " + Instant.ofEpochMilli(e.getValue()), c -> {
                        try (PreparedStatement ps = c.prepareStatement(sql)) {
                            ps.setLong(1, e.getValue());
                            ps.setInt(2, Dialect.PURGE_BATCH);
                            return ps.executeUpdate();
                        }
                    });
                    deleted += n;
                } while (n >= Dialect.PURGE_BATCH);
            }
        }
        return deleted;
    }

    private long rollFromRaw(Connection c, long from, long to) throws SQLException {
        long b = Resolution.FIVE_MINUTES.millis;
        long rows = clear(c, Resolution.FIVE_MINUTES, from, to);
        rows = update(c, "INSERT INTO host_history_5m (bucket_ms, host, connected, cpus, utilisation_sum, utilisation_count, "
                + "using_sum, delay_sum, intervals, servers, collect_sum, row_count) SELECT " + bucket("at_ms", b)
                + ", host, MAX(CASE WHEN connected THEN 1 ELSE 0 END), MAX(cpus), COALESCE(SUM(cpu_utilisation), 0), "
                + "COUNT(cpu_utilisation), SUM(CASE WHEN connected THEN using_cpus ELSE 0 END), "
                + "SUM(CASE WHEN connected THEN delay_cpus ELSE 0 END), SUM(CASE WHEN connected THEN 1 ELSE 0 END), "
                + "MAX(servers), SUM(collect_millis), COUNT(*) FROM host_history WHERE at_ms >= ? AND at_ms < ? "
                + "GROUP BY " + bucket("at_ms", b) + ", host", from, to);
        // the last interval's attributes: of the row at the bucket's latest at_ms (MAX over the rows of a
        // server reported by two hosts in that interval, while it migrated)
        rows += update(c, "INSERT INTO server_history_5m (" + SERVER_COLUMNS + ") SELECT a.bucket_ms, a.uuid, a.last_ms, "
                + "MAX(l.name), MAX(l.host), MAX(l.group_name), MAX(l.class_name), MAX(l.goal_velocity), MAX(l.rt_goal), "
                + "MAX(l.shares), MAX(l.cap_cpus), " + SERVER_SUMS + " FROM (SELECT " + bucket("at_ms", b)
                + " AS bucket_ms, uuid, MAX(at_ms) AS last_ms, "
                + "SUM(using_cpus) AS using_sum, SUM(delay_cpus) AS delay_sum, SUM(cpu_cpus) AS cpu_sum, "
                + "SUM(CASE WHEN velocity IS NULL THEN 0 ELSE using_cpus END) AS using_v_sum, "
                + "SUM(CASE WHEN velocity IS NULL THEN 0 ELSE delay_cpus END) AS delay_v_sum, "
                + "SUM(CASE WHEN velocity IS NULL THEN 0 ELSE 1 END) AS velocity_rows, COUNT(*) AS row_count, "
                + "SUM(CASE WHEN rt_goal IS NULL OR pi IS NULL THEN 0 ELSE pi END) AS rt_pi_sum, "
                + "SUM(CASE WHEN rt_goal IS NULL OR pi IS NULL THEN 0 ELSE 1 END) AS rt_pi_rows "
                + "FROM server_history WHERE at_ms >= ? AND at_ms < ? GROUP BY " + bucket("at_ms", b) + ", uuid) a "
                // the rows of the last interval, by the (uuid, at_ms) index
                + "JOIN server_history l ON l.uuid = a.uuid AND l.at_ms = a.last_ms GROUP BY a.bucket_ms, a.uuid, a.last_ms, "
                + SERVER_SUMS, from, to);
        List<HistoryQueries.ClassInterval> intervals = HistoryQueries.classIntervals(c, new HistoryQueries.Range(from, to, 1), null);
        rows += ClassHistory.rollFromRaw(c, from, to, intervals);
        List<Object[]> groups = HistoryQueries.groupSums(intervals, from, to, b);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO group_history_5m (bucket_ms, group_name, using_sum, "
                + "delay_sum, worst_pi, max_servers, intervals) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            for (Object[] g : groups) {
                for (int i = 0; i < g.length; i++) {
                    ps.setObject(i + 1, g[i]);
                }
                if (g[4] == null) {
                    ps.setNull(5, java.sql.Types.DOUBLE);
                }
                ps.addBatch();
            }
            if (!groups.isEmpty()) {
                ps.executeBatch();
            }
        }
        return rows + groups.size();
    }

    private long rollHourly(Connection c, long from, long to) throws SQLException {
        long b = Resolution.HOUR.millis;
        long rows = clear(c, Resolution.HOUR, from, to);
        rows = update(c, "INSERT INTO host_history_1h (bucket_ms, host, connected, cpus, utilisation_sum, utilisation_count, "
                + "using_sum, delay_sum, intervals, servers, collect_sum, row_count) SELECT " + bucket("bucket_ms", b)
                + ", host, MAX(connected), MAX(cpus), SUM(utilisation_sum), SUM(utilisation_count), SUM(using_sum), "
                + "SUM(delay_sum), SUM(intervals), MAX(servers), SUM(collect_sum), SUM(row_count) FROM host_history_5m "
                + "WHERE bucket_ms >= ? AND bucket_ms < ? GROUP BY " + bucket("bucket_ms", b) + ", host", from, to);
        rows += update(c, "INSERT INTO server_history_1h (" + SERVER_COLUMNS + ") SELECT a.bucket_ms, a.uuid, a.last_ms, "
                + "l.name, l.host, l.group_name, l.class_name, l.goal_velocity, l.rt_goal, l.shares, l.cap_cpus, "
                + SERVER_SUMS + " FROM (SELECT " + bucket("bucket_ms", b) + " AS bucket_ms, uuid, "
                + "MAX(last_ms) AS last_ms, SUM(using_sum) AS using_sum, SUM(delay_sum) AS delay_sum, SUM(cpu_sum) AS cpu_sum, "
                + "SUM(using_v_sum) AS using_v_sum, SUM(delay_v_sum) AS delay_v_sum, SUM(velocity_rows) AS velocity_rows, "
                + "SUM(row_count) AS row_count, SUM(rt_pi_sum) AS rt_pi_sum, SUM(rt_pi_rows) AS rt_pi_rows "
                + "FROM server_history_5m WHERE bucket_ms >= ? AND bucket_ms < ? GROUP BY " + bucket("bucket_ms", b)
                + ", uuid) a JOIN server_history_5m l ON l.uuid = a.uuid " // the 5-minute row of the last interval, by its key
                + "AND l.bucket_ms = " + bucket("a.last_ms", Resolution.FIVE_MINUTES.millis), from, to);
        rows += update(c, "INSERT INTO group_history_1h (bucket_ms, group_name, using_sum, delay_sum, worst_pi, max_servers, "
                + "intervals) SELECT " + bucket("bucket_ms", b) + ", group_name, SUM(using_sum), SUM(delay_sum), "
                + "MAX(worst_pi), MAX(max_servers), SUM(intervals) FROM group_history_5m WHERE bucket_ms >= ? "
                + "AND bucket_ms < ? GROUP BY " + bucket("bucket_ms", b) + ", group_name", from, to);
        return rows + ClassHistory.rollHourly(c, from, to);
    }

    /** The sums of a server's bucket, from the aggregate {@code a}. */
    private static final String SERVER_SUMS = "a.using_sum, a.delay_sum, a.cpu_sum, a.using_v_sum, a.delay_v_sum, "
            + "a.velocity_rows, a.row_count, a.rt_pi_sum, a.rt_pi_rows";

    static final String SERVER_COLUMNS = "bucket_ms, uuid, last_ms, name, host, group_name, class_name, goal_velocity, "
            + "rt_goal, shares, cap_cpus, using_sum, delay_sum, cpu_sum, using_v_sum, delay_v_sum, velocity_rows, "
            + "row_count, rt_pi_sum, rt_pi_rows";

    /** Deletes the rows of [from, to) of a resolution (a re-run replaces them); returns 0. */
    private static long clear(Connection c, Resolution r, long from, long to) throws SQLException {
        for (String base : TABLES) {
            update(c, "DELETE FROM " + r.table(base) + " WHERE bucket_ms >= ? AND bucket_ms < ?", from, to);
        }
        return 0;
    }

    static long update(Connection c, String sql, long... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setLong(i + 1, params[i]);
            }
            return ps.executeUpdate();
        }
    }

    private static Map<Resolution, Long> lockState(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT resolution, rolled_to_ms FROM history_rollup_state ORDER BY resolution FOR UPDATE")) {
            return state(ps);
        }
    }

    /** The rolled-up ends per resolution that {@code ps} selects (resolution, rolled_to_ms; NULL: none yet). */
    private static Map<Resolution, Long> state(PreparedStatement ps) throws SQLException {
        Map<Resolution, Long> out = new EnumMap<>(Resolution.class);
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                long v = rs.getLong(2);
                if (!rs.wasNull()) {
                    for (Resolution r : Resolution.values()) {
                        if (r.key.equals(rs.getString(1))) {
                            out.put(r, v);
                        }
                    }
                }
            }
        }
        return out;
    }

    private static void setState(Connection c, Resolution r, long rolledTo) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE history_rollup_state SET rolled_to_ms = ? WHERE resolution = ?")) {
            ps.setLong(1, rolledTo);
            ps.setString(2, r.key);
            ps.executeUpdate();
        }
    }

    /** The oldest raw row's time, or {@link Long#MAX_VALUE} without any. */
    private static long oldestRaw(Connection c) throws SQLException {
        long oldest = Long.MAX_VALUE;
        for (String table : List.of("host_history", "server_history", "class_history")) {
            try (PreparedStatement ps = c.prepareStatement("SELECT MIN(at_ms) FROM " + table);
                 ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    long v = rs.getLong(1);
                    if (!rs.wasNull()) {
                        oldest = Math.min(oldest, v);
                    }
                }
            }
        }
        return oldest;
    }

    /** The SQL of a bucket's start; the length is a number formatted here, never text from outside. */
    static String bucket(String column, long millis) {
        return column + " - MOD(" + column + ", " + millis + ")";
    }

    static long floor(long at, long bucket) {
        return at - Math.floorMod(at, bucket);
    }
}
