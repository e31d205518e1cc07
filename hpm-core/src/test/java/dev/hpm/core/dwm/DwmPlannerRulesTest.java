package dev.hpm.core.dwm;

import dev.hpm.core.dwm.DwmPolicy.HostRule;
import dev.hpm.core.dwm.DwmPolicy.ServerGroup;
import dev.hpm.core.dwm.DwmPolicy.Strength;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import java.util.Set;

import static dev.hpm.core.dwm.TestPool.BATCH;
import static dev.hpm.core.dwm.TestPool.GOLD;
import static dev.hpm.core.dwm.TestPool.SILVER;
import static dev.hpm.core.dwm.TestPool.migrations;
import static org.assertj.core.api.Assertions.assertThat;

/** One test per rule of the even-distribution, rules and goal-aware parts of the planner. */
class DwmPlannerRulesTest {
    /** Even distribution alone: power save off, so that consolidation does not interfere. */
    static final DwmPolicy EVEN = TestPool.POLICY.withPowerSave(
            new DwmPolicy.PowerSave(false, 70, Duration.ofMinutes(5), 1, List.of()));

    /** h1 at 3.5 of 4 CPU units (87.5 %), h2 at 0.5. */
    static TestPool loaded() {
        return new TestPool().host("h1", 4).host("h2", 4)
                .server("a", "h1", 1.5).server("b", "h1", 1.0).server("c", "h1", 1.0).server("d", "h2", 0.5);
    }

    static Plan twice(DwmPlanner planner, TestPool pool) {
        planner.plan(pool.at(0));
        return planner.plan(pool.at(5));
    }

    @Test
    void evenDistribution_loadedForTheDuration_shedsUntilBelowThreshold() {
        DwmPlanner planner = DwmPlanner.goalAware(EVEN);
        TestPool pool = loaded();
        Plan first = planner.plan(pool.at(0));
        assertThat(first.actions()).as("loaded, but not yet for 5 minutes").isEmpty();
        Plan plan = planner.plan(pool.at(5));
        assertThat(migrations(plan)).singleElement().satisfies(m -> {
            assertThat(m.from()).isEqualTo("h1");
            assertThat(m.to()).isEqualTo("h2");
            assertThat(m.reason().kind()).isEqualTo(Reason.Kind.LOADED_HOST);
            assertThat(m.effect().sourceCpuAfter()).isLessThan(0.8);
        });
    }

    @Test
    void evenDistribution_neverMakesADestinationLoaded() {
        TestPool pool = loaded().demand("d", 1.9).server("e", "h2", 0.5);
        Plan plan = twice(DwmPlanner.goalAware(EVEN), pool);
        assertThat(plan.actions()).isEmpty();
        assertThat(plan.idle()).anyMatch(s -> s.contains("1 loaded host but no server may move"));
    }

    @Test
    void evenDistribution_serverWhoseDemandIsEnough_leastMemoryFirst() {
        TestPool pool = new TestPool().host("h1", 4).host("h2", 4)
                .server(new PoolServer("big", "h1", 2, 2, 4096, 2.0, 1024, SILVER, Double.NaN, false))
                .server(new PoolServer("small", "h1", 2, 2, 512, 0.6, 1024, SILVER, Double.NaN, false))
                .server(new PoolServer("mid", "h1", 2, 2, 2048, 0.9, 1024, SILVER, Double.NaN, false));
        Plan plan = twice(DwmPlanner.goalAware(EVEN), pool);
        assertThat(migrations(plan)).extracting(PoolAction.Migrate::server).containsExactly("small");
    }

    @Test
    void evenDistribution_outsideItsSchedule_waits() {
        DwmPolicy policy = EVEN.withEvenDistribution(new DwmPolicy.EvenDistribution(true, 80, Duration.ofMinutes(5),
                List.of(new TimeWindow(LocalTime.of(22, 0), LocalTime.of(6, 0)))));
        Plan plan = twice(DwmPlanner.goalAware(policy), loaded());
        assertThat(plan.actions()).isEmpty();
        assertThat(plan.idle()).contains("even distribution: outside its schedule");
    }

    @Test
    void cooldown_aServerThatMovedIsNotMovedAgainSoon() {
        DwmPlanner planner = DwmPlanner.goalAware(EVEN);
        TestPool pool = loaded();
        Plan plan = twice(planner, pool);
        String moved = migrations(plan).getFirst().server();
        pool.apply(plan).demand("d", 2.2);
        Plan next = planner.plan(pool.at(10));
        assertThat(migrations(next)).extracting(PoolAction.Migrate::server).doesNotContain(moved);
    }

