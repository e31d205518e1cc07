package dev.hpm.core.dwm;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalTime;
import java.util.List;

import static dev.hpm.core.dwm.TestPool.SILVER;
import static dev.hpm.core.dwm.TestPool.actions;
import static dev.hpm.core.dwm.TestPool.migrations;
import static org.assertj.core.api.Assertions.assertThat;

/** One test per power-save rule. */
class DwmPowerSaveTest {
    static final DwmPolicy POLICY = TestPool.POLICY;

    /** Four 4-unit hosts at 1.0, 1.0, 0.5 and 0.5: the pool at 19 %. */
    static TestPool quiet() {
        return new TestPool().host("h1", 4).host("h2", 4).host("h3", 4).host("h4", 4)
                .server("a", "h1", 1.0).server("b", "h2", 1.0).server("c", "h3", 0.5).server("d", "h4", 0.5);
    }

    static PoolServer wide(String id, String host, double demand) {
        return new PoolServer(id, host, 4, 4, 1024, demand, 1024, SILVER, Double.NaN, false);
    }

    @Test
    void powerSave_poolUnderThresholdForTheDuration_consolidatesAndPowersEmptiedHostsOff() {
        DwmPlanner planner = DwmPlanner.goalAware(POLICY);
        TestPool pool = quiet();
        assertThat(planner.plan(pool.at(0)).actions()).as("under 70 %, not yet for 5 minutes").isEmpty();
        Plan plan = planner.plan(pool.at(5));
        assertThat(migrations(plan)).hasSize(3).allMatch(m -> m.to().equals("h2"))
                .allMatch(m -> m.reason().kind() == Reason.Kind.CONSOLIDATE);
        List<PoolAction.PowerOff> offs = actions(plan, PoolAction.PowerOff.class);
        assertThat(offs).as("three emptied, one kept in reserve").hasSize(2)
                .allMatch(o -> o.reason().kind() == Reason.Kind.RELEASE_HOST)
                .allSatisfy(o -> assertThat(o.after()).as("waits for the host's migration away").hasSize(1));
        assertThat(plan.projected().hostsReleased()).as("the two powered off; the reserve stays powered").isEqualTo(2);
        assertThat(plan.projected().wattsSaved()).as("two hosts' idle watts and more").isGreaterThan(150);
        assertThat(actions(planner.plan(pool.apply(plan).at(10)), PoolAction.PowerOff.class)).isEmpty();
    }

    @Test
    void powerSave_aRefusedPowerOffIsNotRetriedAtOnce() {
        DwmPlanner planner = DwmPlanner.goalAware(POLICY);
        TestPool pool = new TestPool().host("h1", 4).host("h2", 4).host("h3", 4).server("a", "h1", 1.0);
        PoolAction.PowerOff off = actions(planner.plan(pool.at(0)), PoolAction.PowerOff.class).getFirst();
        planner.outcome(off, false, "this pool has no power control");
        assertThat(actions(planner.plan(pool.at(5)), PoolAction.PowerOff.class)).isEmpty();
    }

    @Test
    void powerSave_keepsReserveHostsPowered() {
        DwmPolicy two = POLICY.withPowerSave(new DwmPolicy.PowerSave(true, 70, Duration.ofMinutes(5), 2, List.of()));
        DwmPlanner planner = DwmPlanner.goalAware(two);
        planner.plan(quiet().at(0));
        assertThat(actions(planner.plan(quiet().at(5)), PoolAction.PowerOff.class)).hasSize(1);
    }

    @Test
    void powerSave_neverPacksAHostToTheLoadedThreshold() {
        TestPool pool = new TestPool().host("h1", 4).host("h2", 4).host("h3", 4)
                .server("a", "h1", 1.7).server("b", "h2", 1.7).server("c", "h3", 1.7);
        DwmPlanner planner = DwmPlanner.goalAware(POLICY);
        planner.plan(pool.at(0));
        Plan plan = planner.plan(pool.at(5));
        assertThat(migrations(plan)).as("any pair would reach 85 %").isEmpty();
        assertThat(plan.idle()).anyMatch(s -> s.startsWith("power save: no host can be emptied"));
    }

