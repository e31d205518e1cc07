package dev.hpm.server.runtime;

import dev.hpm.core.loop.ControlSettings;
import dev.hpm.core.pool.HostExecutor;
import dev.hpm.sim.SimClock;
import dev.hpm.sim.SimScheduler;
import dev.hpm.store.AdjustmentRepository;
import dev.hpm.store.Store;
import dev.hpm.store.StoreSettings;
import dev.hpm.store.Stores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The control loops of {@code hpm serve} on an injected clock and scheduler: every interval recorded, deterministically. */
class ManagementServiceTest {
    static final Duration INTERVAL = Duration.ofSeconds(10);

    @Test
    void start_onSimulatedTime_recordsEveryIntervalOfEveryHost(@TempDir Path dir) {
        SimClock clock = new SimClock();
        SimScheduler scheduler = new SimScheduler(clock, Duration.ofSeconds(1), (now, tick) -> {
        });
        try (Store store = Stores.open(StoreSettings.embedded(dir), clock);
             DemoPool demo = new DemoPool(DemoPool.builtIn(), INTERVAL, clock, scheduler)) {
            store.definitions().replace(demo.definition());
            ServerState state = new ServerState(store);
            List<ManagedHost> hosts = demo.hosts(state, ControlSettings.DEFAULT.withInterval(INTERVAL));
            ManagementService service = new ManagementService(store, state, hosts, INTERVAL, Duration.ofHours(36), clock,
                    scheduler, HostExecutor.sequential());
            demo.seedInventory(store.inventory(), clock.now());
            state.reloadInventory();
            demo.start();
            service.start();

            scheduler.runFor(Duration.ofMinutes(10));

            assertThat(service.intervalsRun()).isEqualTo(60);
            assertThat(service.lastError()).isNull();
            assertThat(service.latest().keySet()).containsExactly("sim://sim-1", "sim://sim-2", "sim://sim-3");
            assertThat(service.latest().values()).allSatisfy(r -> {
                assertThat(r.interval()).isEqualTo(60);
                assertThat(r.time()).isEqualTo(SimClock.EPOCH.plus(Duration.ofMinutes(10)));
            });
            long made = service.adjustmentCounts().values().stream().mapToLong(Long::longValue).sum();
            assertThat(made).isPositive();
            assertThat(store.adjustments().query(new AdjustmentRepository.Query(null, null, null, null, null, 10_000)))
                    .hasSize((int) made);
            // the efficacy record: every adjustment but each host's last has the PI achieved at the next interval
            List<AdjustmentRepository.Stored> stored = store.adjustments().query(
                    new AdjustmentRepository.Query(null, null, null, null, null, 10_000));
            assertThat(stored.stream().filter(s -> !Double.isNaN(s.piAchieved())).count())
                    .isGreaterThanOrEqualTo(made - 3).isPositive();

            service.close();
            scheduler.runFor(Duration.ofMinutes(1));
            assertThat(service.intervalsRun()).isEqualTo(60);
        }
    }
}
