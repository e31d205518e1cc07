package dev.hpm.server.cluster;

import dev.hpm.core.cluster.ClusterMember;
import dev.hpm.core.cluster.ClusterSettings;
import dev.hpm.core.cluster.LeaseGuard;
import dev.hpm.core.cluster.Lease;
import dev.hpm.core.cluster.LeasePlan;
import dev.hpm.core.pool.Scheduler;
import dev.hpm.core.time.Timebase;
import dev.hpm.store.ClusterRepository;

import java.lang.System.Logger;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * This instance's part in a cluster of {@code hpm serve} instances on one PostgreSQL
 * (docs/cluster.md). Every {@link ClusterSettings#renewEvery()} one lease round, on a thread of its
 * own so that a long interval never delays it: the heartbeat; the registry and the leases read;
 * {@link LeasePlan} says what to renew, acquire and release; each move is one compare-and-set in
 * the store; the {@link LeaseGuard} learns what this instance may act on, and until when. A host to
 * give away leaves the guard at once and its lease is released one round later, so that no change
 * begun under it can still be under way when another instance takes it. A round that cannot reach
 * the database changes nothing: the guard's deadlines run out by themselves before the leases
 * expire. Closing releases every lease and removes this instance from the registry.
 */
public final class ClusterService implements AutoCloseable {
    private static final Logger LOG = System.getLogger(ClusterService.class.getName());
    /** The log of changes made under a lease (level DEBUG, i.e. JUL's FINE): docs/cluster.md. */
    public static final String CHANGE_LOGGER = "dev.hpm.cluster.changes";
    private static final Logger CHANGES = System.getLogger(CHANGE_LOGGER);
    private final ClusterRepository repository;
    private final String instance;
    private volatile String address;
    private final Set<String> hosts;
    private final ClusterSettings settings;
    private final Timebase time;
    private final Scheduler scheduler;
    private final LeaseGuard guard;
    private final Instant started;
    private final Set<String> draining = ConcurrentHashMap.newKeySet();
    private final AtomicLong rounds = new AtomicLong();
    private final AtomicLong failedRounds = new AtomicLong();
    private final AtomicLong acquired = new AtomicLong();
    private volatile String lastError;
    private volatile Scheduler.Handle ticking;

    /**
     * @param guard   the guard the hosts' {@code FencedDriver}s ask (on {@code time})
     * @param hosts   the ids of every host of the cluster (each instance is configured with them all)
     */
    public ClusterService(ClusterRepository repository, String instance, String address, List<String> hosts,
                          ClusterSettings settings, Timebase time, Scheduler scheduler, LeaseGuard guard) {
        this.repository = repository;
        this.instance = instance;
        this.address = address;
        this.hosts = Set.copyOf(hosts);
        this.settings = settings;
        this.time = time;
        this.scheduler = scheduler;
        this.guard = guard;
        this.started = time.now();
    }

    /**
     * The log of changes {@code instance} makes under its leases, one line each:
     * {@code cluster change: host=H epoch=E instance=I at=EPOCH-MS WHAT}; and of those it did not
     * make for want of a valid lease: {@code cluster refused: host=H instance=I at=EPOCH-MS WHAT …}.
     */
    public static dev.hpm.core.cluster.FencedDriver.ChangeLog changeLog(String instance, Timebase time) {
        return new dev.hpm.core.cluster.FencedDriver.ChangeLog() {
            @Override
            public void changed(String host, long epoch, String what) {
                if (CHANGES.isLoggable(Logger.Level.DEBUG)) {
                    CHANGES.log(Logger.Level.DEBUG, "cluster change: host=" + host + " epoch=" + epoch + " instance="
                            + instance + " at=" + time.now().toEpochMilli() + " " + what);
                }
            }

            @Override
            public void refused(String host, String what) {
                if (CHANGES.isLoggable(Logger.Level.DEBUG)) {
                    CHANGES.log(Logger.Level.DEBUG, "cluster refused: host=" + host + " instance=" + instance + " at="
                            + time.now().toEpochMilli() + " " + what + " (no valid lease)");
                }
            }
        };
    }

    /** Sets the URL of this instance's API, shown to the others; before {@link #start}. */
    public void address(String url) {
        this.address = url;
    }

    /** What this instance may act on, and until when. */
    public LeaseGuard guard() {
        return guard;
    }

    public String instance() {
        return instance;
    }

    public ClusterSettings settings() {
        return settings;
    }

    /** Registers the hosts and this instance, runs a first round now, then one every renewal period. */
    public synchronized void start() {
        repository.ensureHosts(hosts);
        round();
        ticking = scheduler.scheduleAtFixedRate(this::round, settings.renewEvery(), settings.renewEvery());
    }

    /** One lease round (the scheduler's thread, or a test's); never throws for a database failure. */
    public synchronized void round() {
        rounds.incrementAndGet();
        try {
            long sent = time.nanos();
            Instant now = time.now();
            repository.heartbeat(instance, address, started, now);
            List<ClusterMember> members = repository.members();
            List<Lease> leases = repository.leases();
            LeasePlan.Moves moves = LeasePlan.plan(instance, hosts, members, leases, now, settings.lease());
            Set<String> kept = new HashSet<>();
            for (Lease l : moves.release()) {
                if (draining.remove(l.host())) {
                    repository.release(instance, l);
                    LOG.log(Logger.Level.INFO, "cluster: released " + l.host() + " (epoch " + l.epoch() + ")");
                } else {
                    guard.dropped(l.host());
                    draining.add(l.host());
                    kept.add(l.host());
                }
            }
            Instant expires = now.plus(settings.lease());
            long actWithin = settings.actWithin().toNanos();
            Map<String, Lease> renewing = new java.util.HashMap<>();
            moves.renew().forEach(l -> renewing.put(l.host(), l));
            for (String host : repository.renew(instance, moves.renew(), now, expires)) {
                guard.confirmed(host, renewing.get(host).epoch(), sent, actWithin);
                draining.remove(host); // its own again before it was released
                kept.add(host);
            }
            for (Lease l : moves.acquire()) {
                long acquireSent = time.nanos();
                Instant at = time.now();
                repository.acquire(l, instance, at, at.plus(settings.lease())).ifPresent(taken -> {
                    guard.confirmed(taken.host(), taken.epoch(), acquireSent, actWithin);
                    kept.add(taken.host());
                    acquired.incrementAndGet();
                    LOG.log(Logger.Level.INFO, "cluster: acquired " + taken.host() + " (epoch " + taken.epoch()
                            + (l.owner() == null ? "" : ", from " + l.owner()) + ")");
                });
            }
            for (String host : new TreeSet<>(hosts)) {
                if (!kept.contains(host)) {
                    guard.dropped(host);
                    draining.remove(host);
                }
            }
            if (rounds.get() % 100 == 0) {
                repository.forget(now.minus(settings.lease().multipliedBy(20)));
            }
            lastError = null;
        } catch (RuntimeException e) {
            failedRounds.incrementAndGet();
            if (lastError == null) {
                LOG.log(Logger.Level.WARNING, "cluster: lease round failed; this instance stops acting on its hosts "
                        + "within " + settings.actWithin() + " of its last renewal unless the database answers: "
                        + e.getMessage());
            }
            lastError = e.getMessage();
        }
    }

    /** The error of the last round, or null if it went well. */
    public String lastError() {
        return lastError;
    }

    /** Rounds run, rounds failed, leases acquired, since start. */
    public long rounds() {
        return rounds.get();
    }

    public long failedRounds() {
        return failedRounds.get();
    }

    public long acquired() {
        return acquired.get();
    }

    /** The registry and leases as the database has them now, for the API. */
    public ClusterView view() {
        return new ClusterView(instance, time.now(), settings, repository.members(), repository.leases(), guard.hosts());
    }

    /** Stops the rounds; releases this instance's leases and leaves the registry (if the database answers). */
    @Override
    public synchronized void close() {
        Scheduler.Handle t = ticking;
        if (t != null) {
            t.cancel();
        }
        for (String host : hosts) {
            guard.dropped(host);
        }
        try {
            repository.leave(instance);
        } catch (RuntimeException e) {
            LOG.log(Logger.Level.WARNING, "cluster: could not leave the registry (its leases expire by themselves): "
                    + e.getMessage());
        }
    }
}
