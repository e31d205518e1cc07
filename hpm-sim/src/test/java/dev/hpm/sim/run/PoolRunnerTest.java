package dev.hpm.sim.run;

import dev.hpm.core.cpu.CpuManager;
import dev.hpm.core.loop.ControlInputs;
import dev.hpm.core.loop.ControlSettings;
import dev.hpm.core.loop.HostController;
import dev.hpm.core.loop.IntervalReport;
import dev.hpm.core.model.ManagementLevel;
import dev.hpm.core.model.ManagementLevels;
import dev.hpm.core.model.VirtualServerInfo;
import dev.hpm.core.pool.HostExecutor;
import dev.hpm.core.pool.HostRestore;
import dev.hpm.core.pool.PoolInterval;
import dev.hpm.core.pool.PoolRunner;
import dev.hpm.core.pool.PoolStep;
import dev.hpm.sim.SimClock;
import dev.hpm.sim.SimScheduler;
import dev.hpm.sim.host.SimDomain;
import dev.hpm.sim.host.SimDriver;
import dev.hpm.sim.scenario.Scenario;
import dev.hpm.sim.scenario.ScenarioLoader;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The pool runner on simulated time: one pool step per interval with every host's report, stop, failures, restore. */
class PoolRunnerTest {
    static final long S = 1_000_000_000L;
    static final Scenario POOL = ScenarioLoader.load("""
            name: pool
            duration: 10m
            seed: 5
            hosts: [{name-prefix: h, count: 3, cpus: 2}]
            groups:
              - name: Gold
                importance: highest
                policy: {service-classes: [{name: gold, goal: fast, importance: highest}]}
              - name: Batch
                importance: low
                policy: {service-classes: [{name: batch, goal: discretionary}]}
            servers:
              - {name-prefix: gold-, count: 3, group: Gold, vcpus: 2, demand: {model: constant, cpus: 1.9}}
              - {name-prefix: batch-, count: 3, group: Batch, vcpus: 2, demand: {model: constant, cpus: 2}}
            """, "pool.yaml");

    final SimClock clock = new SimClock();
    final ScenarioPool pool = ScenarioPool.builder(POOL).build();
    final SimScheduler scheduler = new SimScheduler(clock, POOL.tick(), pool);

    PoolRunner runner(PoolStep step) {
        return runner(step, dev.hpm.core.pool.HostGate.ALL);
    }

    PoolRunner runner(PoolStep step, dev.hpm.core.pool.HostGate gate) {
        ControlInputs inputs = ControlInputs.of(POOL::definition, () -> ManagementLevels.all(ManagementLevel.MANAGE),
                (h, uuid, name) -> new VirtualServerInfo(uuid, name, h, null, null));
        List<HostController> controllers = pool.hosts().stream().map(h -> new HostController(h.name(),
                new SimDriver(h, clock), clock, ControlSettings.DEFAULT, inputs, new CpuManager(POOL.cpu()))).toList();
        return new PoolRunner(controllers, POOL.interval(), clock, scheduler, HostExecutor.sequential(), step, gate);
    }

    @Test
    void runInterval_gateHoldsAHostBack_itRunsNoIntervalAndStartsAfreshWhenLetThrough() {
        java.util.Set<String> leased = java.util.concurrent.ConcurrentHashMap.newKeySet();
        leased.addAll(List.of("h1", "h3"));
        List<PoolInterval> seen = new ArrayList<>();
        PoolRunner runner = runner(seen::add, leased::contains);

        runner.start();
        scheduler.runFor(Duration.ofSeconds(30));
        assertThat(seen).hasSize(3).allSatisfy(i -> assertThat(i.reports()).extracting(IntervalReport::host)
                .containsExactly("h1", "h3"));
        leased.add("h2");
        scheduler.runFor(Duration.ofSeconds(10));
        IntervalReport back = seen.getLast().reports().stream().filter(r -> r.host().equals("h2")).findFirst().orElseThrow();
        scheduler.runFor(Duration.ofSeconds(10));
        IntervalReport next = seen.getLast().reports().stream().filter(r -> r.host().equals("h2")).findFirst().orElseThrow();

        assertThat(back.measurement().servers()).as("its first interval back is a baseline")
                .noneMatch(dev.hpm.core.measure.VsMeasurement::hasVelocity);
        assertThat(back.applied()).isEmpty();
        assertThat(next.measurement().servers()).anyMatch(dev.hpm.core.measure.VsMeasurement::hasVelocity);

        leased.remove("h2");
        scheduler.runFor(Duration.ofSeconds(20));
        leased.add("h2");
        scheduler.runFor(Duration.ofSeconds(10));
        IntervalReport again = seen.getLast().reports().stream().filter(r -> r.host().equals("h2")).findFirst().orElseThrow();
        assertThat(again.measurement().servers()).as("after intervals without it, a baseline again (another instance "
                + "may have run it meanwhile)").noneMatch(dev.hpm.core.measure.VsMeasurement::hasVelocity);
    }

