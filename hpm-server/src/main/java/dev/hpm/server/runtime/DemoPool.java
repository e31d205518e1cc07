package dev.hpm.server.runtime;

import dev.hpm.core.cpu.CpuManager;
import dev.hpm.core.loop.ControlInputs;
import dev.hpm.core.loop.ControlSettings;
import dev.hpm.core.loop.HostController;
import dev.hpm.core.model.ServiceDefinition;
import dev.hpm.core.time.Timebase;
import dev.hpm.sim.demand.DemandModel;
import dev.hpm.sim.host.CfsScheduler;
import dev.hpm.sim.host.SimDomain;
import dev.hpm.sim.host.SimDriver;
import dev.hpm.sim.host.SimHost;
import dev.hpm.sim.scenario.Scenario;
import dev.hpm.sim.scenario.ScenarioLoader;
import dev.hpm.store.InventoryRepository;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The simulated demo pool of {@code hpm serve}: the hosts and servers of a scenario, driven in real
 * time (ten ticks per control interval) so that the production control loops, the API and the UI work on a
 * live system without KVM. Its clock counts simulated time for counters and real time for reports.
 */
public final class DemoPool implements AutoCloseable {
    private final Scenario scenario;
    private final long tick;
    private final Map<String, SimHost> hosts = new LinkedHashMap<>();
    private final AtomicLong simulated = new AtomicLong();
    private final Timebase clock = new Timebase() {
        @Override
        public long nanos() {
            return simulated.get();
        }

        @Override
        public Instant now() {
            return Instant.now();
        }
    };
    private ScheduledExecutorService ticker;

    /**
     * @param interval the control interval: the pool ticks ten times per interval (at most as
     *                 often as every 10 ms), so that every interval sees about the same simulated time
     */
    public DemoPool(Scenario scenario, java.time.Duration interval) {
        this.scenario = scenario;
        this.tick = Math.max(10_000_000L, interval.toNanos() / 10);
        for (int i = 0; i < scenario.hosts().size(); i++) {
            Scenario.HostSpec h = scenario.hosts().get(i);
            hosts.put(h.name(), new SimHost(h.name(), h.cpus(), h.memoryKiB(),
                    new CfsScheduler(scenario.schedulerNoise(), scenario.seed() * 31 + i)));
        }
        for (Scenario.ServerSpec s : scenario.servers()) {
            DemandModel demand = s.demand().create(scenario.seed() * 1_000_003L + s.uuid().hashCode());
            hosts.get(s.host()).add(new SimDomain(s.uuid(), s.name(), s.vcpus(), s.memoryKiB(), demand, 1024, s.capCpus()));
        }
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
        for (SimHost host : hosts.values()) {
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

    /** One managed host per simulated host, with HPM's CPU manager. */
    public List<ManagedHost> hosts(ControlInputs inputs, ControlSettings settings) {
        List<ManagedHost> managed = new ArrayList<>();
        for (SimHost host : hosts.values()) {
            SimDriver driver = new SimDriver(host, clock);
            String id = driver.uri();
            managed.add(new ManagedHost(id, host.name(), id, driver,
                    new HostController(id, driver, clock, settings, inputs, new CpuManager(settings.cpu()))));
        }
        return managed;
    }

    /** Starts simulated time: every tick, every host runs a tick of the same length. */
    public synchronized void start() {
        ticker = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("hpm-demo-ticker").factory());
        ticker.scheduleAtFixedRate(() -> {
            long now = simulated.get();
            hosts.values().forEach(h -> h.tick(now, tick));
            simulated.addAndGet(tick);
        }, tick, tick, TimeUnit.NANOSECONDS);
    }

    @Override
    public synchronized void close() {
        if (ticker != null) {
            ticker.shutdownNow();
        }
    }
}
