package dev.hpm.libvirt;

import dev.hpm.core.driver.DomainSample;
import dev.hpm.core.driver.DriverException;
import dev.hpm.core.driver.HypervisorDriver;
import dev.hpm.core.driver.NodeCpuStats;
import dev.hpm.core.driver.NodeInfo;
import dev.hpm.core.driver.SchedulerParameters;
import dev.hpm.core.driver.SchedulerUpdate;
import dev.hpm.core.driver.StatsGroup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link HostConnection} with scripted drivers on a manual clock, and once on {@code test:///default}. */
class HostConnectionTest {
    private static final Duration CALL_TIMEOUT = Duration.ofMillis(300);
    private static final HostConnection.Settings SETTINGS = new HostConnection.Settings(CALL_TIMEOUT, CALL_TIMEOUT,
            new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(8), 2));

    private final ManualTimebase time = new ManualTimebase();
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger connects = new AtomicInteger();
    private HostConnection<?> host;

    @AfterEach
    void tearDown() {
        release.countDown();
        if (host != null) {
            host.close();
        }
    }

    @Test
    void call_firstCall_connectsLazily() {
        HostConnection<FakeDriver> h = host(() -> new FakeDriver(null));
        assertThat(h.state()).isInstanceOf(HostState.NotConnected.class);
        assertThat(h.domainStats(StatsGroup.CPU)).isEmpty();
        assertThat(h.state()).isEqualTo(new HostState.Connected(time.now()));
        h.nodeInfo();
        assertThat(connects).hasValue(1);
    }

    @Test
    void call_hangingHost_timesOutAndMarksUnreachable() throws InterruptedException {
        FakeDriver hanging = new FakeDriver(() -> {
            await(release);
            return List.of();
        });
        HostConnection<FakeDriver> h = host(() -> hanging);
        assertThatThrownBy(() -> h.domainStats(StatsGroup.CPU))
                .isInstanceOfSatisfying(DriverException.class,
                        e -> assertThat(e.code()).isEqualTo(LibvirtErrors.OPERATION_TIMEOUT))
                .hasMessageContaining("virConnectGetAllDomainStats did not return within");
        HostState.Unreachable state = (HostState.Unreachable) h.state();
        assertThat(state.failures()).isEqualTo(1);
        assertThat(state.lastErrorCode()).isEqualTo(LibvirtErrors.OPERATION_TIMEOUT);
        assertThat(state.nextAttempt()).isEqualTo(time.now().plusSeconds(1));
        release.countDown();
        assertThat(hanging.closed.await(5, TimeUnit.SECONDS)).as("abandoned driver closed once free").isTrue();
    }

    @Test
    void state_whileCallHangs_answersAtOnce() throws InterruptedException {
        CountDownLatch entered = new CountDownLatch(1);
        HostConnection<FakeDriver> h = host(() -> new FakeDriver(() -> {
            entered.countDown();
            await(release);
            return List.of();
        }));
        Thread caller = Thread.ofPlatform().start(() -> {
            try {
                h.domainStats(StatsGroup.CPU);
            } catch (DriverException expected) {
                // times out
            }
        });
        assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(h.state().connected()).isTrue();
        caller.join();
    }

    @Test
    void connect_failingHost_backsOffExponentiallyThenRecovers() {
        AtomicInteger failuresLeft = new AtomicInteger(2);
        HostConnection<FakeDriver> h = host(() -> {
            if (failuresLeft.getAndDecrement() > 0) {
                throw new DriverException(LibvirtErrors.SYSTEM_ERROR, "Failed to connect socket: Connection refused");
            }
            return new FakeDriver(null);
        });
        assertThatThrownBy(h::nodeInfo).hasMessage("Failed to connect socket: Connection refused");
        assertThatThrownBy(h::nodeInfo).as("within back-off: fails fast with the last error")
                .isInstanceOfSatisfying(DriverException.class,
                        e -> assertThat(e.code()).isEqualTo(LibvirtErrors.SYSTEM_ERROR))
                .hasMessageContaining("unreachable since").hasMessageContaining("Connection refused");
        assertThat(connects).hasValue(1);

        time.advance(Duration.ofSeconds(1));
        assertThatThrownBy(h::nodeInfo).hasMessage("Failed to connect socket: Connection refused");
        assertThat(connects).hasValue(2);
        HostState.Unreachable second = (HostState.Unreachable) h.state();
        assertThat(second.failures()).isEqualTo(2);
        assertThat(second.since()).isEqualTo(time.now().minusSeconds(1));
        assertThat(second.nextAttempt()).isEqualTo(time.now().plusSeconds(2));

        time.advance(Duration.ofMillis(1500));
        assertThatThrownBy(h::nodeInfo).hasMessageContaining("unreachable since");
        assertThat(connects).hasValue(2);

        time.advance(Duration.ofMillis(500));
        assertThat(h.nodeInfo().cpus()).isEqualTo(2);
        assertThat(h.state()).isEqualTo(new HostState.Connected(time.now()));
    }

    @Test
    void connect_slowHost_timesOut() {
        HostConnection<FakeDriver> h = host(() -> {
            await(release);
            return new FakeDriver(null);
        });
        assertThatThrownBy(h::connect)
                .isInstanceOfSatisfying(DriverException.class,
                        e -> assertThat(e.code()).isEqualTo(LibvirtErrors.OPERATION_TIMEOUT))
                .hasMessageContaining("connecting to fake:///host did not finish");
        assertThat(h.state()).isInstanceOf(HostState.Unreachable.class);
    }

    @Test
    void call_domainError_keepsConnection() {
        HostConnection<FakeDriver> h = host(() -> new FakeDriver(() -> {
            throw new DriverException(LibvirtErrors.NO_DOMAIN, "Domain not found");
        }));
        assertThatThrownBy(() -> h.domainStats(StatsGroup.CPU)).hasMessage("Domain not found");
        assertThat(h.state().connected()).isTrue();
    }

    @Test
    void call_rpcErrorOnLiveConnection_keepsConnection() {
        HostConnection<FakeDriver> h = host(() -> new FakeDriver(() -> {
            throw new DriverException(LibvirtErrors.SYSTEM_ERROR, "Unable to write to cgroup");
        }));
        assertThatThrownBy(() -> h.domainStats(StatsGroup.CPU)).hasMessage("Unable to write to cgroup");
        assertThat(h.state().connected()).isTrue();
    }

    @Test
    void call_connectionLost_reconnectsAfterBackoff() {
        AtomicInteger calls = new AtomicInteger();
        HostConnection<FakeDriver> h = host(() -> {
            FakeDriver d = new FakeDriver(() -> {
                if (calls.incrementAndGet() == 1) {
                    throw new DriverException(LibvirtErrors.RPC, "End of file while reading data");
                }
                return List.of();
            });
            d.alive = connects.get() > 1;
            return d;
        });
        assertThatThrownBy(() -> h.domainStats(StatsGroup.CPU)).hasMessage("End of file while reading data");
        assertThat(h.state()).isInstanceOf(HostState.Unreachable.class);
        time.advance(Duration.ofSeconds(1));
        assertThat(h.domainStats(StatsGroup.CPU)).isEmpty();
        assertThat(connects).hasValue(2);
        assertThat(h.state().connected()).isTrue();
    }

    @Test
    void call_clientSocketClosedAfterDaemonRestart_reconnects() {
        AtomicInteger calls = new AtomicInteger();
        HostConnection<FakeDriver> h = host(() -> {
            FakeDriver d = new FakeDriver(() -> {
                if (calls.incrementAndGet() == 1) {
                    throw new DriverException(LibvirtErrors.INTERNAL_ERROR, "internal error: client socket is closed");
                }
                return List.of();
            });
            d.alive = connects.get() > 1;
            return d;
        });
        assertThatThrownBy(() -> h.domainStats(StatsGroup.CPU)).hasMessageContaining("client socket is closed");
        assertThat(h.state()).isInstanceOf(HostState.Unreachable.class);
        time.advance(Duration.ofSeconds(1));
        assertThat(h.domainStats(StatsGroup.CPU)).isEmpty();
        assertThat(connects).hasValue(2);
    }

    @Test
    void close_thenCall_failsAndClosesDriver() throws InterruptedException {
        FakeDriver driver = new FakeDriver(null);
        HostConnection<FakeDriver> h = host(() -> driver);
        h.nodeInfo();
        h.close();
        h.close();
        assertThat(driver.closed.await(1, TimeUnit.SECONDS)).isTrue();
        assertThat(h.state()).isInstanceOf(HostState.Closed.class);
        assertThatThrownBy(h::nodeInfo).isInstanceOfSatisfying(DriverException.class,
                e -> assertThat(e.code()).isEqualTo(LibvirtErrors.INVALID_CONN));
    }

    @Test
    void libvirt_testDriver_servesCoreAndExtraCalls() {
        HostConnection<LibvirtDriver> h = HostConnection.libvirt("unit", ConnectOptions.of("test:///default"), time,
                HostConnection.Settings.defaults());
        host = h;
        assertThat(h.uri()).isEqualTo("test:///default");
        assertThat(h.domainStats(StatsGroup.CPU)).extracting(DomainSample::name, DomainSample::timestampNanos)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("test", time.nanos()));
        List<DomainInfo> listed = h.call("list domains", d -> d.domains().list());
        assertThat(listed).extracting(DomainInfo::name).contains("test");
        assertThatThrownBy(() -> h.schedulerParameters(LibvirtDriverTest.UNKNOWN_UUID)).hasMessage("Domain not found");
        assertThat(h.state().connected()).isTrue();
    }

    private HostConnection<FakeDriver> host(Supplier<FakeDriver> open) {
        HostConnection<FakeDriver> h = new HostConnection<>("h1", "fake:///host", new HostConnection.Connector<>() {
            @Override
            public FakeDriver connect() {
                connects.incrementAndGet();
                return open.get();
            }

            @Override
            public boolean isAlive(FakeDriver driver) {
                return driver.alive;
            }
        }, time, SETTINGS);
        host = h;
        return h;
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void onDomainEvents_afterReconnect_registeredOnTheNewConnection() {
        List<FakeDriver> opened = new java.util.concurrent.CopyOnWriteArrayList<>();
        AtomicInteger calls = new AtomicInteger();
        HostConnection<FakeDriver> h = host(() -> {
            FakeDriver d = new FakeDriver(() -> {
                if (calls.incrementAndGet() == 1) {
                    throw new DriverException(LibvirtErrors.NO_CONNECT, "connection lost");
                }
                return List.of();
            });
            opened.add(d);
            return d;
        });
        List<dev.hpm.core.driver.DomainEvent> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        HypervisorDriver.Subscription s = h.onDomainEvents(seen::add);
        h.connect();
        assertThat(opened.getFirst().listener).as("registered on connect").isNotNull();
        opened.getFirst().alive = false;
        assertThatThrownBy(() -> h.domainStats(StatsGroup.CPU)).hasMessage("connection lost");
        time.advance(Duration.ofSeconds(2));
        assertThat(h.domainStats(StatsGroup.CPU)).isEmpty();
        assertThat(opened).hasSize(2);
        dev.hpm.core.driver.DomainEvent started = new dev.hpm.core.driver.DomainEvent("u-1", "web-1",
                dev.hpm.core.driver.DomainEvent.Kind.STARTED, 0);
        opened.get(1).listener.accept(started);
        assertThat(seen).containsExactly(started);
        s.close();
        opened.get(1).listener.accept(started);
        assertThat(seen).as("none after the subscription ended").hasSize(1);
    }

    /** A driver whose {@code domainStats} does what the test says; everything else answers at once. */
    private static final class FakeDriver implements HypervisorDriver {
        final Supplier<List<DomainSample>> stats;
        final CountDownLatch closed = new CountDownLatch(1);
        volatile boolean alive = true;
        volatile java.util.function.Consumer<dev.hpm.core.driver.DomainEvent> listener;

        FakeDriver(Supplier<List<DomainSample>> stats) {
            this.stats = stats == null ? List::of : stats;
        }

        @Override
        public String uri() {
            return "fake:///host";
        }

        @Override
        public NodeInfo nodeInfo() {
            return new NodeInfo("fake", 1024, 2, 1000, 1, 1, 2, 1);
        }

        @Override
        public NodeCpuStats nodeCpuStats() {
            return new NodeCpuStats(0, 0, 0, 0, 0);
        }

        @Override
        public List<DomainSample> domainStats(Set<StatsGroup> groups) {
            return stats.get();
        }

        @Override
        public SchedulerParameters schedulerParameters(String uuid) {
            return SchedulerParameters.defaults();
        }

        @Override
        public void updateScheduler(String uuid, SchedulerUpdate update, Set<Affect> affect) {
        }

        @Override
        public Subscription onDomainEvents(java.util.function.Consumer<dev.hpm.core.driver.DomainEvent> l) {
            listener = l;
            return () -> listener = null;
        }

        @Override
        public void close() {
            alive = false;
            closed.countDown();
        }
    }
}