    @Test
    void afterHosts_oncePerInterval_withEveryHostsReportInHostOrder_atTheIntervalsTime() {
        List<PoolInterval> seen = new ArrayList<>();
        PoolRunner runner = runner(seen::add);

        runner.start();
        scheduler.runFor(Duration.ofMinutes(1));

        assertThat(seen).extracting(PoolInterval::index).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(seen).allSatisfy(i -> assertThat(i.reports()).extracting(IntervalReport::host)
                .containsExactly("h1", "h2", "h3"));
        assertThat(seen.getLast().nanos()).isEqualTo(60 * S);
        assertThat(seen.getLast().time()).isEqualTo(SimClock.EPOCH.plusSeconds(60));
        assertThat(seen.getLast().reports()).allSatisfy(r -> assertThat(r.time()).isEqualTo(seen.getLast().time()));
        assertThat(runner.intervals()).isEqualTo(6);
    }

    @Test
    void start_maxIntervals_stopsAfterThem_andAwaitReturnsThen() throws Exception {
        List<PoolInterval> seen = new ArrayList<>();
        PoolRunner runner = runner(seen::add);

        assertThat(runner.start(4)).containsExactly(true, true, true);
        runner.await();

        assertThat(seen).hasSize(4);
        assertThat(clock.nanos()).isEqualTo(40 * S);
    }

    @Test
    void failed_byDefault_endsTheRuns_andAwaitThrowsTheFailure() {
        PoolRunner runner = runner(i -> {
            if (i.index() == 2) {
                throw new IllegalStateException("the store is full");
            }
        });

        runner.start();

        assertThatThrownBy(runner::await).isInstanceOf(IllegalStateException.class).hasRootCauseMessage("the store is full");
        scheduler.runFor(Duration.ofMinutes(1));
        assertThat(runner.intervals()).isEqualTo(2);
    }

    @Test
    void failed_handledByTheStep_theRunsGoOn() {
        List<Long> failures = new ArrayList<>();
        PoolRunner runner = runner(new PoolStep() {
            @Override
            public void afterHosts(PoolInterval interval) {
                if (interval.index() % 2 == 0) {
                    throw new IllegalStateException("even");
                }
            }

            @Override
            public void failed(long interval, RuntimeException failure) {
                failures.add(interval);
            }
        });

        runner.start();
        scheduler.runFor(Duration.ofMinutes(1));

        assertThat(runner.intervals()).isEqualTo(6);
        assertThat(failures).containsExactly(2L, 4L, 6L);
    }

    @Test
    void andThen_runsBothStepsInOrder() {
        List<String> log = new ArrayList<>();
        PoolRunner runner = runner(((PoolStep) i -> log.add("record " + i.index())).andThen(i -> log.add("plan " + i.index())));

        runner.start(2);
        scheduler.runFor(Duration.ofMinutes(1));

        assertThat(log).containsExactly("record 1", "plan 1", "record 2", "plan 2");
    }

    @Test
    void restoreAll_putsBackWhatHpmChangedOnEveryHost_andNamesAHostThatFailed() throws Exception {
        PoolRunner runner = runner(PoolStep.none());
        runner.start(12);
        runner.await();
        assertThat(pool.hosts()).allSatisfy(h -> assertThat(h.domains()).anySatisfy(d ->
                assertThat(d.scheduler().cpuShares()).isNotEqualTo(1024)));
        pool.host("h3").reachable(false);

        List<HostRestore> restored = runner.restoreAll();

        assertThat(restored).extracting(HostRestore::host).containsExactly("h1", "h2", "h3");
        assertThat(restored.subList(0, 2)).allSatisfy(r -> {
            assertThat(r.complete()).isTrue();
            assertThat(r.restored()).isNotEmpty();
        });
        assertThat(restored.get(2).complete()).isFalse();
        assertThat(restored.get(2).error()).contains("Connection reset by peer");
        assertThat(List.of(pool.host("h1"), pool.host("h2"))).allSatisfy(h -> assertThat(h.domains())
                .extracting(SimDomain::scheduler).allSatisfy(p -> assertThat(p.cpuShares()).isEqualTo(1024)));
    }
}
