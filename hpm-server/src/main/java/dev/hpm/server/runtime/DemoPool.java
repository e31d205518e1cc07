package dev.hpm.server.runtime;

import dev.hpm.core.cpu.CpuManager;
import dev.hpm.core.loop.ControlInputs;
import dev.hpm.core.loop.ControlSettings;
import dev.hpm.core.loop.HostController;
import dev.hpm.core.model.ServiceDefinition;
import dev.hpm.core.pool.Scheduler;
import dev.hpm.core.time.Timebase;
import dev.hpm.sim.host.SimDriver;
import dev.hpm.sim.host.SimHost;
import dev.hpm.sim.run.ScenarioPool;
import dev.hpm.sim.run.SimPoolActuator;
import dev.hpm.sim.scenario.Scenario;
import dev.hpm.sim.scenario.ScenarioLoader;
import dev.hpm.store.InventoryRepository;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The simulated demo pool of {@code hpm serve}: the hosts and servers of a scenario, built by the
 * same {@link ScenarioPool} as the simulator's, driven in real time (ten ticks per control
 * interval, on an injected {@link Scheduler}) so that the production control loops, the API and
 * the UI work on a live system without KVM. Its clock counts simulated time for counters and the
 * injected wall clock's time for reports.
 */
public final class DemoPool implements AutoCloseable {
    private final Scenario scenario;
    private final long tick;
    private final ScenarioPool pool;
    private final Scheduler scheduler;
    private final ExecutorScheduler ownedScheduler;
    private final AtomicLong simulated = new AtomicLong();
    private final Timebase clock;
    private final SimPoolActuator actuator;
    private final Object lock = new Object();
    private Scheduler.Handle ticking;

    /**
     * A demo pool on the server's clock {@code wall}, ticking on a thread of its own.
     *
     * @param interval the control interval: the pool ticks ten times per interval (at most as
     *                 often as every 10 ms), so that every interval sees about the same simulated time
     */
    public DemoPool(Scenario scenario, Duration interval, Timebase wall) {
        ExecutorScheduler ticker = new ExecutorScheduler("hpm-demo-ticker", wall);
        this(scenario, interval, wall, ticker, ticker);
    }

    /**
     * A demo pool that ticks on {@code scheduler} (which the caller closes) and reports the time of
     * {@code wall}.
     */
    public DemoPool(Scenario scenario, Duration interval, Timebase wall, Scheduler scheduler) {
        this(scenario, interval, wall, scheduler, null);
    }

    private DemoPool(Scenario scenario, Duration interval, Timebase wall, Scheduler scheduler,
                     ExecutorScheduler ownedScheduler) {
        this.scenario = scenario;
        this.tick = Math.max(10_000_000L, interval.toNanos() / 10);
        this.pool = ScenarioPool.builder(scenario).build();
        this.actuator = scenario.pool() == null ? null : new SimPoolActuator(pool, scenario.pool());
        this.scheduler = scheduler;
        this.ownedScheduler = ownedScheduler;
        this.clock = Timebase.of(simulated::get, wall::now);
    }