    @Test
    void pingPong_aServerIsNotSentBackToTheHostItLeft() {
        DwmPlanner planner = DwmPlanner.goalAware(EVEN);
        TestPool pool = loaded().host("h3", 4).change("h3", h -> h.withMaintenance(true))
                .server(new PoolServer("e", "h2", 2, 2, 2048, 0.5, 1024, SILVER, Double.NaN, false));
        Plan plan = twice(planner, pool);
        assertThat(migrations(plan)).extracting(PoolAction.Migrate::server).containsExactly("b");
        pool.apply(plan).change("h3", h -> h.withMaintenance(false)).demand("c", 0.5).demand("d", 1.9);
        Plan back = planner.plan(pool.at(40));
        assertThat(migrations(back)).singleElement().satisfies(m -> {
            assertThat(m.server()).isEqualTo("b");
            assertThat(m.to()).as("h1 fits tighter, but b just left it").isEqualTo("h3");
        });
    }

    @Test
    void limits_atMostNPerHostAndPerPool() {
        TestPool pool = new TestPool().host("h1", 4).host("h2", 4).host("h3", 8);
        for (int i = 0; i < 12; i++) {
            pool.server("a" + i, "h1", 0.3).server("b" + i, "h2", 0.3);
        }
        DwmPolicy perHost = EVEN.withMigration(new DwmPolicy.MigrationLimits(1, 10, 62.5));
        assertThat(migrations(twice(DwmPlanner.goalAware(perHost), pool))).hasSize(1)
                .as("h3 receives at most one").allMatch(m -> m.to().equals("h3"));
        DwmPolicy perPool = EVEN.withMigration(new DwmPolicy.MigrationLimits(4, 3, 62.5));
        Plan plan = twice(DwmPlanner.goalAware(perPool), pool);
        assertThat(migrations(plan)).as(plan.toString()).hasSize(3);
    }

    @Test
    void mustRule_noActionBreaksIt() {
        DwmPolicy policy = EVEN.withRules(new DwmPolicy.Rules(List.of(), List.of(
                new HostRule("pin-b", "b", Set.of("h1"), false, Strength.MUST),
                new HostRule("pin-c", "c", Set.of("h1"), false, Strength.MUST),
                new HostRule("keep-a-off-h2", "a", Set.of("h2"), true, Strength.MUST))));
        assertThat(twice(DwmPlanner.goalAware(policy), loaded()).actions()).isEmpty();
    }

    @Test
    void mustRule_aServerOutsideItIsMovedIntoIt() {
        DwmPolicy policy = EVEN.withRules(new DwmPolicy.Rules(List.of(), List.of(
                new HostRule("pin-d", "d", Set.of("h3"), false, Strength.MUST))));
        Plan plan = DwmPlanner.goalAware(policy).plan(loaded().host("h3", 4).server("e", "h3", 0.5).at(0));
        assertThat(migrations(plan)).singleElement().satisfies(m -> {
            assertThat(m.server()).isEqualTo("d");
            assertThat(m.to()).isEqualTo("h3");
            assertThat(m.reason().kind()).isEqualTo(Reason.Kind.RULE);
        });
    }

    @Test
    void shouldRule_costsInTheObjective() {
        TestPool pool = loaded().host("h3", 4).demand("d", 1.0).server("e", "h3", 0.5);
        DwmPolicy policy = EVEN.withRules(new DwmPolicy.Rules(List.of(), List.of(
                new HostRule("b-near-h3", "b", Set.of("h3"), false, Strength.SHOULD))));
        assertThat(migrations(twice(DwmPlanner.goalAware(EVEN), pool))).extracting(PoolAction.Migrate::to)
                .as("best fit without the rule").containsExactly("h2");
        assertThat(migrations(twice(DwmPlanner.goalAware(policy), pool))).extracting(PoolAction.Migrate::to)
                .containsExactly("h3");
    }

    @Test
    void antiAffinity_mustGroupMembersNeverShareAHost() {
        DwmPolicy policy = EVEN.withRules(new DwmPolicy.Rules(List.of(
                new ServerGroup("apart-b", Set.of("b", "d"), true, Strength.MUST),
                new ServerGroup("apart-c", Set.of("c", "d"), true, Strength.MUST)), List.of()));
        assertThat(migrations(twice(DwmPlanner.goalAware(policy), loaded()))).extracting(PoolAction.Migrate::server)
                .containsExactly("a");
    }

    @Test
    void affinity_mustGroupMembersStayTogether() {
        DwmPolicy policy = EVEN.withRules(new DwmPolicy.Rules(List.of(
                new ServerGroup("together", Set.of("a", "b", "c"), false, Strength.MUST)), List.of()));
        assertThat(twice(DwmPlanner.goalAware(policy), loaded()).actions()).isEmpty();
    }

