package dev.hpm.store.jdbc;

import dev.hpm.core.loop.IntervalReport;
import dev.hpm.core.measure.Completions;
import dev.hpm.core.model.ClassInfo;
import dev.hpm.core.model.Goal;
import dev.hpm.core.model.Importance;
import dev.hpm.core.model.VelocityLevel;
import dev.hpm.store.HistoryRepository;
import dev.hpm.store.HistoryRepository.ClassPoint;
import dev.hpm.store.InvalidQueryException;
import dev.hpm.store.Stores;
import dev.hpm.store.testing.Reports;
import dev.hpm.store.testing.Reports.Server;
import dev.hpm.store.testing.StoreTestBase;
import dev.hpm.store.testing.TestDatabase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The history's roll-ups (schema V10, {@link HistoryRollups}): the same data queried from the raw
 * rows and from the roll-ups gives the same buckets, a re-run or a restart adds nothing, each
 * resolution has its own retention, a query reads the coarsest resolution its step allows, and a
 * database with history from before V10 is rolled up when it is opened. The raw answers are those
 * of the store before anything is rolled up (the rows are recorded in one transaction, which leaves
 * the roll-up to the caller); figures match to 1e-9 (sums of doubles taken in another order).
 */
abstract class RollupCases extends StoreTestBase {
    static final ClassInfo ONLINE = Reports.serviceClass("Trading", "online", Goal.velocity(VelocityLevel.FAST),
            Importance.HIGHEST);
    static final ClassInfo BATCH = Reports.serviceClass("Trading", "batch", Goal.discretionary(), Importance.LOWEST);
    static final ClassInfo WEB = Reports.serviceClass("Web", "web", Goal.velocity(VelocityLevel.MODERATE),
            Importance.MEDIUM);
    static final ClassInfo SEARCH = Reports.serviceClass("Search", "search", new Goal.PercentileResponseTime(90, 200),
            Importance.HIGH);
    /** A response-time class with an average goal (its PI from the completions' time). */
    static final ClassInfo API = Reports.serviceClass("Search", "api", new Goal.AverageResponseTime(180), Importance.HIGH);
    /** On an hour, so that two hours of data fill two hourly buckets. */
    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    static final Duration STEP = Duration.ofSeconds(30);
    static final int INTERVALS = 240; // two hours
    static final Instant END = T0.plus(STEP.multipliedBy(INTERVALS));

    RollupCases(TestDatabase database) {
        super(database);
    }

    /** Interval {@code i}: three hosts (kvm3 down every seventh), figures that vary, a server that changes class and one that is capped. */
    static List<IntervalReport> interval(int i) {
        Instant at = T0.plus(STEP.multipliedBy(i));
        double w = 0.1 + (i * 37 % 11) / 10.0;
        List<IntervalReport> reports = new ArrayList<>();
        reports.add(Reports.report("kvm1", 4, at, i, List.of(
                Server.of("u-1", "s1", ONLINE, w, 0.3), Server.of("u-2", "s2", i % 5 == 0 ? BATCH : ONLINE, 0.6, w / 3),
                Server.of("u-3", "s3", BATCH, 0.5, 0.1).withScheduler(512 + i, i % 2 == 0 ? 1.5 : Double.POSITIVE_INFINITY),
                Server.of("u-4", "s4", ONLINE, i % 3 == 0 ? 0 : 0.02, i % 3 == 0 ? 0 : 0.01))));
        reports.add(Reports.report("kvm2", 8, at.plusMillis(3), i, List.of(
                Server.of("u-5", "s5", WEB, 1.0, w), Server.of("u-6", "s6", SEARCH, 0.4, 0.2),
                Server.of("u-7", "s7", SEARCH, 0.3, 0.1)), Map.of("u-6", requests(10 + i % 7, 150 + i % 90),
                "u-7", requests(5, 90 + 3 * (i % 50)))));
        reports.add(i % 7 == 3 ? Reports.unreachable("kvm3", at.plusMillis(1), i) : Reports.report("kvm3", 2, at.plusMillis(1), i,
                List.of(Server.of("u-8", "s8", WEB, 0.2 * w, 0.4), Server.of("u-9", "s9", i % 4 == 0 ? SEARCH : API, 0.1, 0.1)),
                Map.of("u-9", requests(3, 250))));
        return reports;
    }

    private static Completions requests(int n, double millis) {
        double[] times = new double[n];
        for (int k = 0; k < n; k++) {
            times[k] = millis * (0.5 + k / (double) n);
        }
        return Completions.of(times);
    }

