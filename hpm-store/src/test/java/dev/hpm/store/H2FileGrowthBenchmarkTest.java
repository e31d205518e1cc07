package dev.hpm.store;

import dev.hpm.core.loop.IntervalReport;
import dev.hpm.store.testing.Fleet;
import dev.hpm.store.testing.TestClock;
import dev.hpm.store.testing.TestDatabase;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded database's file in sustained use (opt-in with {@code -Dhpm.store.bench=true}; about
 * 5 minutes): 1,000 servers recorded interval after interval (every 0.3 s, about 30 times faster than
 * real time), history older than 200 intervals purged every 30 intervals, as the server's retention
 * does. Prints the file's size as it goes and, at the end, the size of the live data (after
 * {@code SHUTDOWN COMPACT}). H2's MVStore writes every changed page to a new place and reuses a
 * chunk of the file only when none of its pages is live any more; with the history's per-server
 * index written at random places the file settles well above the live data (see the README).
 */
@Tag("benchmark")
@EnabledIfSystemProperty(named = "hpm.store.bench", matches = "true",
        disabledReason = "the sustained-load test of the H2 file runs with -Dhpm.store.bench=true")
class H2FileGrowthBenchmarkTest {
    static final int INTERVALS = 600;
    static final int WINDOW = 200;

    @Test
    void record_sustainedWithRetention_keepsTheFileNearTheLiveData() throws Exception {
        TestDatabase h2 = TestDatabase.h2();
        StoreSettings settings = h2.create();
        Path file = Path.of(settings.jdbcUrl().substring("jdbc:h2:file:".length()) + ".mv.db");
        Fleet fleet = new Fleet(10, 100, java.time.Instant.parse("2026-05-01T00:00:00Z"));
        List<Long> sizes = new ArrayList<>();
        try (Store store = Stores.open(settings, new TestClock())) {
            for (int i = 0; i < INTERVALS; i++) {
                List<IntervalReport> interval = fleet.interval(i);
                store.history().record(interval);
                if (i % 30 == 0) {
                    store.history().purgeBefore(fleet.time(i - WINDOW));
                }
                if (i % 100 == 99) {
                    sizes.add(Files.size(file));
                    System.out.printf("[bench H2 file] after %d intervals (%d kept): %.1f MiB%n", i + 1,
                            Math.min(i + 1, WINDOW + 30), Files.size(file) / 1048576.0);
                }
                Thread.sleep(300);
            }
            try (Connection c = DriverManager.getConnection(settings.jdbcUrl(), settings.user(), settings.password());
                 Statement s = c.createStatement()) {
                store.close();
                s.execute("SHUTDOWN COMPACT");
            }
            System.out.printf("[bench H2 file] live data (after SHUTDOWN COMPACT): %.1f MiB%n", Files.size(file) / 1048576.0);
        } finally {
            h2.dropAll();
        }
        assertThat(sizes.getLast()).as("file size after %d intervals", INTERVALS).isLessThan(1L << 30);
    }
}
