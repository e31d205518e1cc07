package dev.hpm.server.cluster;

import dev.hpm.core.cluster.ClusterMember;
import dev.hpm.core.cluster.ClusterSettings;
import dev.hpm.core.cluster.Lease;
import dev.hpm.core.cluster.LeaseGuard;
import dev.hpm.core.pool.Scheduler;
import dev.hpm.store.ClusterRepository;
import dev.hpm.store.Store;
import dev.hpm.store.StoreException;
import dev.hpm.store.StoreSettings;
import dev.hpm.store.Stores;
import dev.hpm.store.testing.TestClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Lease rounds of two instances on one store, driven by hand on an injected clock: the share-out,
 * a join, a clean leave, and an instance whose database stops answering.
 */
class ClusterServiceTest {
    private static final ClusterSettings LEASES = ClusterSettings.forInterval(Duration.ofSeconds(10));
    private static final List<String> HOSTS = IntStream.rangeClosed(1, 20).mapToObj(i -> "sim://h" + i).toList();
    private static final Scheduler MANUAL = (task, initialDelay, period) -> new Scheduler.Handle() {
        @Override
        public void cancel() {
        }

        @Override
        public void await() {
        }
    };
    private final TestClock clock = new TestClock();
    private Store store;
    private Breakable repository;

    @BeforeEach
    void open(@TempDir Path dir) {
        store = Stores.open(StoreSettings.embedded(dir), clock);
        repository = new Breakable(store.cluster());
    }

    @AfterEach
    void close() {
        store.close();
    }

    private ClusterService instance(String id, ClusterRepository repo) {
        return new ClusterService(repo, id, "http://" + id, HOSTS, LEASES, clock, MANUAL, new LeaseGuard(clock));
    }

    private static long epoch(ClusterService s, String host) {
        return s.guard().epoch(host).orElseThrow();
    }

    @Test
    void round_secondInstanceJoins_ownerGivesHalfAwayOneRoundBeforeReleasingIt() {
        ClusterService a = instance("a", store.cluster());
        ClusterService b = instance("b", store.cluster());
        a.start();
        assertThat(a.guard().hosts()).hasSize(20);

        b.start();
        assertThat(b.guard().hosts()).as("a's leases are valid: b waits").isEmpty();
        a.round();
        assertThat(a.guard().hosts()).as("a stops acting on the half it gives away at once").hasSize(10);
        b.round();
        assertThat(b.guard().hosts()).as("not released yet").isEmpty();
        a.round();
        b.round();

        assertThat(a.guard().hosts()).hasSize(10);
        assertThat(b.guard().hosts()).hasSize(10).doesNotContainAnyElementsOf(a.guard().hosts());
        b.guard().hosts().forEach(h -> assertThat(epoch(b, h)).as(h).isEqualTo(2));
        a.guard().hosts().forEach(h -> assertThat(epoch(a, h)).as(h).isEqualTo(1));
    }

    @Test
    void close_cleanLeave_theOtherTakesEveryHostAtItsNextRound() {
        ClusterService a = instance("a", store.cluster());
        ClusterService b = instance("b", store.cluster());
        a.start();
        b.start();
        a.round();
        a.round();
        b.round();
        assertThat(b.guard().hosts()).hasSize(10);

        a.close();
        b.round();

        assertThat(b.guard().hosts()).hasSize(20);
        assertThat(store.cluster().members()).extracting(ClusterMember::id).containsExactly("b");
    }

    @Test
    void round_databaseGone_stopsActingBeforeTheLeaseExpiresAndTheOtherTakesOverAfterIt() {
        ClusterService a = instance("a", repository);
        ClusterService b = instance("b", store.cluster());
        a.start();
        b.start();
        repository.broken = true;

        clock.advance(LEASES.actWithin().minusMillis(1));
        a.round();
        assertThat(a.failedRounds()).isEqualTo(1);
        assertThat(a.guard().hosts()).as("still within its acting window").hasSize(20);
        clock.advance(Duration.ofMillis(1));
        assertThat(a.guard().hosts()).as("acting window over").isEmpty();
        b.round();
        assertThat(b.guard().hosts()).as("a's leases are still valid in the database").isEmpty();

        clock.advance(LEASES.lease().minus(LEASES.actWithin()));
        b.round();
        assertThat(b.guard().hosts()).hasSize(20);
        HOSTS.forEach(h -> assertThat(epoch(b, h)).isEqualTo(2));

        repository.broken = false;
        a.round();
        assertThat(a.guard().hosts()).as("a's leases were taken: it acts on nothing").isEmpty();
    }

    /** The store's repository, or one whose every call fails like an unreachable database. */
    private static final class Breakable implements ClusterRepository {
        private final ClusterRepository delegate;
        volatile boolean broken;

        Breakable(ClusterRepository delegate) {
            this.delegate = delegate;
        }

        private ClusterRepository target() {
            if (broken) {
                throw new StoreException("cannot reach the database (test)");
            }
            return delegate;
        }

        @Override
        public void heartbeat(String instance, String address, Instant started, Instant now) {
            target().heartbeat(instance, address, started, now);
        }

        @Override
        public void leave(String instance) {
            target().leave(instance);
        }

        @Override
        public List<ClusterMember> members() {
            return target().members();
        }

        @Override
        public int forget(Instant before) {
            return target().forget(before);
        }

        @Override
        public List<Lease> leases() {
            return target().leases();
        }

        @Override
        public void ensureHosts(Collection<String> hosts) {
            target().ensureHosts(hosts);
        }

        @Override
        public Optional<Lease> acquire(Lease seen, String instance, Instant now, Instant expires) {
            return target().acquire(seen, instance, now, expires);
        }

        @Override
        public List<String> renew(String instance, Collection<Lease> held, Instant now, Instant expires) {
            return target().renew(instance, held, now, expires);
        }

        @Override
        public void release(String instance, Lease held) {
            target().release(instance, held);
        }
    }
}