    @Test
    void powerSave_powersAHostOnBeforeDemandOutgrowsThePoweredHosts() {
        DwmPlanner planner = DwmPlanner.goalAware(POLICY);
        TestPool pool = new TestPool().host("h1", 4).host("h2", 4, PowerState.OFF).server(wide("a", "h1", 1.0));
        Plan plan = null;
        for (int i = 0; i < 3; i++) {
            pool.demand("a", 1.0 + 0.5 * i);
            plan = planner.plan(pool.at(5L * i));
        }
        assertThat(actions(plan, PoolAction.PowerOn.class)).singleElement().satisfies(on -> {
            assertThat(on.host()).isEqualTo("h2");
            assertThat(on.reason().kind()).isEqualTo(Reason.Kind.ADD_CAPACITY);
        });
        assertThat(plan.projected().loadedBefore()).as("h1 is at 50 %, far from loaded").isZero();

        DwmPlanner threshold = DwmPlanner.threshold(POLICY);
        TestPool again = new TestPool().host("h1", 4).host("h2", 4, PowerState.OFF).server(wide("a", "h1", 1.0));
        for (int i = 0; i < 3; i++) {
            again.demand("a", 1.0 + 0.5 * i);
            plan = threshold.plan(again.at(5L * i));
        }
        assertThat(actions(plan, PoolAction.PowerOn.class)).as("threshold waits for a loaded host").isEmpty();
    }

    @Test
    void powerSave_aFailedPowerOnIsMarkedAndAnotherHostChosen() {
        DwmPlanner planner = DwmPlanner.goalAware(POLICY);
        TestPool pool = new TestPool().host("h1", 4).host("h2", 4, PowerState.OFF).host("h3", 4, PowerState.OFF)
                .server(wide("a", "h1", 3.5));
        PoolAction.PowerOn first = actions(planner.plan(pool.at(0)), PoolAction.PowerOn.class).getFirst();
        planner.outcome(first, false, "no answer within the deadline");
        assertThat(planner.failedHosts()).containsExactly(first.host());
        PoolAction.PowerOn second = actions(planner.plan(pool.at(5)), PoolAction.PowerOn.class).getFirst();
        assertThat(second.host()).isNotEqualTo(first.host());
    }

    @Test
    void powerSave_whenTheScheduleEnds_powersHostsOn() {
        DwmPolicy night = POLICY.withPowerSave(new DwmPolicy.PowerSave(true, 70, Duration.ofMinutes(5), 1,
                List.of(new TimeWindow(LocalTime.of(22, 0), LocalTime.of(6, 0)))));
        DwmPlanner planner = DwmPlanner.goalAware(night);
        TestPool pool = quiet().host("h5", 4, PowerState.OFF).host("h6", 4, PowerState.OFF);
        long fiveToSix = Duration.ofHours(19).plusMinutes(55).toMinutes();
        assertThat(actions(planner.plan(pool.at(fiveToSix)), PoolAction.PowerOn.class)).isEmpty();
        Plan morning = planner.plan(pool.at(fiveToSix + 10));
        assertThat(actions(morning, PoolAction.PowerOn.class)).extracting(PoolAction.PowerOn::host)
                .containsExactlyInAnyOrder("h5", "h6");
        assertThat(actions(morning, PoolAction.PowerOn.class).getFirst().reason().text()).contains("schedule ended");
    }

    @Test
    void powerSave_aMigrationOntoAHostPoweredOnWaitsForIt() {
        TestPool pool = new TestPool().host("h1", 4).host("h2", 4, PowerState.OFF)
                .server("a", "h1", 1.8).server("b", "h1", 1.7);
        DwmPlanner planner = DwmPlanner.threshold(POLICY);
        planner.plan(pool.at(0));
        Plan plan = planner.plan(pool.at(5));
        PoolAction.PowerOn on = actions(plan, PoolAction.PowerOn.class).getFirst();
        assertThat(migrations(plan)).singleElement().satisfies(m -> assertThat(m.after()).containsExactly(on.id()));
    }
}
