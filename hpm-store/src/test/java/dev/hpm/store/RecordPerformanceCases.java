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

    /**
     * What the roll-ups add to the interval that completes a 5-minute bucket of 10,000 servers (30
     * intervals, 300,000 server rows): one roll-up of the bucket; an interval that completes none
     * only compares two numbers. Prints the figures; asserts only a generous bound.
     */
    @Test
    void rollUp_fiveMinutesOfTenThousandServers_printsItsCost() {
        Fleet fleet = new Fleet(HOSTS, SERVERS_PER_HOST, Instant.parse("2026-03-01T00:00:00Z"));
        int intervals = 31; // 0:00:00 to 0:05:00
        for (int i = 0; i < intervals; i++) {
            store.history().record(fleet.interval(i));
        }
        Instant bucketEnd = fleet.time(0).plus(java.time.Duration.ofMinutes(5));
        long start = System.nanoTime();
        long rows = store.history().rollUp(bucketEnd.plus(java.time.Duration.ofMinutes(5))); // complete: 5 min after its end
        long rollMillis = (System.nanoTime() - start) / 1_000_000;
        start = System.nanoTime();
        store.history().rollUp(bucketEnd.plus(java.time.Duration.ofMinutes(6))); // nothing new complete
        long idleMicros = (System.nanoTime() - start) / 1_000;
        System.out.printf("roll-up of one 5-minute bucket of %,d servers (%d hosts, %d intervals) on %s: %d ms, %,d rows; "
                + "an interval that completes no bucket: %d µs%n", HOSTS * SERVERS_PER_HOST, HOSTS, intervals - 1,
                database.name(), rollMillis, rows, idleMicros);

        java.time.Duration five = java.time.Duration.ofMinutes(5);
        assertThat(rows).as("a row per server, host, group, class on a host and class over hosts")
                .isEqualTo(HOSTS * SERVERS_PER_HOST + HOSTS + store.history().groups(null, fleet.time(0), bucketEnd, five).size()
                        + store.history().classes(null, fleet.time(0), bucketEnd, five, false).size()
                        + store.history().classes(null, fleet.time(0), bucketEnd, five, true).size());
        assertThat(rollMillis).as("ms of the roll-up").isLessThan(30_000);
    }

    /** How the server may write one interval: the transactions it makes. */
    enum Writing {
        /** Before: the inventory of each host in a transaction of its own, then the history of all. */
        SEPARATE,
        /** The inventory and history of each host in one transaction per host: what the server does. */
        PER_HOST,
        /** Everything in one transaction ({@link Store#inOneTransaction}). */
        ONE_FOR_ALL
    }

    @Test
    void inOneTransaction_intervalOfTenThousandServers_comparedWithATransactionPerHost() {
        Fleet fleet = new Fleet(HOSTS, SERVERS_PER_HOST, Instant.parse("2026-03-01T00:00:00Z"));
        long interval = 0;
        Writing[] ways = Writing.values();
        long[][] millis = new long[ways.length][TIMED];
        for (int i = 0; i < WARM_UP + TIMED; i++) { // the ways take turns, so that none meets a larger database than the others
            for (int w = 0; w < ways.length; w++) {
                List<IntervalReport> reports = fleet.interval(interval++);
                long start = System.nanoTime();
                write(ways[w], reports);
                if (i >= WARM_UP) {
                    millis[w][i - WARM_UP] = (System.nanoTime() - start) / 1_000_000;
                }
            }
        }
        StringBuilder figures = new StringBuilder();
        for (int w = 0; w < ways.length; w++) {
            long[] m = millis[w];
            Arrays.sort(m);
            figures.append(String.format("  %-11s median %5d ms, min %5d ms, max %5d ms%n", ways[w], m[TIMED / 2], m[0],
                    m[TIMED - 1]));
        }
        System.out.printf("one interval of %,d servers (%d hosts: inventory and history) on %s, over %d intervals each:%n%s",
                HOSTS * SERVERS_PER_HOST, HOSTS, database.name(), TIMED, figures);

        assertThat(store.inventory().servers()).hasSize(HOSTS * SERVERS_PER_HOST);
        assertThat(store.history().servers(Fleet.uuid(7, 7), fleet.time(0), fleet.time(interval), null))
                .as("every interval of every way stored").hasSize((int) interval);
    }

    private void write(Writing writing, List<IntervalReport> reports) {
        switch (writing) {
            case SEPARATE -> {
                reports.forEach(this::seen);
                store.history().record(reports);
            }
            case PER_HOST -> {
                Instant at = reports.stream().map(IntervalReport::time).max(Instant::compareTo).orElseThrow();
                reports.forEach(r -> store.inOneTransaction("host " + r.host(), () -> {
                    seen(r);
                    store.history().record(List.of(r), at);
                    return null;
                }));
            }
            case ONE_FOR_ALL -> store.inOneTransaction("interval", () -> {
                reports.forEach(this::seen);
                store.history().record(reports);
                return null;
            });
        }
    }

    private void seen(IntervalReport r) {
        store.inventory().seen(r.host(), r.measurement().cpus(), r.measurement().servers().stream()
                .map(m -> new InventoryRepository.SeenServer(m.uuid(), m.name(), m.vcpus())).toList(), r.time());
    }
}
