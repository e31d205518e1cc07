package dev.hpm.server.runtime;

import dev.hpm.core.cpu.Adjustment;
import dev.hpm.core.driver.DriverException;
import dev.hpm.core.loop.IntervalReport;
import dev.hpm.core.measure.VsMeasurement;
import dev.hpm.core.time.Timebase;
import dev.hpm.store.InventoryRepository;
import dev.hpm.store.Store;
import dev.hpm.store.StoreException;

import java.lang.System.Logger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs the control loop of every managed host once per interval (each host on its own virtual
 * thread; a host's connection bounds its calls, so one slow host delays only itself), then records
 * the interval: inventory, metric history and adjustments in the store, the latest report of each
 * host in memory for the API. Deletes history older than the retention every ten minutes. On
 * close, puts back every server's settings from before HPM and closes the connections.
 */
public final class ManagementService implements AutoCloseable {
    private static final Logger LOG = System.getLogger(ManagementService.class.getName());
    private final Store store;
    private final ServerState state;
    private final List<ManagedHost> hosts;
    private final Duration interval;
    private final Duration retention;
    private final Timebase time;
    private final Map<String, IntervalReport> latest = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> adjustments = new ConcurrentHashMap<>();
    private final AtomicLong intervals = new AtomicLong();
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private ScheduledExecutorService scheduler;
    private volatile String lastError;

    public ManagementService(Store store, ServerState state, List<ManagedHost> hosts, Duration interval,
                             Duration retention, Timebase time) {
        this.store = store;
        this.state = state;
        this.hosts = List.copyOf(hosts);
        this.interval = interval;
        this.retention = retention;
        this.time = time;
        for (ManagedHost h : hosts) {
            store.inventory().registerHost(h.id(), h.name(), h.uri());
            adjustments.put(h.id(), new AtomicLong());
        }
        state.reloadInventory();
    }

    /** Takes every host's baseline and starts the intervals. */
    public synchronized void start() {
        all(hosts.stream().map(h -> (Callable<Boolean>) () -> h.controller().start()).toList());
        scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("hpm-intervals").factory());
        long period = interval.toMillis();
        scheduler.scheduleAtFixedRate(this::runIntervalSafely, period, period, TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(this::purge, 1, 10, TimeUnit.MINUTES);
    }

    private void runIntervalSafely() {
        try {
            runInterval();
            lastError = null;
        } catch (RuntimeException e) {
            lastError = e.getMessage();
            LOG.log(Logger.Level.ERROR, "interval failed: " + e, e);
        }
    }

    /** Runs one interval on every host now and records it; returns the reports in host order. */
    public List<IntervalReport> runInterval() {
        List<IntervalReport> reports = all(hosts.stream().map(h -> (Callable<IntervalReport>) h.controller()::runInterval).toList());
        intervals.incrementAndGet();
        for (IntervalReport r : reports) {
            latest.put(r.host(), r);
        }
        record(reports);
        return reports;
    }

    private void record(List<IntervalReport> reports) {
        try {
            List<InventoryRepository.ServerRecord> added = new ArrayList<>();
            for (IntervalReport r : reports) {
                if (r.measurement() != null) {
                    List<InventoryRepository.SeenServer> seen = new ArrayList<>();
                    for (VsMeasurement m : r.measurement().servers()) {
                        seen.add(new InventoryRepository.SeenServer(m.uuid(), m.name(), m.vcpus()));
                        if (!state.servers().containsKey(m.uuid())) {
                            added.add(new InventoryRepository.ServerRecord(m.uuid(), m.name(), r.host(), m.vcpus(), "",
                                    java.util.Set.of(), "", null, r.time(), r.time()));
                        }
                    }
                    store.inventory().seen(r.host(), r.measurement().cpus(), seen, r.time());
                }
            }
            state.seenNew(added);
            store.history().record(reports);
            for (IntervalReport r : reports) {
                if (r.decision() != null && r.decision().decision() instanceof Adjustment a) {
                    store.adjustments().append(r.time(), a);
                    adjustments.get(r.host()).incrementAndGet();
                }
            }
        } catch (StoreException e) {
            throw new StoreException("recording interval " + intervals.get() + ": " + e.getMessage(), e);
        }
    }

    private void purge() {
        try {
            long deleted = store.history().purgeBefore(time.now().minus(retention));
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

    public List<ManagedHost> hosts() {
        return hosts;
    }

    public Duration interval() {
        return interval;
    }

    /** Adjustments made per host since the server started. */
    public Map<String, Long> adjustmentCounts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        adjustments.forEach((h, c) -> counts.put(h, c.get()));
        return counts;
    }

    public long intervalsRun() {
        return intervals.get();
    }

    /** The error of the last interval, or null if it went well. */
    public String lastError() {
        return lastError;
    }

    /** Stops the intervals, restores every server HPM changed and closes the connections. */
    @Override
    public synchronized void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            try {
                scheduler.awaitTermination(interval.toMillis() + 5_000, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        all(hosts.stream().map(h -> (Callable<Integer>) () -> {
            try {
                return h.controller().restoreAll().size();
            } catch (DriverException e) {
                LOG.log(Logger.Level.WARNING, h.id() + ": could not restore every server: " + e.getMessage());
                return 0;
            }
        }).toList());
        for (ManagedHost h : hosts) {
            try {
                h.driver().close();
            } catch (RuntimeException e) {
                LOG.log(Logger.Level.WARNING, h.id() + ": closing: " + e.getMessage());
            }
        }
        threads.close();
    }

    private <T> List<T> all(Collection<Callable<T>> tasks) {
        try {
            List<Future<T>> futures = threads.invokeAll(tasks);
            List<T> results = new ArrayList<>(futures.size());
            for (Future<T> f : futures) {
                results.add(f.get());
            }
            return results;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }
}
