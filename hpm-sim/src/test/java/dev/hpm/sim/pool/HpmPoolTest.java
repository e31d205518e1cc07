package dev.hpm.sim.pool;

import dev.hpm.core.cpu.CpuManager;
import dev.hpm.core.cpu.CpuManagerSettings;
import dev.hpm.core.dwm.DwmMode;
import dev.hpm.core.dwm.Plan;
import dev.hpm.core.dwm.PoolAction;
import dev.hpm.core.dwm.PoolPlanner;
import dev.hpm.core.dwm.PoolView;
import dev.hpm.core.dwm.PowerModel;
import dev.hpm.core.dwm.PowerState;
import dev.hpm.core.dwm.Reason;
import dev.hpm.core.model.ClassInfo;
import dev.hpm.core.model.ClassKey;
import dev.hpm.core.model.Goal;
import dev.hpm.core.model.Importance;
import dev.hpm.core.model.VelocityLevel;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The pool under HPM's own rules: CFS with the CPU manager, power states with delays, events, limits. */
class HpmPoolTest {
    static final long S = 1_000_000_000L;
    static final PowerModel LINEAR = PowerModel.linear(100, 200);
    static final ClassInfo GOLD = new ClassInfo(new ClassKey("Gold", "db"), Goal.velocity(VelocityLevel.FAST), 70,
            Importance.HIGHEST, Importance.HIGHEST);
    static final ClassInfo BRONZE = new ClassInfo(new ClassKey("Bronze", "batch"), Goal.velocity(VelocityLevel.SLOWEST),
            10, Importance.LOW, Importance.LOW);

    static PoolRules rules(int perHost) {
        return rules(perHost, false);
    }

    static PoolRules rules(int perHost, boolean shareBandwidth) {
        PoolRules r = PoolRules.hpm();
        return new PoolRules(r.allocation(), r.emptyHostDrawsNothing(), r.zeroDemandLeaves(), r.memoryConstrains(),
                r.floorPerUnit(), new MigrationModel(100, 0, 1, 0, 0.1, 0.1), perHost, 0, Duration.ofSeconds(60),
                Duration.ofSeconds(30), true, false, shareBandwidth);
    }

    static SimPool.ServerSpec server(String id, double cpu, ClassInfo c) {
        return new SimPool.ServerSpec(id, 4, 4, 1000, t -> cpu, c, 1024);
    }

    /** A planner that runs a script: decision number → actions. */
    static final class Script implements PoolPlanner {
        final Function<Integer, List<PoolAction>> actions;
        final List<String> outcomes = new ArrayList<>();
        final List<PoolView> views = new ArrayList<>();

        Script(Function<Integer, List<PoolAction>> actions) {
            this.actions = actions;
        }

        @Override
        public Plan plan(PoolView view) {
            views.add(view);
            return new Plan(view.at(), DwmMode.AUTOMATIC, actions.apply(views.size()), null, List.of());
        }

        @Override
        public void outcome(PoolAction action, boolean succeeded, String detail) {
            outcomes.add(action.id() + (succeeded ? " ok" : " failed: " + detail));
        }
    }

    static Reason why() {
        return new Reason(Reason.Kind.CONSOLIDATE, "test");
    }

    @Test
    void cpuManager_contendedCfsHost_raisesTheImportantClassToItsGoal() {
        // one 4-CPU host: gold wants 3, bronze wants 3; at equal shares gold gets 2 (velocity 67 < 70)
        Map<Boolean, Double> attainment = new java.util.HashMap<>();
        for (boolean managed : new boolean[]{false, true}) {
            SimPool pool = new SimPool(List.of(new SimPool.HostSpec("h", 4, 4, 65536, LINEAR, true)),
                    List.of(server("gold", 3, GOLD), server("bronze", 3, BRONZE)), rules(2));
            pool.place(0, 0);
            pool.place(1, 0);
            PoolRun.Outcome o = new PoolRun(pool, PoolPolicies.NONE, PoolEvents.NONE, () -> 0,
                    managed ? new CpuManager(CpuManagerSettings.DEFAULT) : null).run(10 * S, 10 * S, 600 * S);
            attainment.put(managed, o.attainment().get(Importance.HIGHEST));
            if (managed) {
                assertThat(o.cpuAdjustments()).isPositive();
                assertThat(pool.shares[0]).isGreaterThan(pool.shares[1]);
            }
        }
        assertThat(attainment.get(false)).isZero();
        assertThat(attainment.get(true)).isGreaterThan(0.9);
    }

