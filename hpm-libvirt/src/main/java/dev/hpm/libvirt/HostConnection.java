package dev.hpm.libvirt;

import dev.hpm.core.driver.DomainEvent;
import dev.hpm.core.driver.DomainSample;
import dev.hpm.core.driver.DriverException;
import dev.hpm.core.driver.HypervisorDriver;
import dev.hpm.core.driver.NodeCpuStats;
import dev.hpm.core.driver.NodeInfo;
import dev.hpm.core.driver.SchedulerParameters;
import dev.hpm.core.driver.SchedulerUpdate;
import dev.hpm.core.driver.StatsGroup;
import dev.hpm.core.time.Timebase;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One managed host: a {@link HypervisorDriver} that connects lazily, runs every call on a thread of its
 * own with a time limit, notices lost connections and reconnects with exponential back-off. It
 * presents the same interface as the driver it wraps, so the CPU manager cannot tell the difference,
 * and a hung host stalls only its own thread.
 *
 * <p>A call that exceeds {@link Settings#callTimeout()} fails with
 * {@link LibvirtErrors#OPERATION_TIMEOUT} and marks the host {@link HostState.Unreachable}. The thread
 * stuck in the native call cannot be interrupted: it is abandoned (it closes its connection if the call
 * ever returns) and the next attempt starts a fresh thread and connection. A libvirt error whose code
 * suggests a dropped connection ({@link LibvirtErrors#isConnectionLost}) marks the host unreachable only
 * if the connector confirms the connection is dead ({@code virConnectIsAlive}); other errors (unknown
 * domain, invalid argument) pass through and leave the connection up. While unreachable, calls fail at
 * once until the back-off delay has passed, measured on the injected {@link Timebase}.
 *
 * <p>Thread-safe: calls are serialised per host. {@link #state()} never blocks, even while a call hangs.
 *
 * @param <D> the wrapped driver, reachable with {@link #call} for operations beyond the interface
 */
public final class HostConnection<D extends HypervisorDriver> implements HypervisorDriver {
    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final System.Logger LOG = System.getLogger(HostConnection.class.getName());

    private final String host;
    private final String uri;
    private final Connector<D> connector;
    private final Timebase time;
    private final Settings settings;
    private final Object lock = new Object();
    private final List<Consumer<DomainEvent>> listeners = new CopyOnWriteArrayList<>();
    private volatile HostState state = new HostState.NotConnected();
    private Session<D> session;
    private long nextAttemptNanos;
    private int failures;

    /**
     * @param host      the host's name in HPM (thread names, messages)
     * @param uri       the URI the connector opens, reported by {@link #uri()}
     * @param connector opens a driver; runs on the host's thread
     */
    public HostConnection(String host, String uri, Connector<D> connector, Timebase time, Settings settings) {
        this.host = Objects.requireNonNull(host, "host");
        this.uri = Objects.requireNonNull(uri, "uri");
        this.connector = Objects.requireNonNull(connector, "connector");
        this.time = Objects.requireNonNull(time, "time");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** A host reached through libvirt with {@code options}; samples are stamped with {@code time.nanos()}. */
    public static HostConnection<LibvirtDriver> libvirt(String host, ConnectOptions options, Timebase time,
                                                        Settings settings) {
        return new HostConnection<>(host, options.uri(), new Connector<>() {
            @Override
            public LibvirtDriver connect() {
                return LibvirtDriver.open(options, time::nanos);
            }

            @Override
            public boolean isAlive(LibvirtDriver driver) {
                return driver.isAlive();
            }

            @Override
            public boolean keepsTags() {
                return true;
            }
        }, time, settings);
    }

    /** The host's name in HPM. */
    public String host() {
        return host;
    }

    /** The configured URI; no call is made. */
    @Override
    public String uri() {
        return uri;
    }

    /** Connected, unreachable (since when, why, next attempt), not yet connected, or closed. */
    public HostState state() {
        return state;
    }

    /** Connects now if not connected (respecting the back-off); the failure if that is not possible. */
    public void connect() {
        synchronized (lock) {
            session();
        }
    }

    /**
     * Runs {@code operation} on the host's thread with the call time limit, connecting first if need be.
     * The way to reach operations beyond {@link HypervisorDriver}, e.g.
     * {@code host.call("list", d -> d.domains().list())}.
     *
     * @param what names the call in timeout messages
     */
    public <T> T call(String what, Function<? super D, ? extends T> operation) {
        synchronized (lock) {
            Session<D> current = session();
            try {
                return current.run(() -> operation.apply(current.driver), settings.callTimeout());
            } catch (TimeoutException e) {
                throw lose(new DriverException(LibvirtErrors.OPERATION_TIMEOUT,
                        "host " + host + ": " + what + " did not return within " + settings.callTimeout()));
            } catch (DriverException e) {
                if (LibvirtErrors.isConnectionLost(e.code()) && !alive(current)) {
                    throw lose(e);
                }
                throw e;
            }
        }
    }

    @Override
    public NodeInfo nodeInfo() {
        return call("virNodeGetInfo", HypervisorDriver::nodeInfo);
    }

    @Override
    public NodeCpuStats nodeCpuStats() {
        return call("virNodeGetCPUStats", HypervisorDriver::nodeCpuStats);
    }

    @Override
    public List<DomainSample> domainStats(Set<StatsGroup> groups) {
        return call("virConnectGetAllDomainStats", d -> d.domainStats(groups));
    }

    @Override
    public SchedulerParameters schedulerParameters(String uuid) {
        return call("virDomainGetSchedulerParametersFlags", d -> d.schedulerParameters(uuid));
    }

    @Override
    public void updateScheduler(String uuid, SchedulerUpdate update, Set<Affect> affect) {
        call("virDomainSetSchedulerParametersFlags", d -> {
            d.updateScheduler(uuid, update, affect);
            return null;
        });
    }

    @Override
    public void changeState(String uuid, dev.hpm.core.driver.DomainAction action) {
        call("change state " + action, d -> {
            d.changeState(uuid, action);
            return null;
        });
    }

    @Override
    public dev.hpm.core.driver.DomainDevices devices(String uuid) {
        return call("virDomainGetXMLDesc", d -> d.devices(uuid));
    }

    @Override
    public java.util.Optional<Set<String>> tags(String uuid) {
        return call("virDomainGetMetadata", d -> d.tags(uuid));
    }

    /** What the connector says, without connecting: true for libvirt hosts. */
    @Override
    public boolean keepsTags() {
        return connector.keepsTags();
    }

    @Override
    public void setTags(String uuid, Set<String> tags) {
        call("virDomainSetMetadata", d -> {
            d.setTags(uuid, tags);
            return null;
        });
    }

    /**
     * Delivers the host's domain events to {@code listener} across reconnections: the listener is
     * registered on the current connection, if any, and again on every new one (events that happen
     * while the host is unreachable are lost; the next interval sees their outcome). A connection
     * that cannot deliver events is logged and used without them.
     */
    @Override
    public Subscription onDomainEvents(Consumer<DomainEvent> listener) {
        Objects.requireNonNull(listener, "listener");
        synchronized (lock) {
            listeners.add(listener);
            if (session != null && session.events == null) {
                subscribe(session);
            }
        }
        return () -> listeners.remove(listener);
    }

    /** Closes the connection (within the call time limit) and stops the host's thread; idempotent. */
    @Override
    public void close() {
        synchronized (lock) {
            if (state instanceof HostState.Closed) {
                return;
            }
            Session<D> closing = session;
            session = null;
            state = new HostState.Closed(time.now());
            if (closing != null) {
                try {
                    closing.run(() -> {
                        closing.driver.close();
                        return null;
                    }, settings.callTimeout());
                    closing.executor.shutdown();
                } catch (TimeoutException | RuntimeException e) {
                    closing.abandon();
                }
            }
        }
    }

    @Override
    public String toString() {
        return "HostConnection[" + host + " " + uri + " " + state + "]";
    }

    private Session<D> session() {
        if (state instanceof HostState.Closed) {
            throw new DriverException(LibvirtErrors.INVALID_CONN, "host " + host + ": connection closed");
        }
        if (session != null) {
            return session;
        }
        if (state instanceof HostState.Unreachable u && time.nanos() < nextAttemptNanos) {
            throw new DriverException(u.lastErrorCode(), "host " + host + " (" + uri + ") unreachable since "
                    + u.since() + ", next attempt at " + u.nextAttempt() + ": " + u.lastError());
        }
        Session<D> fresh = new Session<>(host);
        try {
            fresh.run(() -> {
                fresh.driver = connector.connect();
                return null;
            }, settings.connectTimeout());
        } catch (TimeoutException e) {
            fresh.abandon();
            throw unreachable(new DriverException(LibvirtErrors.OPERATION_TIMEOUT,
                    "host " + host + ": connecting to " + uri + " did not finish within " + settings.connectTimeout()));
        } catch (RuntimeException e) {
            fresh.abandon();
            throw unreachable(e instanceof DriverException d ? d : new DriverException(-1, e.toString(), e));
        }
        session = fresh;
        if (!listeners.isEmpty()) {
            subscribe(fresh);
        }
        failures = 0;
        state = new HostState.Connected(time.now());
        return fresh;
    }

    /** Registers the fan-out to {@link #listeners} on {@code s}'s connection; a failure is only logged. */
    private void subscribe(Session<D> s) {
        try {
            s.events = s.run(() -> s.driver.onDomainEvents(e -> listeners.forEach(l -> l.accept(e))),
                    settings.callTimeout());
        } catch (TimeoutException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "host " + host + ": no domain events on this connection ("
                    + e.getMessage() + "); the inventory follows the intervals only");
        }
    }

    private boolean alive(Session<D> current) {
        try {
            return current.run(() -> connector.isAlive(current.driver), settings.callTimeout());
        } catch (TimeoutException | RuntimeException e) {
            return false;
        }
    }

    /** Drops the session after a failure on an open connection; returns {@code cause} to throw. */
    private DriverException lose(DriverException cause) {
        Session<D> lost = session;
        session = null;
        if (lost != null) {
            lost.abandon();
        }
        return unreachable(cause);
    }

    /** Records one more consecutive failure and schedules the next attempt. */
    private DriverException unreachable(DriverException cause) {
        failures++;
        Duration delay = settings.backoff().delay(failures);
        nextAttemptNanos = time.nanos() + delay.toNanos();
        Instant now = time.now();
        Instant since = state instanceof HostState.Unreachable u ? u.since() : now;
        state = new HostState.Unreachable(since, failures, cause.code(), cause.getMessage(), now.plus(delay));
        return cause;
    }

    /**
     * Opens a driver for a {@link HostConnection}; both methods run on the host's own thread.
     */
    public interface Connector<D extends HypervisorDriver> {
        /** Opens a new connection; a {@link DriverException} if the host cannot be reached. */
        D connect();

        /** True unless {@code driver}'s connection is known to be dead; asked after a suspicious error. */
        default boolean isAlive(D driver) {
            return true;
        }

        /** True if the drivers it opens keep tags in the domain ({@link HypervisorDriver#keepsTags}). */
        default boolean keepsTags() {
            return false;
        }
    }

    /**
     * @param connectTimeout the longest a connection attempt may take
     * @param callTimeout    the longest any other call may take
     * @param backoff        the waits between reconnection attempts
     */
    public record Settings(Duration connectTimeout, Duration callTimeout, Backoff backoff) {
        /** 30 s to connect, 60 s per call, {@link Backoff#defaults()}. */
        public static Settings defaults() {
            return new Settings(Duration.ofSeconds(30), Duration.ofSeconds(60), Backoff.defaults());
        }
    }

    /** One connection and the single thread that uses it. */
    private static final class Session<D extends HypervisorDriver> {
        final ExecutorService executor;
        D driver;
        Subscription events;

        Session(String host) {
            executor = Executors.newSingleThreadExecutor(Thread.ofPlatform().daemon()
                    .name("hpm-host-" + host + "-" + THREADS.incrementAndGet()).factory());
        }

        <T> T run(Callable<T> task, Duration timeout) throws TimeoutException {
            Future<T> future = executor.submit(task);
            try {
                return future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof RuntimeException r) {
                    throw r;
                }
                if (cause instanceof Error err) {
                    throw err;
                }
                throw new IllegalStateException(cause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DriverException(-1, "interrupted while waiting for the host", e);
            }
        }

        /**
         * Gives the session up without waiting: once the thread is free (its current call may never
         * return), it closes the driver, then the thread ends.
         */
        void abandon() {
            executor.execute(() -> {
                if (driver != null) {
                    driver.close();
                }
            });
            executor.shutdown();
        }
    }
}