    @Test
    void goalAware_aMoveThatPushesImportantWorkOffItsGoalIsNotMade() {
        TestPool pool = new TestPool().host("h1", 4).host("h2", 2)
                .server("m", "h1", 1.5, GOLD, 1024).server("g2", "h2", 1.5, GOLD, 1024)
                .change("h1", h -> h.withMaintenance(true));
        Plan plan = DwmPlanner.goalAware(EVEN).plan(pool.at(0));
        assertThat(migrations(plan)).isEmpty();
        assertThat(plan.maintenance()).singleElement().satisfies(p -> assertThat(p.left()).hasSize(1));
    }

    @Test
    void goalAware_lessImportantWorkYieldsToAServerThatMustMove() {
        TestPool pool = new TestPool().host("h1", 4).host("h2", 2)
                .server("m", "h1", 1.5, GOLD, 4096).server("batch", "h2", 1.5, BATCH, 16)
                .change("h1", h -> h.withMaintenance(true));
        assertThat(migrations(DwmPlanner.goalAware(EVEN).plan(pool.at(0)))).extracting(PoolAction.Migrate::to)
                .containsExactly("h2");
        assertThat(migrations(DwmPlanner.threshold(EVEN).plan(pool.at(0)))).as("not goal-aware: h2 would be loaded")
                .isEmpty();
    }

    @Test
    void goalAware_aServerMissingItsGoalOnAHostFullOfEqualOrMoreImportantWorkMoves() {
        TestPool pool = new TestPool().host("h1", 2).host("h2", 4)
                .server("g1", "h1", 1.5, GOLD, 1024).server("g2", "h1", 1.5, GOLD, 1024);
        Plan plan = DwmPlanner.goalAware(EVEN).plan(pool.at(0));
        assertThat(migrations(plan)).singleElement().satisfies(m -> {
            assertThat(m.to()).isEqualTo("h2");
            assertThat(m.reason().kind()).isEqualTo(Reason.Kind.GOAL_MISSED);
            assertThat(m.effect().piBefore()).isGreaterThan(1);
            assertThat(m.effect().piAfter()).isLessThanOrEqualTo(1);
        });
    }

    @Test
    void plan_listsTheServersItMoves_forTheCpuManagerToStartAfresh() {
        Plan plan = twice(DwmPlanner.goalAware(EVEN), loaded());
        assertThat(plan.movedServers()).containsExactly("b");
    }

    @Test
    void efficacy_projectedIndicators() {
        Plan plan = twice(DwmPlanner.goalAware(EVEN), loaded());
        Efficacy e = plan.projected();
        assertThat(e.migrations()).isEqualTo(1);
        assertThat(e.loadedBefore()).isEqualTo(1);
        assertThat(e.loadedAfter()).isZero();
        assertThat(e.cpuStdDevAfter()).isLessThan(e.cpuStdDevBefore());
        assertThat(e.watts()).isGreaterThan(0);
    }

    @Test
    void recommendMode_aPlanNotExecutedStartsNoCooldown() {
        DwmPlanner planner = DwmPlanner.goalAware(EVEN.withMode(DwmMode.RECOMMEND));
        TestPool pool = loaded();
        Plan plan = twice(planner, pool);
        assertThat(plan.mode()).isEqualTo(DwmMode.RECOMMEND);
        assertThat(migrations(plan)).extracting(PoolAction.Migrate::server).containsExactly("b");
        assertThat(migrations(planner.plan(pool.at(10)))).as("not approved: proposed again")
                .extracting(PoolAction.Migrate::server).containsExactly("b");
    }

    @Test
    void offMode_plansNothingAndSaysWhy() {
        Plan plan = twice(DwmPlanner.goalAware(EVEN.withMode(DwmMode.OFF)), loaded());
        assertThat(plan.actions()).isEmpty();
        assertThat(plan.idle()).containsExactly("DWM is off for this pool");
    }

    @Test
    void idle_anIntervalWithoutActionsRecordsWhy() {
        Plan plan = DwmPlanner.goalAware(TestPool.POLICY).plan(new TestPool().host("h1", 4).host("h2", 4)
                .server("a", "h1", 2.0).server("b", "h2", 2.0).at(0));
        assertThat(plan.actions()).isEmpty();
        assertThat(plan.idle()).anyMatch(s -> s.startsWith("even distribution: no host at or above 80 %"))
                .anyMatch(s -> s.startsWith("power save: pool CPU 50 % is not below 70 % for 5 min"));
    }
}