    @Test
    void power_offAndOnAgain_goesThroughItsStatesWithDelaysAndEnergy() {
        SimPool pool = new SimPool(List.of(new SimPool.HostSpec("a", 4, 4, 65536, LINEAR, true),
                new SimPool.HostSpec("b", 4, 4, 65536, LINEAR, true)), List.of(server("v", 2, GOLD)), rules(2));
        pool.place(0, 0);
        Script script = new Script(n -> switch (n) {
            case 1 -> List.of(new PoolAction.PowerOff("off", "b", List.of(), why()));
            case 10 -> List.of(new PoolAction.PowerOn("on", "b", List.of(), why()));
            default -> List.of();
        });
        new PoolRun(pool, script, new PoolEvents(List.of(), Duration.ofSeconds(60)), () -> 0).run(10 * S, 10 * S, 200 * S);
        List<PowerState> b = script.views.stream().map(v -> v.hosts().get(1).power()).toList();
        // decision 1 (10 s) powers b off: shutting down for 30 s, off from 40 s; decision 10 (100 s)
        // powers it on: booting for 60 s, on from 160 s
        assertThat(b.subList(0, 5)).containsExactly(PowerState.ON, PowerState.SHUTTING_DOWN, PowerState.SHUTTING_DOWN,
                PowerState.OFF, PowerState.OFF);
        assertThat(b.get(10)).isEqualTo(PowerState.BOOTING);
        assertThat(b.get(16)).isEqualTo(PowerState.ON);
        assertThat(script.outcomes).containsExactly("off ok", "on ok");
        // a: 150 W for 190 s; b: idle 100 W shutting down 30 s, 0 off 60 s, 100 W booting 60 s, 100 W on 40 s
        assertThat(pool.metrics().energyKwh() * 3.6e6).isCloseTo(150 * 190 + 100 * 30 + 100 * 60 + 100 * 40, within(1e-6));
    }

    @Test
    void after_migrationOntoABootingHost_waitsForItsPowerOnThenThePowerOffWaitsForIt() {
        SimPool pool = new SimPool(List.of(new SimPool.HostSpec("a", 4, 4, 65536, LINEAR, true),
                new SimPool.HostSpec("b", 4, 4, 65536, LINEAR, false)), List.of(server("v", 1, GOLD)), rules(2));
        pool.place(0, 0);
        Script script = new Script(n -> n == 1 ? List.of(new PoolAction.PowerOn("on", "b", List.of(), why()),
                new PoolAction.Migrate("m", "v", "a", "b", List.of("on"), why(), null),
                new PoolAction.PowerOff("off", "a", List.of("m"), why())) : List.of());
        new PoolRun(pool, script, new PoolEvents(List.of(), Duration.ofSeconds(60)), () -> 0).run(10 * S, 10 * S, 200 * S);
        // b is on at 70 s; v moves 70–80 s (1000 MB at 100 MB/s); a shuts down 80–110 s
        assertThat(script.outcomes).containsExactly("on ok", "m ok", "off ok");
        assertThat(pool.host[0]).isEqualTo(1);
        assertThat(script.views.get(6).hosts().getFirst().power()).as("at 70 s").isEqualTo(PowerState.ON);
        assertThat(script.views.get(7).hosts().getFirst().power()).as("at 80 s").isEqualTo(PowerState.SHUTTING_DOWN);
        assertThat(script.views.get(10).hosts().getFirst().power()).as("at 110 s").isEqualTo(PowerState.OFF);
    }

    @Test
    void after_failedPowerOn_failsTheMigrationsThatWaitForIt() {
        SimPool pool = new SimPool(List.of(new SimPool.HostSpec("a", 4, 4, 65536, LINEAR, true),
                new SimPool.HostSpec("b", 4, 4, 65536, LINEAR, false)), List.of(server("v", 1, GOLD)), rules(2));
        pool.place(0, 0);
        Script script = new Script(n -> n == 1 ? List.of(new PoolAction.PowerOn("on", "b", List.of(), why()),
                new PoolAction.Migrate("m", "v", "a", "b", List.of("on"), why(), null)) : List.of());
        new PoolRun(pool, script, new PoolEvents(List.of(new PoolEvents.Event.PowerOnFails(0, 1)), Duration.ofSeconds(60)),
                () -> 0).run(10 * S, 10 * S, 200 * S);
        assertThat(script.outcomes).containsExactly("on failed: host did not come up by its deadline",
                "m failed: it waited for on, which failed");
        assertThat(pool.host[0]).isZero();
    }

    @Test
    void powerOnFails_event_marksTheHostFailedAndTellsThePlanner() {
        SimPool pool = new SimPool(List.of(new SimPool.HostSpec("a", 4, 4, 65536, LINEAR, false)), List.of(), rules(2));
        Script script = new Script(n -> n == 1 ? List.of(new PoolAction.PowerOn("on", "a", List.of(), why())) : List.of());
        new PoolRun(pool, script, new PoolEvents(List.of(new PoolEvents.Event.PowerOnFails(5 * S, 0)), Duration.ofSeconds(60)),
                () -> 0).run(10 * S, 10 * S, 100 * S);
        assertThat(pool.power[0]).isEqualTo(PowerState.FAILED);
        assertThat(script.outcomes).containsExactly("on failed: host did not come up by its deadline");
    }

