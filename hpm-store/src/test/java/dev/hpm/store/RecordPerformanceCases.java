package dev.hpm.store;

import dev.hpm.core.loop.IntervalReport;
import dev.hpm.store.testing.Fleet;
import dev.hpm.store.testing.StoreTestBase;
import dev.hpm.store.testing.TestDatabase;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How long {@code record} takes for one interval of 10,000 servers (100 hosts of 100), what the
 * server does every 10 s at that scale. Prints the figures; asserts only a generous bound.
 */
abstract class RecordPerformanceCases extends StoreTestBase {
    static final int HOSTS = 100;
    static final int SERVERS_PER_HOST = 100;
    static final int WARM_UP = 3;
    static final int TIMED = 7;

    RecordPerformanceCases(TestDatabase database) {
        super(database);
    }

    @Test
    void record_tenThousandServers_takesWellUnderTheInterval() {
        Fleet fleet = new Fleet(HOSTS, SERVERS_PER_HOST, Instant.parse("2026-03-01T00:00:00Z"));
        List<List<IntervalReport>> intervals = new ArrayList<>();
        for (int i = 0; i < WARM_UP + TIMED; i++) {
            intervals.add(fleet.interval(i));
        }
        long[] millis = new long[TIMED];
        for (int i = 0; i < intervals.size(); i++) {
            long start = System.nanoTime();
            store.history().record(intervals.get(i));
            if (i >= WARM_UP) {
                millis[i - WARM_UP] = (System.nanoTime() - start) / 1_000_000;
            }
        }
        Arrays.sort(millis);
        System.out.printf("record() of %,d servers (%d hosts) on %s: median %d ms, min %d ms, max %d ms over %d calls%n",
                HOSTS * SERVERS_PER_HOST, HOSTS, database.name(), millis[TIMED / 2], millis[0], millis[TIMED - 1], TIMED);

        assertThat(millis[TIMED / 2]).as("median ms of record()").isLessThan(5_000);
        assertThat(store.history().servers(Fleet.uuid(7, 7), fleet.time(0), fleet.time(WARM_UP + TIMED), null))
                .hasSize(WARM_UP + TIMED);
    }
}
