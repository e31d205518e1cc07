package dev.hpm.core.pool;

import dev.hpm.core.driver.DriverException;
import dev.hpm.core.loop.HostController;
import dev.hpm.core.loop.IntervalReport;
import dev.hpm.core.time.Timebase;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs a pool of hosts: every interval, each host's {@link HostController} runs its interval
 * (through the {@link HostExecutor}: on its own thread in serve and manage, one after the other in
 * the simulator), then the {@link PoolStep} sees all their reports at once. When intervals run is
 * the {@link Scheduler}'s business and what time it is the {@link Timebase}'s, both injected, so
 * {@code hpm serve}, {@code hpm manage} and the simulator run this same code (docs/pool-runner.md).
 *
 * <p>Lifecycle: {@link #start} takes every host's baseline and schedules the intervals;
 * {@link #stop} ends them after the current one; {@link #await} waits for that;
 * {@link #restoreAll} then puts back every server's settings from before HPM. Intervals never
 * overlap (the scheduler's rule), so each controller is driven by one thread at a time.
 */
public final class PoolRunner {
    private final List<HostController> hosts;
    private final Duration interval;
    private final Timebase time;
    private final Scheduler scheduler;
    private final HostExecutor executor;
    private final PoolStep step;
    private final HostGate gate;
    private final java.util.Set<String> ranLast = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final AtomicLong intervals = new AtomicLong();
    private final IntervalTimings.Window window = new IntervalTimings.Window();
    private volatile IntervalTimings timings = IntervalTimings.NONE;
    private volatile Scheduler.Handle schedule;
    private volatile long lastInterval;

    public PoolRunner(List<HostController> hosts, Duration interval, Timebase time, Scheduler scheduler,
                      HostExecutor executor, PoolStep step) {
        this(hosts, interval, time, scheduler, executor, step, HostGate.ALL);
    }

    /**
     * A runner whose intervals run only on the hosts {@code gate} lets through at the interval's
     * start (in a cluster, those this instance holds the lease of: docs/cluster.md). A host let
     * through again after intervals without it {@linkplain HostController#resumed() starts afresh}.
     */
    public PoolRunner(List<HostController> hosts, Duration interval, Timebase time, Scheduler scheduler,
                      HostExecutor executor, PoolStep step, HostGate gate) {
        if (interval == null || interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("the pool interval must be positive, was " + interval);
        }
        this.hosts = List.copyOf(hosts);
        this.interval = interval;
        this.time = time;
        this.scheduler = scheduler;
        this.executor = executor;
        this.step = step;
        this.gate = gate;
    }

    public List<HostController> hosts() {
        return hosts;
    }

    public Duration interval() {
        return interval;
    }

    /** Intervals run so far. */
    public long intervals() {
        return intervals.get();
    }

    /**
     * How long the last intervals took on the injected clock, the hosts' part and the pool step's
     * ({@link IntervalTimings#NONE} before the first); an interval whose step threw is timed too.
     */
    public IntervalTimings timings() {
        return timings;
    }

    /** Takes every host's baseline, then runs an interval every {@link #interval()} until stopped. */
    public List<Boolean> start() {
        return start(0);
    }

    /**
     * Takes every host's baseline, then runs an interval every {@link #interval()} until stopped or
     * until {@code maxIntervals} (0: no limit) have run. Returns, per host, whether it answered.
     */
    public synchronized List<Boolean> start(long maxIntervals) {
        if (schedule != null) {
            throw new IllegalStateException("the pool runner is already started");
        }
        if (maxIntervals < 0) {
            throw new IllegalArgumentException("maxIntervals must be 0 (no limit) or more, was " + maxIntervals);
        }
        List<Boolean> answered = executor.all(hosts.stream().map(h -> (Callable<Boolean>) () -> gate.active(h.host())
                && h.start()).toList());
        lastInterval = maxIntervals == 0 ? Long.MAX_VALUE : intervals.get() + maxIntervals;
        schedule = scheduler.scheduleAtFixedRate(this::scheduledInterval, interval);
        return answered;
    }

    private void scheduledInterval() {
        long index = intervals.get() + 1;
        try {
            runInterval();
        } catch (RuntimeException e) {
            step.failed(index, e);
        } finally {
            if (intervals.get() >= lastInterval) {
                stop();
            }
        }
    }

    /**
     * Runs one interval on every host the gate lets through now, then the pool step; returns the reports in host order.
     * Callers outside the schedule must not overlap it (tests call this on a runner never started).
     */
    public List<IntervalReport> runInterval() {
        long started = time.nanos();
        List<HostController> active = hosts.stream().filter(h -> gate.active(h.host())).toList();
        for (HostController h : active) {
            if (gate != HostGate.ALL && !ranLast.contains(h.host())) {
                h.resumed();
            }
        }
        ranLast.clear();
        active.forEach(h -> ranLast.add(h.host()));
        List<IntervalReport> reports = executor.all(
                active.stream().map(h -> (Callable<IntervalReport>) h::runInterval).toList());
        long index = intervals.incrementAndGet();
        long hostsDone = time.nanos();
        try {
            step.afterHosts(new PoolInterval(index, hostsDone, time.now(), reports));
        } finally {
            synchronized (window) {
                timings = window.add(index, hostsDone - started, time.nanos() - hostsDone);
            }
        }
        return reports;
    }

    /** No interval starts after this one; thread-safe, idempotent, and harmless before {@link #start}. */
    public void stop() {
        Scheduler.Handle s = schedule;
        if (s != null) {
            s.cancel();
        }
    }

    /**
     * Returns once the runner has stopped (by {@link #stop} or after its last interval) and no
     * interval is running. On simulated time this is what runs the simulation.
     *
     * @throws IllegalStateException if an interval failed and the step let the failure end the runs
     */
    public void await() throws InterruptedException {
        Scheduler.Handle s = schedule;
        if (s == null) {
            throw new IllegalStateException("the pool runner was never started");
        }
        s.await();
    }

    /**
     * Puts back, on every host at once, the settings every server had before HPM changed them.
     * Call it when no interval runs (after {@link #await}); a host that fails says why in its entry.
     */
    public List<HostRestore> restoreAll() {
        return executor.all(hosts.stream().filter(h -> gate.active(h.host()))
                .map(h -> (Callable<HostRestore>) () -> restore(h)).toList());
    }

    private static HostRestore restore(HostController host) {
        try {
            return new HostRestore(host.host(), host.restoreAll(), null);
        } catch (DriverException e) {
            return new HostRestore(host.host(), List.of(), e.getMessage());
        }
    }
}