    /** The built-in demo scenario. */
    public static Scenario builtIn() {
        try (InputStream in = DemoPool.class.getResourceAsStream("/dev/hpm/server/demo.yaml")) {
            return ScenarioLoader.load(new String(in.readAllBytes(), StandardCharsets.UTF_8), "demo.yaml");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The groups and policies of the demo, to seed a new store. */
    public ServiceDefinition definition() {
        return scenario.definition();
    }

    /**
     * Registers the demo's servers, with the tags the scenario gives them, in a new store, so that
     * classification rules on tags match them from the first interval (on a real host, operators
     * set tags through the API).
     */
    public void seedInventory(InventoryRepository inventory, Instant at) {
        for (SimHost host : pool.hosts()) {
            List<InventoryRepository.SeenServer> seen = scenario.servers().stream().filter(s -> s.host().equals(host.name()))
                    .map(s -> new InventoryRepository.SeenServer(s.uuid(), s.name(), s.vcpus())).toList();
            inventory.seen(SimDriver.uriOf(host.name()), host.cpus(), seen, at);
        }
        for (Scenario.ServerSpec s : scenario.servers()) {
            if (!s.tags().isEmpty()) {
                inventory.updateServer(s.uuid(), new InventoryRepository.ServerUpdate(Optional.empty(),
                        Optional.of(s.tags()), Optional.empty()));
            }
        }
    }

    /**
     * Gives a store without server pools the demo's: every simulated host in pool {@code demo}
     * with the scenario's DWM policy and simulated power (watts from the scenario's power models),
     * so that a new user sees consolidation at night and the spread in the morning.
     */
    public void seedServerPool(dev.hpm.store.Store store) {
        if (scenario.pool() == null || !store.pools().pools().isEmpty()) {
            return;
        }
        List<String> ids = pool.hosts().stream().map(h -> SimDriver.uriOf(h.name())).toList();
        store.pools().create("demo", "the simulated demo hosts, with DWM power save", ids,
                dev.hpm.server.pool.PolicyJson.write(new dev.hpm.server.pool.PoolPolicy(scenario.pool().policy(),
                        dev.hpm.server.pool.PoolPolicy.Migration.DEFAULT)).toString());
        DemoHardware hw = hardware().orElseThrow();
        for (String id : ids) {
            var model = hw.model(id);
            store.pools().setPowerSettings(new dev.hpm.store.PoolRepository.PowerSettings(id,
                    dev.hpm.store.PoolRepository.Driver.SIMULATED, null, 623, null, null, null, Duration.ofMinutes(5),
                    model.idleWatts(), model.maxWatts()));
        }
    }

    /** One managed host per simulated host, with HPM's CPU manager. */
    public List<ManagedHost> hosts(ControlInputs inputs, ControlSettings settings) {
        return hosts(inputs, settings, (id, d) -> d);
    }

    /**
     * One managed host per simulated host, with HPM's CPU manager, whose driver is
     * {@code wrap(id, simulated driver)} (in a cluster, fenced by the host's lease: docs/cluster.md).
     */
    public List<ManagedHost> hosts(ControlInputs inputs, ControlSettings settings,
                                   java.util.function.BiFunction<String, dev.hpm.core.driver.HypervisorDriver,
                                           dev.hpm.core.driver.HypervisorDriver> wrap) {
        List<ManagedHost> managed = new ArrayList<>();
        for (SimHost host : pool.hosts()) {
            String id = SimDriver.uriOf(host.name());
            dev.hpm.core.driver.HypervisorDriver driver = wrap.apply(id, new SimDriver(host, clock));
            managed.add(new ManagedHost(id, host.name(), id, driver,
                    new HostController(id, driver, clock, settings, inputs, new CpuManager(settings.cpu()))));
        }
        return managed;
    }

    /**
     * The simulated hardware of the demo's hosts for a server pool (migration and power by the
     * simulator), or empty when the scenario has no {@code dwm} section.
     */
    public Optional<DemoHardware> hardware() {
        return Optional.ofNullable(actuator).map(a -> new DemoHardware(a, lock,
                pool.hosts().stream().map(h -> SimDriver.uriOf(h.name())).toList()));
    }

    /** The scenario's DWM policy for the demo's server pool, or empty without a {@code dwm} section. */
    public Optional<dev.hpm.core.dwm.DwmPolicy> dwmPolicy() {
        return Optional.ofNullable(scenario.pool()).map(p -> p.policy());
    }

    /** Starts simulated time: every tick, the scenario's due events fire and every host runs a tick of the same length. */
    public synchronized void start() {
        Duration every = Duration.ofNanos(tick);
        ticking = scheduler.scheduleAtFixedRate(() -> {
            long now = simulated.get();
            synchronized (lock) {
                if (actuator != null) { // the simulated pool's migrations and power move with time too
                    actuator.fireDue(now);
                    actuator.tick(now, tick);
                } else {
                    pool.fireDue(now);
                    pool.tick(now, tick);
                }
            }
            simulated.addAndGet(tick);
        }, every, every);
    }

    @Override
    public synchronized void close() {
        if (ticking != null) {
            ticking.cancel();
        }
        if (ownedScheduler != null) {
            ownedScheduler.close();
        }
    }
}
