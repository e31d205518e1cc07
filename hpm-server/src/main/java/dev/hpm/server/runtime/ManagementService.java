package dev.hpm.server.runtime;

import dev.hpm.core.loop.IntervalReport;
import dev.hpm.core.pool.HostExecutor;
import dev.hpm.core.pool.HostRestore;
import dev.hpm.core.pool.PoolInterval;
import dev.hpm.core.pool.PoolRunner;
import dev.hpm.core.pool.PoolStep;
import dev.hpm.core.pool.Scheduler;
import dev.hpm.core.time.Timebase;
import dev.hpm.store.InventoryRepository;
import dev.hpm.store.Store;
import dev.hpm.store.StoreException;

import java.lang.System.Logger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The control loops of {@code hpm serve}: every managed host in one {@link PoolRunner} (each host
 * on its own thread; a host's connection bounds its calls, so one slow host delays only itself),
 * and, as the pool's step after every interval, the record of it: inventory, metric history and
 * adjustments in the store, the latest report of each host in memory for the API; then the server
 * pools' step ({@link #pools}: DWM per pool, docs/pool-api.md). Deletes history
 * older than the retention every ten minutes. Between intervals, a host's domain lifecycle events
 * refresh its part of the inventory at once ({@link InventoryRefresh}, docs/libvirt-hosts.md). On close, puts back every server's settings from
 * before HPM and closes the connections.
 */
public final class ManagementService implements AutoCloseable {
    private static final Logger LOG = System.getLogger(ManagementService.class.getName());
    private static final Duration PURGE_EVERY = Duration.ofMinutes(10);
    private final Store store;
    private final ServerState state;
    private final List<ManagedHost> hosts;
    private final Duration interval;
    private final Duration retention;
    private final Timebase time;
    private final Scheduler scheduler;
    private final ExecutorScheduler ownedScheduler;
    private final VirtualThreadExecutor ownedExecutor;
    private final PoolRunner runner;
    private final InventoryRefresh refresh;
    private final java.util.concurrent.ExecutorService ownedRefreshes;
    private final List<dev.hpm.core.driver.HypervisorDriver.Subscription> subscriptions = new ArrayList<>();
    private final Set<String> tagsRead = ConcurrentHashMap.newKeySet();
    private final Map<String, IntervalReport> latest = new ConcurrentHashMap<>();
    /** Writes each interval: inventory, history, adjustments and their efficacy. */
    private final IntervalWriter writer;
    private volatile PoolStep pools = PoolStep.none();
    private Scheduler.Handle purging;
    private volatile String lastError;
    private volatile long lastWriteNanos = -1;
    private volatile boolean shared;
    private volatile Live live;

    /**
     * A service on real time: intervals on a thread of its own, each host on a virtual thread, and
     * inventory refreshes after domain events on virtual threads.
     */
    public ManagementService(Store store, ServerState state, List<ManagedHost> hosts, Duration interval,
                             Duration retention, Timebase time) {
        this(store, state, hosts, interval, retention, time, dev.hpm.core.pool.HostGate.ALL);
    }

    /**
     * A service on real time whose intervals run only on the hosts {@code gate} lets through (in a
     * cluster, those whose lease this instance holds: docs/cluster.md).
     */
    public ManagementService(Store store, ServerState state, List<ManagedHost> hosts, Duration interval,
                             Duration retention, Timebase time, dev.hpm.core.pool.HostGate gate) {
        ExecutorScheduler intervals = new ExecutorScheduler("hpm-intervals", time);
        VirtualThreadExecutor threads = new VirtualThreadExecutor();
        java.util.concurrent.ExecutorService refreshes = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor();
        this(store, state, hosts, interval, retention, time, intervals, threads, refreshes, intervals, threads, refreshes,
                gate);
    }

    /**
     * A service on the given scheduler and host executor (which the caller closes); inventory
     * refreshes (after domain events, or for tags kept in domains) run on the thread that asks, which
     * keeps a simulation deterministic.
     */
    public ManagementService(Store store, ServerState state, List<ManagedHost> hosts, Duration interval,
                             Duration retention, Timebase time, Scheduler scheduler, HostExecutor executor) {
        this(store, state, hosts, interval, retention, time, scheduler, executor, Runnable::run, null, null, null,
                dev.hpm.core.pool.HostGate.ALL);
    }

    /** With {@code ownedScheduler}, {@code ownedExecutor} and {@code ownedRefreshes} (or nulls), which this service closes. */
    private ManagementService(Store store, ServerState state, List<ManagedHost> hosts, Duration interval,
                              Duration retention, Timebase time, Scheduler scheduler, HostExecutor executor,
                              java.util.concurrent.Executor refreshes, ExecutorScheduler ownedScheduler,
                              VirtualThreadExecutor ownedExecutor, java.util.concurrent.ExecutorService ownedRefreshes,
                              dev.hpm.core.pool.HostGate gate) {
        this.store = store;
        this.state = state;
        this.hosts = List.copyOf(hosts);
        this.interval = interval;
        this.retention = retention;
        this.time = time;
        this.scheduler = scheduler;
        this.ownedScheduler = ownedScheduler;
        this.ownedExecutor = ownedExecutor;
        this.ownedRefreshes = ownedRefreshes;
        this.refresh = new InventoryRefresh(store, state, time, refreshes);
        this.writer = new IntervalWriter(store, state);
        this.runner = new PoolRunner(this.hosts.stream().map(ManagedHost::controller).toList(), interval, time,
                scheduler, executor, new Recording().andThen(i -> pools.afterHosts(i)), gate);
        for (ManagedHost h : hosts) {
            store.inventory().registerHost(h.id(), h.name(), h.uri());
            writer.register(h.id());
        }
        state.reloadInventory();
        for (ManagedHost h : this.hosts) {
            subscriptions.add(h.driver().onDomainEvents(e -> refresh.request(h)));
        }
    }

    /**
     * The server pools' step (DWM of every pool), run after each interval is recorded, on the
     * interval's thread; set before {@link #start}.
     */
    public void pools(PoolStep step) {
        this.pools = step;
    }

    /** Takes every host's baseline and starts the intervals. */
    public synchronized void start() {
        runner.start();
        purging = scheduler.scheduleAtFixedRate(this::purge, Duration.ofMinutes(1), PURGE_EVERY);
    }

    /** Runs one interval on every host now and records it; returns the reports in host order. */
    public List<IntervalReport> runInterval() {
        return runner.runInterval();
    }

    /** The pool's step: records the interval every host has just run. */
    private final class Recording implements PoolStep {
        @Override
        public void afterHosts(PoolInterval interval) {
            for (IntervalReport r : interval.reports()) {
                latest.put(r.host(), r);
            }
            live = Live.of(latest()); // built here, once, so that no request waits to build it
            record(interval.reports());
            if (shared) { // other instances change definitions and inventory in the same database
                state.reloadDefinition();
                state.reloadInventory();
            }
            lastError = null;
        }

        /** A failed interval is logged and shown by the API; the next interval runs as usual. */
        @Override
        public void failed(long interval, RuntimeException failure) {
            lastError = failure.getMessage();
            LOG.log(Logger.Level.ERROR, "interval " + interval + " failed: " + failure, failure);
        }
    }

    /**
     * Writes the interval ({@link IntervalWriter}: hosts grouped into transactions, each host's part
     * whole or not at all), its transactions made durable once at the end (on H2 a checkpoint per
     * commit cost most of an interval of 2,000 hosts; on PostgreSQL the commits are asynchronous until
     * then). What is kept in memory for a host changes only after its commit.
     */
    private void record(List<IntervalReport> reports) {
        if (reports.isEmpty()) {
            return;
        }
        long started = time.nanos();
        java.time.Instant at = reports.stream().map(IntervalReport::time).max(java.util.Comparator.naturalOrder()).orElseThrow();
        List<InventoryRepository.ServerRecord> added = new ArrayList<>();
        try {
            store.durableOnce("record interval " + runner.intervals(), () -> {
                writer.write(reports, at, runner.intervals(), added);
                return null;
            });
            store.history().rollUpInBackground(at); // the buckets this interval completed, if any (docs/history.md)
            lastWriteNanos = time.nanos() - started;
        } catch (StoreException e) {
            state.seenNew(added); // of the hosts committed before the failure
            throw new StoreException("recording interval " + runner.intervals() + ": " + e.getMessage(), e);
        }
        state.seenNew(added);
        state.intervalWritten(store.inventory().hosts());
        requestTagReads(reports, added);
    }

    /**
     * On hosts whose domains keep their tags: reads them after the host's first interval in this run
     * and whenever an interval finds new servers ({@link InventoryRefresh}).
     */
    private void requestTagReads(List<IntervalReport> reports, List<InventoryRepository.ServerRecord> added) {
        for (ManagedHost h : hosts) {
            if (!h.driver().keepsTags()) {
                continue;
            }
            boolean reported = reports.stream().anyMatch(r -> r.host().equals(h.id()) && r.measurement() != null);
            boolean first = reported && tagsRead.add(h.id());
            if (first || added.stream().anyMatch(s -> s.host().equals(h.id()))) {
                refresh.request(h);
            }
        }
    }

    private void purge() {
        try {
            long deleted = store.history().purgeBefore(time.now().minus(retention))
                    + store.history().purgeRollups(time.now());
            if (deleted > 0) {
                LOG.log(Logger.Level.INFO, "deleted " + deleted + " history rows older than " + retention);
            }
        } catch (RuntimeException e) {
            LOG.log(Logger.Level.WARNING, "could not delete old history: " + e.getMessage());
        }
    }

    /** The latest report of every host, in host order (hosts without one yet are left out). */
    public Map<String, IntervalReport> latest() {
        Map<String, IntervalReport> ordered = new LinkedHashMap<>();
        for (ManagedHost h : hosts) {
            IntervalReport r = latest.get(h.id());
            if (r != null) {
                ordered.put(h.id(), r);
            }
        }
        return ordered;
    }

    /** Goal versus actual of the last interval, published by the interval's thread; null before the first. */
    public Live live() {
        return live;
    }

    public List<ManagedHost> hosts() {
        return hosts;
    }

    public Duration interval() {
        return interval;
    }

    /** Adjustments made per host since the server started. */
    public Map<String, Long> adjustmentCounts() {
        return writer.adjustmentCounts();
    }

    public long intervalsRun() {
        return runner.intervals();
    }

    /**
     * The database is shared with other instances (a cluster, docs/cluster.md): after each interval's
     * write the published state is read again, so that definitions and inventory changed through
     * another instance take effect here within one interval.
     */
    public void sharedWithOtherInstances() {
        shared = true;
    }

    /** How long the last intervals' work took: the hosts' (measure, decide) and the write after them. */
    public dev.hpm.core.pool.IntervalTimings intervalTimings() {
        return runner.timings();
    }

    /** How long the last interval's write to the store took (transactions of whole hosts, IntervalWriter), in ns; -1 before the first. */
    public long lastWriteNanos() {
        return lastWriteNanos;
    }

    /** The error of the last interval, or null if it went well. */
    public String lastError() {
        return lastError;
    }

    /** Stops the intervals, restores every server HPM changed and closes the connections. */
    @Override
    public synchronized void close() {
        refresh.close();
        for (dev.hpm.core.driver.HypervisorDriver.Subscription s : subscriptions) {
            s.close();
        }
        runner.stop();
        if (purging != null) {
            purging.cancel();
        }
        if (ownedScheduler != null) {
            ownedScheduler.shutdown(interval.plusSeconds(5));
        } else if (purging != null) {
            awaitStopped();
        }
        for (HostRestore r : runner.restoreAll()) {
            if (!r.complete()) {
                LOG.log(Logger.Level.WARNING, r.host() + ": could not restore every server: " + r.error());
            }
        }
        for (ManagedHost h : hosts) {
            try {
                h.driver().close();
            } catch (RuntimeException e) {
                LOG.log(Logger.Level.WARNING, h.id() + ": closing: " + e.getMessage());
            }
        }
        if (ownedExecutor != null) {
            ownedExecutor.close();
        }
        if (ownedRefreshes != null) {
            ownedRefreshes.close();
        }
    }

    private void awaitStopped() {
        try {
            runner.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IllegalStateException e) {
            LOG.log(Logger.Level.WARNING, "the intervals ended with a failure: " + e.getMessage());
        }
    }
}