    /** Records every interval in one transaction: nothing is rolled up yet. */
    void recordAll() {
        store.inOneTransaction("record the test history", () -> {
            for (int i = 0; i < INTERVALS; i++) {
                store.history().record(interval(i));
            }
            return null;
        });
    }

    /** Rolls up everything complete when the clock is past the data (as the catch-up does). */
    void rollUpAll() {
        clock.set(END.plus(HistoryRollups.SETTLE)); // the last bucket complete: END
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos(); // a catch-up thread may hold the roll-up
        while (!rolledTo().equals(Map.of("5m", END.toEpochMilli(), "1h", END.toEpochMilli())) && System.nanoTime() < deadline) {
            store.history().rollUp(clock.now());
        }
        assertThat(rolledTo()).containsEntry("5m", END.toEpochMilli()).containsEntry("1h", END.toEpochMilli());
    }

    /** Every query the API charts (and the classes per host), at steps of 5 min, 10 min and 1 h, over the whole range and an unaligned one. */
    Map<String, List<?>> answers() {
        Map<String, List<?>> out = new LinkedHashMap<>();
        HistoryRepository h = store.history();
        for (Duration step : List.of(Duration.ofMinutes(5), Duration.ofMinutes(10), Duration.ofHours(1))) {
            for (Instant from : List.of(T0, T0.plus(Duration.ofMinutes(2)))) {
                String k = step + " from " + from;
                out.put("servers " + k, h.servers(null, from, END, step));
                out.put("server u-2 " + k, h.servers("u-2", from, END, step));
                out.put("hosts " + k, h.hosts(null, from, END, step));
                out.put("groups " + k, h.groups(null, from, END, step));
                out.put("group Search " + k, h.groups("Search", from, END, step));
                out.put("classes per host " + k, h.classes(null, from, END, step, false));
                out.put("classes of Search per host " + k, h.classes("Search", from, END, step, false));
                out.put("classes over hosts " + k, h.classes(null, from, END, step, true));
                out.put("classes of Search over hosts " + k, h.classes("Search", from, END, step, true));
            }
        }
        return out;
    }

    @Test
    void rollUp_sameData_bucketsEqualTheRawAggregation() {
        recordAll();
        Map<String, List<?>> raw = answers();
        assertThat(raw.get("servers PT5M from " + T0)).hasSize(9 * 24);
        assertThat(raw.get("classes over hosts PT5M from " + T0)).hasSize(5 * 24); // online, batch, web, search, api
        assertThat(raw.get("classes per host PT5M from " + T0)).hasSize(7 * 24); // kvm3: web, search and api
        assertThat(raw.get("classes of Search over hosts PT1H from " + T0)).extracting(p -> ((ClassPoint) p).responseTimeGoal())
                .containsExactly("average 180ms", "p90 200ms", "average 180ms", "p90 200ms");
        rollUpAll();
        reopen(); // no bucket cached from the raw answers
        Map<String, List<?>> rolled = answers();
        assertEqual(rolled, raw);
    }

    @Test
    void rollUp_reRunAndRestart_addNothing() {
        recordAll();
        rollUpAll();
        Map<String, Long> rows = rollupRows();
        Map<String, List<?>> once = answers();
        reopen();
        rollUpAll(); // a restart: the state says it is done
        assertThat(rollupRows()).isEqualTo(rows);
        sql("UPDATE history_rollup_state SET rolled_to_ms = NULL"); // as after the migration: all again
        reopen();
        rollUpAll();
        assertThat(rollupRows()).isEqualTo(rows);
        assertEqual(answers(), once);
        assertThat(rows.get("server_history_5m")).isEqualTo(9 * 24);
        assertThat(rows.get("server_history_1h")).isEqualTo(9 * 2);
        assertThat(rows.get("class_history_5m")).as("7 classes on hosts and 5 over hosts a bucket").isEqualTo(12 * 24);
        assertThat(rows.get("class_history_1h")).isEqualTo(12 * 2);
    }

