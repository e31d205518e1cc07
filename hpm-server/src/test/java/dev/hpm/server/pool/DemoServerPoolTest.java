package dev.hpm.server.pool;

import dev.hpm.core.dwm.PowerState;
import dev.hpm.core.loop.ControlSettings;
import dev.hpm.core.pool.HostExecutor;
import dev.hpm.server.runtime.DemoPool;
import dev.hpm.server.runtime.ManagedHost;
import dev.hpm.server.runtime.ManagementService;
import dev.hpm.server.runtime.ServerState;
import dev.hpm.server.security.SecretBox;
import dev.hpm.sim.SimClock;
import dev.hpm.sim.SimScheduler;
import dev.hpm.store.PlanRepository;
import dev.hpm.store.Store;
import dev.hpm.store.StoreSettings;
import dev.hpm.store.Stores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo of {@code hpm serve} as a new user sees it, on simulated time: the built-in demo's server
 * pool under the production DWM step and the simulator's actuation consolidates at night (a host
 * powered off in the second half of its 20-minute day) and powers it on and spreads the servers in
 * the morning, every plan journaled in the store.
 */
class DemoServerPoolTest {
    static final Duration INTERVAL = Duration.ofSeconds(10);

    @Test
    void builtInDemo_nightConsolidatesAndPowersAHostOff_morningPowersItOn(@TempDir Path dir) {
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
            demo.seedServerPool(store);
            state.reloadInventory();
            PoolService pools = new PoolService(store, clock, hosts, service::latest, PoolDrivers.NONE, SecretBox.in(dir),
                    demo.hardware().orElseThrow(), System::nanoTime);
            pools.start();
            List<Integer> powered = new ArrayList<>();
            List<String> why = new ArrayList<>();
            long[] firstAdjustment = {-1};
            service.pools(pools.andThen(i -> {
                if (firstAdjustment[0] < 0 && service.adjustmentCounts().values().stream().mapToLong(Long::longValue).sum() > 0) {
                    firstAdjustment[0] = i.index();
                }
                PoolRuntime r = pools.runtimes().iterator().next();
                powered.add((int) r.hardware().hosts().stream().filter(h -> h.power() == PowerState.ON).count());
                if (i.index() % 6 == 0) {
                    why.add(i.index() / 6 + "m " + r.lastInterval().indicators() + " " + r.lastInterval().why());
                }
            }));
            demo.start();
            service.start();

            scheduler.runFor(Duration.ofMinutes(26));
            service.close();

            String pool = store.pools().pool("demo").orElseThrow().id();
            List<PlanRepository.PlanRecord> plans = store.plans().plans(pool, null, 1000);
            System.out.printf("DemoServerPoolTest: powered hosts per minute %s; %d plans, %d migrations%n",
                    perMinute(powered), plans.size(),
                    store.plans().migrations(new PlanRepository.MigrationFilter(null, null, null, null, 10_000)).size());
            why.forEach(w -> System.out.println("DemoServerPoolTest: " + w));
            System.out.println("DemoServerPoolTest: first CPU-manager adjustment in interval " + firstAdjustment[0]);
            assertThat(firstAdjustment[0]).as("the CPU manager acts in the busy first minutes").isBetween(1L, 12L);
            int night = powered.subList(6 * 9, 6 * 17).stream().mapToInt(Integer::intValue).min().orElseThrow();
            assertThat(night).as("a host powered off in the night").isEqualTo(2);
            assertThat(powered.subList(0, 6 * 8)).as("no host off in the day").allMatch(n -> n == 3);
            assertThat(powered.getLast()).as("the morning powered it on again").isEqualTo(3);
            assertThat(plans).anySatisfy(p -> {
                assertThat(p.goal()).isEqualTo("power-save");
                assertThat(p.status()).isEqualTo(PlanRepository.Status.EXECUTED);
                assertThat(p.actions()).anyMatch(a -> a.kind() == PlanRepository.Kind.POWER_OFF
                        && a.state() == PlanRepository.ActionState.DONE);
            });
            assertThat(plans).anySatisfy(p -> assertThat(p.actions()).anyMatch(a -> a.kind() == PlanRepository.Kind.POWER_ON
                    && a.state() == PlanRepository.ActionState.DONE));
            assertThat(pools.lastError()).isNull();
        }
    }

    private static List<Integer> perMinute(List<Integer> intervals) {
        List<Integer> out = new ArrayList<>();
        for (int i = 5; i < intervals.size(); i += 6) {
            out.add(intervals.get(i));
        }
        return out;
    }
}
