package dev.hpm.store;

import dev.hpm.core.cluster.Lease;
import dev.hpm.store.testing.StoreTestBase;
import dev.hpm.store.testing.TestDatabase;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Host leases and the instance registry ({@link ClusterRepository}), on each database. */
abstract class ClusterCases extends StoreTestBase {
    private static final Duration LEASE = Duration.ofSeconds(15);

    ClusterCases(TestDatabase db) {
        super(db);
    }

    private ClusterRepository cluster() {
        return store.cluster();
    }

    private Lease row(String host) {
        return cluster().leases().stream().filter(l -> l.host().equals(host)).findFirst().orElseThrow();
    }

    @Test
    void acquire_freeHost_ownedWithEpochOne() {
        cluster().ensureHosts(List.of("sim://h1", "sim://h2"));
        Instant now = clock.now();

        Optional<Lease> taken = cluster().acquire(row("sim://h1"), "a", now, now.plus(LEASE));

        assertThat(taken).isPresent();
        assertThat(row("sim://h1")).satisfies(l -> {
            assertThat(l.owner()).isEqualTo("a");
            assertThat(l.epoch()).isEqualTo(1);
            assertThat(l.expires()).isEqualTo(now.plus(LEASE));
        });
        assertThat(row("sim://h2").owner()).isNull();
    }

    @Test
    void acquire_rowChangedSinceRead_takesNothing() {
        cluster().ensureHosts(List.of("sim://h1"));
        Lease seen = row("sim://h1");
        Instant now = clock.now();
        cluster().acquire(seen, "a", now, now.plus(LEASE)).orElseThrow();

        assertThat(cluster().acquire(seen, "b", now, now.plus(LEASE))).isEmpty();
        assertThat(row("sim://h1").owner()).isEqualTo("a");
    }

    @Test
    void acquire_expiredLeaseOfAnother_raisesTheEpoch() {
        cluster().ensureHosts(List.of("sim://h1"));
        Instant now = clock.now();
        cluster().acquire(row("sim://h1"), "a", now, now.plus(LEASE)).orElseThrow();
        Instant later = clock.advance(LEASE);

        Lease taken = cluster().acquire(row("sim://h1"), "b", later, later.plus(LEASE)).orElseThrow();

        assertThat(taken.epoch()).isEqualTo(2);
        assertThat(row("sim://h1").owner()).isEqualTo("b");
    }

    @Test
    void renew_validLease_extendsItAndExpiredOne_isLost() {
        cluster().ensureHosts(List.of("sim://h1", "sim://h2"));
        Instant now = clock.now();
        Lease one = cluster().acquire(row("sim://h1"), "a", now, now.plus(LEASE)).orElseThrow();
        Lease two = cluster().acquire(row("sim://h2"), "a", now, now.plusSeconds(5)).orElseThrow();
        Instant later = clock.advance(Duration.ofSeconds(10));

        List<String> renewed = cluster().renew("a", List.of(one, two), later, later.plus(LEASE));

        assertThat(renewed).containsExactly("sim://h1");
        assertThat(row("sim://h1").expires()).isEqualTo(later.plus(LEASE));
        assertThat(row("sim://h1").epoch()).isEqualTo(1);
    }

    @Test
    void renew_leaseTakenOverMeanwhile_isLost() {
        cluster().ensureHosts(List.of("sim://h1"));
        Instant now = clock.now();
        Lease old = cluster().acquire(row("sim://h1"), "a", now, now.plusSeconds(5)).orElseThrow();
        Instant later = clock.advance(Duration.ofSeconds(6));
        cluster().acquire(row("sim://h1"), "b", later, later.plus(LEASE)).orElseThrow();

        assertThat(cluster().renew("a", List.of(old), later, later.plus(LEASE))).isEmpty();
        assertThat(row("sim://h1").owner()).isEqualTo("b");
    }

    @Test
    void leave_freesItsLeasesAndRemovesItsRow() {
        cluster().ensureHosts(List.of("sim://h1"));
        Instant now = clock.now();
        cluster().heartbeat("a", "http://127.0.0.1:1", now, now);
        cluster().heartbeat("b", "http://127.0.0.1:2", now, now);
        cluster().acquire(row("sim://h1"), "a", now, now.plus(LEASE)).orElseThrow();

        cluster().leave("a");

        assertThat(cluster().members()).extracting(m -> m.id()).containsExactly("b");
        assertThat(row("sim://h1").owner()).isNull();
        assertThat(cluster().acquire(row("sim://h1"), "b", now, now.plus(LEASE)).orElseThrow().epoch()).isEqualTo(2);
    }

    @Test
    void heartbeat_secondCall_updatesTheRow() {
        Instant start = clock.now();
        cluster().heartbeat("a", "http://127.0.0.1:1", start, start);
        Instant later = clock.advance(Duration.ofSeconds(3));
        cluster().heartbeat("a", "http://127.0.0.1:1", start, later);

        assertThat(cluster().members()).singleElement().satisfies(m -> {
            assertThat(m.started()).isEqualTo(start);
            assertThat(m.heartbeat()).isEqualTo(later);
        });
        assertThat(cluster().forget(later)).isZero();
        assertThat(cluster().forget(later.plusMillis(1))).isEqualTo(1);
    }

    @Test
    void acquire_eightInstancesRacingForOneHost_oneWins() throws Exception {
        cluster().ensureHosts(List.of("sim://h1"));
        Lease seen = row("sim://h1");
        Instant now = clock.now();
        try (var pool = Executors.newFixedThreadPool(8)) {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Optional<Lease>>> tries = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String id = "i" + i;
                tries.add(pool.submit(() -> {
                    go.await();
                    return cluster().acquire(seen, id, now, now.plus(LEASE));
                }));
            }
            go.countDown();
            int won = 0;
            for (Future<Optional<Lease>> f : tries) {
                won += f.get(60, TimeUnit.SECONDS).isPresent() ? 1 : 0;
            }
            assertThat(won).isEqualTo(1);
        }
        assertThat(row("sim://h1").epoch()).isEqualTo(1);
    }
}