    @Test
    void purgeRollups_eachResolutionByItsOwnRetention() {
        reopenWith(Duration.ofMinutes(10), Duration.ofHours(1), Duration.ofHours(3));
        recordAll();
        rollUpAll();
        List<HistoryRepository.GroupPoint> before = store.history().groups(null, T0, END, Duration.ofHours(1));
        Instant now = END.plus(Duration.ofMinutes(90)); // raw: all older than 10 min; 5 min: than 1 h; 1 h: T0's bucket
        store.history().purgeBefore(now.minus(settings.retention()));
        store.history().purgeRollups(now);
        Map<String, Long> rows = rollupRows();
        assertThat(rows).containsEntry("server_history_5m", 0L).containsEntry("group_history_5m", 0L)
                .containsEntry("host_history_5m", 0L).containsEntry("class_history_5m", 0L)
                .containsEntry("server_history_1h", 9L).containsEntry("host_history_1h", 3L)
                .containsEntry("class_history_1h", 12L);
        HistoryRepository h = store.history();
        clock.set(now);
        assertThatThrownBy(() -> h.servers(null, T0, END, Duration.ofMinutes(5))).as("past the 5-minute rows' retention")
                .isInstanceOf(InvalidQueryException.class);
        assertThat(h.servers(null, T0, END, Duration.ofHours(1))).extracting(HistoryRepository.ServerPoint::at)
                .containsOnly(T0.plus(Duration.ofHours(1)));
        assertEqual(Map.of("groups", h.groups(null, T0, END, Duration.ofHours(1))),
                Map.of("groups", before.stream().filter(p -> p.at().equals(T0.plus(Duration.ofHours(1)))).toList()));
    }

    @Test
    void queries_stepOfAResolution_readTheCoarsestRollupPastTheRawRetention() {
        reopenWith(Duration.ofMinutes(10), Duration.ofDays(7), Duration.ofDays(90));
        recordAll();
        Map<String, List<?>> raw = answers();
        List<HistoryRepository.ServerPoint> sevenMinutes = store.history().servers(null, T0, END, Duration.ofMinutes(7));
        rollUpAll();
        store.history().purgeBefore(END.plus(Duration.ofHours(1))); // every raw row gone
        // 5 min and 10 min from the 5-minute rows, 1 h from the hourly ones (not the partial first bucket of a
        // range that starts between buckets: only raw rows have it)
        assertEqual(aligned(answers()), aligned(raw));
        assertThat(sevenMinutes).isNotEmpty();
        assertThatThrownBy(() -> store.history().servers(null, T0, END, Duration.ofMinutes(7)))
                .as("no roll-up has 7-minute buckets").isInstanceOf(InvalidQueryException.class);
        sql("DELETE FROM server_history_5m");
        assertThat(store.history().servers(null, T0, END, Duration.ofHours(1))).as("hourly: from server_history_1h")
                .hasSize(9 * 2);
        assertThat(store.history().servers(null, T0, END, Duration.ofMinutes(5))).isEmpty();
        sql("DELETE FROM class_history_5m");
        reopen(); // no bucket of classes over hosts cached
        assertThat(store.history().classes(null, T0, END, Duration.ofHours(1), false)).as("hourly: from class_history_1h")
                .hasSize(7 * 2);
        assertThat(store.history().classes(null, T0, END, Duration.ofMinutes(5), true)).isEmpty();
    }

    @Test
    void queries_partlyRolledUp_answerTheRestFromRawRows() {
        recordAll();
        Map<String, List<?>> raw = answers();
        clock.set(T0.plus(Duration.ofMinutes(77))); // complete up to 1:10: 5-minute rows to there, hourly to 1:00
        store.history().rollUp(clock.now());
        assertThat(rolledTo()).containsEntry("5m", T0.plus(Duration.ofMinutes(70)).toEpochMilli())
                .containsEntry("1h", T0.plus(Duration.ofHours(1)).toEpochMilli());
        reopen();
        assertEqual(answers(), raw);
    }