    @Test
    void migrationsFail_event_abortsTheFlightAndTheServerStays() {
        SimPool pool = new SimPool(List.of(new SimPool.HostSpec("a", 4, 4, 65536, LINEAR, true),
                new SimPool.HostSpec("b", 4, 4, 65536, LINEAR, true)), List.of(server("v", 1, GOLD)), rules(2));
        pool.place(0, 0);
        Script script = new Script(n -> n == 1 ? List.of(new PoolAction.Migrate("m", "v", "a", "b", List.of(), why(), null))
                : List.of());
        // 1000 MB at 100 MB/s: 10 s, from 10 s; the event at 15 s fails it
        new PoolRun(pool, script, new PoolEvents(List.of(new PoolEvents.Event.MigrationsFail(15 * S, 1)), null), () -> 0)
                .run(10 * S, 10 * S, 60 * S);
        assertThat(pool.host[0]).isZero();
        assertThat(pool.vms[1].isEmpty()).isTrue();
        assertThat(script.outcomes).containsExactly("m failed: migration failed (event at host b)");
        assertThat(pool.metrics().migrations()).isEqualTo(1);
    }

    @Test
    void migrationLimit_perHost_refusesTheSecond() {
        SimPool pool = new SimPool(List.of(new SimPool.HostSpec("a", 4, 4, 65536, LINEAR, true),
                new SimPool.HostSpec("b", 4, 4, 65536, LINEAR, true)),
                List.of(server("v", 1, GOLD), server("w", 1, GOLD)), rules(1));
        pool.place(0, 0);
        pool.place(1, 0);
        Script script = new Script(n -> n == 1 ? List.of(new PoolAction.Migrate("m1", "v", "a", "b", List.of(), why(), null),
                new PoolAction.Migrate("m2", "w", "a", "b", List.of(), why(), null)) : List.of());
        PoolRun.Outcome o = new PoolRun(pool, script, PoolEvents.NONE, () -> 0).run(10 * S, 10 * S, 60 * S);
        assertThat(script.outcomes).containsExactly("m2 failed: host migration limit 1 reached", "m1 ok");
        assertThat(o.refused()).containsExactly("m2: host migration limit 1 reached");
        assertThat(pool.host[0]).isEqualTo(1);
        assertThat(pool.host[1]).isZero();
    }

    @Test
    void run_sameScenarioTwice_isDeterministic() {
        dev.hpm.sim.scenario.PoolScenario s = dev.hpm.sim.scenario.PoolScenarioLoader.load(
                java.nio.file.Path.of("scenarios/pool-events.yaml"), null);
        PoolResult a = new PoolScenarioRunner(s, () -> 0).run("thr-mmt");
        PoolResult b = new PoolScenarioRunner(s, () -> 0).run("thr-mmt");
        assertThat(a).isEqualTo(b);
        assertThat(a.migrations()).isPositive();
        assertThat(a.cpuAdjustments()).isPositive();
    }

    @Test
    void shareBandwidth_twoMigrationsFromOneHost_theSecondGetsHalf() {
        SimPool pool = new SimPool(List.of(new SimPool.HostSpec("a", 4, 4, 65536, LINEAR, true),
                new SimPool.HostSpec("b", 4, 4, 65536, LINEAR, true)),
                List.of(server("v", 1, GOLD), server("w", 1, GOLD)), rules(2, true));
        pool.place(0, 0);
        pool.place(1, 0);
        Script script = new Script(n -> n == 1 ? List.of(new PoolAction.Migrate("m1", "v", "a", "b", List.of(), why(), null),
                new PoolAction.Migrate("m2", "w", "a", "b", List.of(), why(), null)) : List.of());
        PoolRun.Outcome o = new PoolRun(pool, script, PoolEvents.NONE, () -> 0).run(10 * S, 100 * S, 100 * S);
        // 1000 MB each at 100 MB/s: m1 alone 10 s, m2 beside it at 50 MB/s, 20 s
        assertThat(o.metrics().vmSecondsMigrating()).isCloseTo(30, within(1e-9));
        assertThat(script.outcomes).containsExactly("m1 ok", "m2 ok");
    }

    @Test
    void maintenance_event_flagsTheHostForItsDuration() {
        SimPool pool = new SimPool(List.of(new SimPool.HostSpec("a", 4, 4, 65536, LINEAR, true)), List.of(), rules(2));
        Script script = new Script(n -> List.of());
        new PoolRun(pool, script, new PoolEvents(List.of(new PoolEvents.Event.Maintenance(15 * S, 0, 20 * S)), null),
                () -> 0).run(10 * S, 10 * S, 50 * S);
        assertThat(script.views.stream().map(v -> v.hosts().getFirst().maintenance()).toList())
                .containsExactly(false, true, true, false, false);
    }
}
