package dev.hpm.store;

import dev.hpm.core.loop.IntervalReport;
import dev.hpm.store.jdbc.JdbcStore;
import dev.hpm.store.testing.Fleet;
import dev.hpm.store.testing.StoreTestBase;
import dev.hpm.store.testing.TestDatabase;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The history benchmark (opt-in: {@code -Dhpm.store.bench=true}; it takes minutes and gigabytes):
 * loads 36 h of 10-s intervals for 1,000 servers (20 hosts of 50; 12,960 intervals, about 13 M
 * server rows) with the bulk loader, then prints the load time, the database's size, the times of
 * typical queries over the whole range, of one {@code record} of 10,000 servers on top of it and of
 * purging an hour. Sizes: {@code -Dhpm.store.bench.hours=36 -Dhpm.store.bench.hosts=20
 * -Dhpm.store.bench.servers-per-host=50}.
 */
abstract class BulkLoadBenchmarkCases extends StoreTestBase {
    static final Instant START = Instant.parse("2026-04-01T00:00:00Z");

    BulkLoadBenchmarkCases(TestDatabase database) {
        super(database);
    }

    @Test
    void bulkLoad_36HoursOf1000Servers_printsLoadQueryAndRecordTimes() throws Exception {
        int hours = Integer.getInteger("hpm.store.bench.hours", 36);
        int hosts = Integer.getInteger("hpm.store.bench.hosts", 20);
        int perHost = Integer.getInteger("hpm.store.bench.servers-per-host", 50);
        long intervals = Duration.ofHours(hours).dividedBy(Fleet.INTERVAL);
        Fleet fleet = new Fleet(hosts, perHost, START);
        Instant end = fleet.time(intervals);
        String name = database.name();

        Iterator<List<IntervalReport>> reports = fleet.intervals(intervals);
        long[] generating = new long[1];
        Iterator<List<IntervalReport>> timed = new Iterator<>() {
            @Override
            public boolean hasNext() {
                return reports.hasNext();
            }

            @Override
            public List<IntervalReport> next() {
                long s = System.nanoTime();
                List<IntervalReport> next = reports.next();
                generating[0] += System.nanoTime() - s;
                return next;
            }
        };
        long t0 = System.nanoTime();
        long rows = ((JdbcStore) store).bulkLoader().load(timed);
        double loadSeconds = (System.nanoTime() - t0 - generating[0]) / 1e9;
        System.out.printf("[bench %s] bulk load: %,d intervals x %,d servers = %,d rows (all tables; %,d server rows) "
                        + "in %.1f s (%,.0f rows/s; generating the reports took another %.1f s); database size %,.0f MiB%n",
                name, intervals, hosts * perHost, rows, intervals * hosts * perHost, loadSeconds, rows / loadSeconds,
                generating[0] / 1e9, size() / 1048576.0);

        String uuid = Fleet.uuid(3, 7);
        Duration five = Duration.ofMinutes(5);
        time(name, "servers(one uuid, " + hours + " h, no bucket)", () -> store.history().servers(uuid, START, end, null));
        time(name, "servers(one uuid, " + hours + " h, 5 min buckets)", () -> store.history().servers(uuid, START, end, five));
        time(name, "hosts(one host, " + hours + " h, 5 min buckets)", () -> store.history().hosts(Fleet.host(3), START, end, five));
        time(name, "hosts(all, " + hours + " h, 1 h buckets)", () -> store.history().hosts(null, START, end, Duration.ofHours(1)));
        time(name, "classes(Trading, " + hours + " h, 5 min, per host)", () -> store.history().classes("Trading", START, end, five, false));
        time(name, "classes(Trading, " + hours + " h, 5 min, over hosts)", () -> store.history().classes("Trading", START, end, five, true));
        time(name, "groups(all, " + hours + " h, 5 min buckets)", () -> store.history().groups(null, START, end, five));
        time(name, "servers(all, last 10 min, no bucket)", () -> store.history().servers(null, end.minus(Duration.ofMinutes(10)), end, null));
        time(name, "rawServers(one uuid, " + hours + " h)", () -> store.history().rawServers(uuid, START, end));

        Fleet big = new Fleet(100, 100, end);
        List<List<IntervalReport>> next = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            next.add(big.interval(i));
        }
        long[] millis = new long[next.size()];
        for (int i = 0; i < next.size(); i++) {
            long s = System.nanoTime();
            store.history().record(next.get(i));
            millis[i] = (System.nanoTime() - s) / 1_000_000;
        }
        Arrays.sort(millis);
        System.out.printf("[bench %s] record() of 10,000 servers on top of the loaded history: median %d ms (min %d, max %d)%n",
                name, millis[millis.length / 2], millis[0], millis[millis.length - 1]);

        if (database instanceof TestDatabase.H2) {
            store.close();
            try (Connection c = DriverManager.getConnection(settings.jdbcUrl(), settings.user(), settings.password());
                 Statement s = c.createStatement()) {
                long c0 = System.nanoTime();
                s.execute("SHUTDOWN COMPACT");
                System.out.printf("[bench %s] SHUTDOWN COMPACT in %.1f s%n", name, (System.nanoTime() - c0) / 1e9);
            }
            reopen();
            System.out.printf("[bench %s] database size after SHUTDOWN COMPACT %,.0f MiB%n", name, size() / 1048576.0);
        }

        long p0 = System.nanoTime();
        long purged = store.history().purgeBefore(START.plus(Duration.ofHours(1)));
        System.out.printf("[bench %s] purgeBefore(first hour): %,d rows in %.1f s%n", name, purged,
                (System.nanoTime() - p0) / 1e9);

        assertThat(store.history().servers(uuid, START, end, null)).hasSize((int) (intervals - 360));
    }

    private static void time(String db, String what, Supplier<List<?>> query) {
        long cold = System.nanoTime();
        int n = query.get().size();
        double coldMs = (System.nanoTime() - cold) / 1e6;
        double[] warm = new double[3];
        for (int i = 0; i < warm.length; i++) {
            long s = System.nanoTime();
            query.get();
            warm[i] = (System.nanoTime() - s) / 1e6;
        }
        Arrays.sort(warm);
        System.out.printf("[bench %s] %-42s %,7d points: first %,8.1f ms, then median %,8.1f ms%n", db, what, n, coldMs,
                warm[1]);
    }

    /** Bytes the database takes: the H2 file, or the PostgreSQL schema's tables with their indexes and TOAST. */
    private long size() throws Exception {
        if (database instanceof TestDatabase.H2) {
            store.close();
            String url = settings.jdbcUrl();
            Path file = Path.of(url.substring("jdbc:h2:file:".length()) + ".mv.db");
            long bytes = Files.size(file);
            reopen();
            return bytes;
        }
        try (Connection c = DriverManager.getConnection(settings.jdbcUrl(), settings.user(), settings.password());
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT SUM(pg_total_relation_size(c.oid)) FROM pg_class c "
                     + "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema() AND c.relkind = 'r'")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