    @Test
    void open_databaseWithVersion9History_migratesAndRollsItUp() {
        databaseAtVersion("9", c -> {
        });
        clock.set(END.plus(HistoryRollups.SETTLE));
        store = Stores.open(settings, clock); // migrates to V10 and rolls up on a thread of its own
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (!(END.toEpochMilli() == rolledTo().getOrDefault("1h", 0L)) && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(store.schemaVersion()).isEqualTo(dev.hpm.store.testing.Migrations.LATEST);
        assertThat(rolledTo()).containsEntry("5m", END.toEpochMilli()).containsEntry("1h", END.toEpochMilli());
        Map<String, List<?>> rolled = answers();
        sql("UPDATE history_rollup_state SET rolled_to_ms = NULL"); // the queries read the raw rows again
        assertEqual(rolled, answers());
        assertThat(rollupRows().get("group_history_5m")).isEqualTo(3 * 24);
    }

    /**
     * Past history.retention only the roll-ups are kept: a step that is no multiple of 5 minutes (or
     * none) over a range reaching back there is refused with the step, the range and the fix, and
     * past history.retention-5m one that is no multiple of an hour; the part of a range inside the
     * retention follows the rule of its start. What the roll-ups can answer is answered.
     */
    @Test
    void queries_stepFinerThanWhatIsKept_refusedWithTheFix() {
        reopenWith(Duration.ofMinutes(30), Duration.ofHours(1), Duration.ofDays(90));
        recordAll();
        rollUpAll();
        clock.set(END.plus(Duration.ofMinutes(10))); // raw rows kept from 11:40, 5-minute ones from 11:10
        HistoryRepository h = store.history();
        Instant from = T0.plus(Duration.ofMinutes(80)); // 11:20: past the raw retention
        assertThatThrownBy(() -> h.groups(null, from, END, Duration.ofMinutes(2)))
                .isInstanceOf(InvalidQueryException.class)
                .hasMessage("step is \"2m\": the range 2026-03-01T11:20:00Z to 2026-03-01T12:00:00Z reaches back past "
                        + "history.retention (30m), and older history is kept in 5m buckets only: use a step that is a "
                        + "multiple of 5m, e.g. 5m");
        assertThatThrownBy(() -> h.classes(null, from, END, Duration.ofSeconds(90), true))
                .hasMessageStartingWith("step is \"1m30s\"").hasMessageEndingWith("e.g. 5m");
        assertThatThrownBy(() -> h.servers("u-1", from, END, Duration.ofMinutes(7))).hasMessageEndingWith("e.g. 10m");
        assertThatThrownBy(() -> h.hosts(null, from, END, null)).hasMessageStartingWith("step is missing: the range");
        assertThatThrownBy(() -> h.classes(null, T0, END, Duration.ofMinutes(10), false)) // 10:00: past the 5-minute rows' 1h
                .isInstanceOf(InvalidQueryException.class)
                .hasMessageContaining("reaches back past history.retention-5m (1h), and older history is kept in 1h "
                        + "buckets only: use a step that is a multiple of 1h, e.g. 1h");
        // 11:30, 10 minutes past the raw rows' edge (11:40; ResolutionPlan.EDGE_GRACE: 5 minutes)
        Instant partly = END.minus(Duration.ofMinutes(30));
        assertThatThrownBy(() -> h.groups(null, partly, END, Duration.ofMinutes(1))).isInstanceOf(InvalidQueryException.class);
        assertThat(h.groups(null, partly.plus(Duration.ofMinutes(10)), END, Duration.ofMinutes(1))).as("inside: raw rows")
                .hasSize(3 * 20);
        assertThat(h.classes(null, from, END, Duration.ofMinutes(10), true)).as("from class_history_5m").hasSize(5 * 4);
        assertThat(h.servers(null, T0, END, Duration.ofHours(1))).hasSize(9 * 2);
    }

    /**
     * A database rolled up by V10 (hosts, servers and groups; its state at the end of the history) has
     * no class roll-ups: V11 goes back to the first whole bucket of the raw rows, and the roll-up
     * rolls the classes up with the rest, which come out as the raw rows give them.
     */
    @Test
    void open_databaseRolledUpByVersion10_rollsUpTheClassesFromTheRawRows() {
        databaseAtVersion("10", c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE history_rollup_state SET rolled_to_ms = ?")) {
                ps.setLong(1, END.toEpochMilli()); // as if V10 had rolled it all up
                ps.executeUpdate();
            }
        });
        clock.set(END.plus(HistoryRollups.SETTLE));
        // V11: back to the first whole buckets after the oldest raw row (T0 + 3 ms, kvm2's first report)
        store = Stores.open(settings, clock);
        assertThat(rolledTo()).containsEntry("5m", T0.plus(Duration.ofMinutes(5)).toEpochMilli())
                .containsEntry("1h", T0.plus(Duration.ofHours(1)).toEpochMilli());
        rollUpAll();
        assertThat(rollupRows()).containsEntry("class_history_5m", 12L * 23).containsEntry("class_history_1h", 12L)
                .containsEntry("server_history_5m", 9L * 23).containsEntry("group_history_1h", 3L);
        reopen();
        Map<String, List<?>> rolled = answers();
        sql("UPDATE history_rollup_state SET rolled_to_ms = NULL"); // the queries read the raw rows again
        Instant secondHour = T0.plus(Duration.ofHours(1)); // the first hour's buckets are V10's (here: none)
        assertEqual(from(rolled, secondHour), from(answers(), secondHour));
    }

    // ---- helpers ---------------------------------------------------------------------------

    /**
     * Replaces the store by a new database migrated to schema {@code version} only, holding this test's
     * raw history as that version wrote it; {@code more} runs in the same transaction after it.
     */
    private void databaseAtVersion(String version, Database.Action more) {
        store.close();
        store = null;
        settings = database.create();
        Database db = Database.open(settings);
        try {
            Flyway.configure(SchemaMigrations.class.getClassLoader())
                    .dataSource(db.dialect().connectUrl(settings.jdbcUrl()), settings.user(), settings.password())
                    .locations("classpath:dev/hpm/store/schema").table("flyway_schema_history").target(version).load().migrate();
            db.writeAction("write history as version " + version + " did", c -> {
                try (RowSink sink = new RowSink.Batch(c)) {
                    for (int i = 0; i < INTERVALS; i++) {
                        HistoryRows.write(interval(i), sink);
                    }
                    sink.flush();
                }
                more.run(c);
            });
        } finally {
            db.close();
        }
    }

    /** The points at or after {@code at}. */
    private static Map<String, List<?>> from(Map<String, List<?>> answers, Instant at) {
        Map<String, List<?>> out = new LinkedHashMap<>();
        answers.forEach((k, points) -> out.put(k, points.stream().filter(p -> !at(p).isBefore(at)).toList()));
        return out;
    }

    private static Instant at(Object point) {
        return switch (point) {
            case HistoryRepository.HostPoint p -> p.at();
            case HistoryRepository.ServerPoint p -> p.at();
            case HistoryRepository.GroupPoint p -> p.at();
            case ClassPoint p -> p.at();
            default -> throw new IllegalArgumentException("not a history point: " + point);
        };
    }

    private static Map<String, List<?>> aligned(Map<String, List<?>> answers) {
        Map<String, List<?>> out = new LinkedHashMap<>(answers);
        out.keySet().removeIf(k -> !k.endsWith("from " + T0));
        return out;
    }

    private void reopenWith(Duration raw, Duration fiveMinutes, Duration hourly) {
        store.close();
        settings = settings.withRetention(raw).withRollupRetention(fiveMinutes, hourly);
        store = Stores.open(settings, clock);
    }

    private Map<String, Long> rolledTo() {
        return query("SELECT resolution, rolled_to_ms FROM history_rollup_state WHERE rolled_to_ms IS NOT NULL");
    }

    private Map<String, Long> rollupRows() {
        Map<String, Long> out = new LinkedHashMap<>();
        for (String t : HistoryRollups.TABLES) {
            for (String r : List.of("5m", "1h")) {
                out.putAll(query("SELECT '" + t + "_" + r + "', COUNT(*) FROM " + t + "_" + r));
            }
        }
        return out;
    }

    private Map<String, Long> query(String sql) {
        Database db = Database.open(settings);
        try {
            return db.read(sql, c -> {
                Map<String, Long> out = new LinkedHashMap<>();
                try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.put(rs.getString(1), rs.getLong(2));
                    }
                }
                return out;
            });
        } finally {
            db.close();
        }
    }

    private void sql(String sql) {
        Database db = Database.open(settings);
        try {
            db.writeAction(sql, c -> {
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.executeUpdate();
                }
            });
        } finally {
            db.close();
        }
    }

    /** Equal lists of points, doubles to 1e-9 (NaN equal to NaN). */
    static void assertEqual(Map<String, List<?>> actual, Map<String, List<?>> expected) {
        assertThat(actual.keySet()).isEqualTo(expected.keySet());
        for (String k : expected.keySet()) {
            List<?> a = actual.get(k);
            List<?> e = expected.get(k);
            assertThat(a).as(k).hasSameSizeAs(e);
            IntStream.range(0, e.size()).forEach(i -> assertThat(a.get(i)).as(k + " #" + i).usingRecursiveComparison()
                    .withComparatorForType(RollupCases::compareDoubles, Double.class).isEqualTo(e.get(i)));
        }
    }

    private static int compareDoubles(Double a, Double b) {
        if (a.isNaN() || b.isNaN()) {
            return a.isNaN() && b.isNaN() ? 0 : 1;
        }
        return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b)) ? 0 : Double.compare(a, b);
    }
}
