package dev.hpm.server.runtime;

import dev.hpm.core.loop.ControlInputs;
import dev.hpm.core.loop.ControlSettings;
import dev.hpm.core.loop.HostController;
import dev.hpm.core.loop.IntervalReport;
import dev.hpm.core.model.ManagementLevel;
import dev.hpm.core.model.ManagementLevels;
import dev.hpm.core.model.VirtualServerInfo;
import dev.hpm.core.pool.HostExecutor;
import dev.hpm.core.pool.PoolRunner;
import dev.hpm.sim.SimClock;
import dev.hpm.sim.SimScheduler;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The demo pool on an injected clock and scheduler: deterministic, and its reports carry the wall clock's time. */
class DemoPoolTest {
    static final Duration INTERVAL = Duration.ofSeconds(10);

    /** Runs the built-in demo for {@code minutes} simulated minutes; returns every report. */
    static List<IntervalReport> run(int minutes) throws Exception {
        SimClock wall = new SimClock();
        SimScheduler scheduler = new SimScheduler(wall, Duration.ofSeconds(1), (now, tick) -> {
        });
        List<IntervalReport> reports = new ArrayList<>();
        try (DemoPool demo = new DemoPool(DemoPool.builtIn(), INTERVAL, wall, scheduler)) {
            ControlInputs inputs = ControlInputs.of(demo::definition, () -> ManagementLevels.all(ManagementLevel.MANAGE),
                    (h, uuid, name) -> new VirtualServerInfo(uuid, name, h, null, null));
            List<HostController> controllers = demo.hosts(inputs, ControlSettings.DEFAULT.withInterval(INTERVAL)).stream()
                    .map(ManagedHost::controller).toList();
            PoolRunner runner = new PoolRunner(controllers, INTERVAL, wall, scheduler, HostExecutor.sequential(),
                    i -> reports.addAll(i.reports()));
            demo.start();
            runner.start(minutes * 6L);
            runner.await();
        }
        return reports;
    }

    @Test
    void hosts_onASimulatedScheduler_measureTheDemo_atTheWallClocksTime() throws Exception {
        List<IntervalReport> reports = run(5);

        assertThat(reports).hasSize(3 * 30);
        assertThat(reports).extracting(IntervalReport::host).startsWith("sim://sim-1", "sim://sim-2", "sim://sim-3");
        assertThat(reports.getLast().time()).isEqualTo(SimClock.EPOCH.plus(Duration.ofMinutes(5)));
        assertThat(reports.getLast().measurement().servers()).allSatisfy(s -> assertThat(s.hasVelocity()).isTrue());
    }

    @Test
    void hosts_sameSeed_sameRun() throws Exception {
        List<String> first = run(10).stream().map(r -> r.decision().decision().summary()).toList();
        List<String> second = run(10).stream().map(r -> r.decision().decision().summary()).toList();

        assertThat(second).isEqualTo(first);
        assertThat(first).anySatisfy(s -> assertThat(s).contains("moved"));
    }
}
