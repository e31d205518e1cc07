package dev.hpm.core.dwm;

import dev.hpm.core.model.ClassInfo;
import dev.hpm.core.model.ClassKey;
import dev.hpm.core.model.Goal;
import dev.hpm.core.model.Importance;
import org.junit.jupiter.api.Test;

import static dev.hpm.core.dwm.TestPool.BATCH;
import static dev.hpm.core.dwm.TestPool.migrations;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The goal-aware planner weighs a response-time class by its measured PI carried to the CPU a
 * placement gives it, with the CPU manager's CPU-stretch model (docs/dwm.md, "Goal projection";
 * docs/cpu-manager.md, "Response-time goals"): PI' = PI · CPU now ÷ CPU projected.
 */
class DwmResponseTimeTest {
    static final ClassInfo WEB = new ClassInfo(new ClassKey("Web", "web"), new Goal.PercentileResponseTime(90, 200), 0,
            Importance.HIGH, Importance.HIGH);

    /** A 2-vCPU web server with its measured response-time PI. */
    static PoolServer web(String id, String host, double demand, double pi) {
        return new PoolServer(id, host, 2, 2, 1024, demand, 1024, WEB, pi, false);
    }

    /** h1 (4 CPUs) holds three web servers wanting 1.5 each: each gets 4/3, its class's work alone exceeds the host. */
    static TestPool crowded(double pi) {
        return new TestPool().host("h1", 4).host("h2", 4)
                .server(web("w1", "h1", 1.5, pi)).server(web("w2", "h1", 1.5, pi)).server(web("w3", "h1", 1.5, pi))
                .server("batch", "h2", 1.0, BATCH, 1024);
    }

    @Test
    void plan_responseTimeClassOffGoalOnCrowdedHost_movesAServerWhereTheModelPutsItOnGoal() {
        Plan plan = DwmPlanner.goalAware(DwmPlannerRulesTest.EVEN).plan(crowded(1.08).at(0));

        assertThat(migrations(plan)).singleElement().satisfies(m -> {
            System.out.println(m.server() + " " + m.from() + " -> " + m.to() + ": " + m.reason().text() + "; " + m.effect());
            assertThat(m.to()).isEqualTo("h2");
            assertThat(m.reason().kind()).isEqualTo(Reason.Kind.GOAL_MISSED);
            assertThat(m.reason().text()).contains("Web/web (goal p90 200ms) misses its goal (projected PI 1.08) on h1");
            assertThat(m.effect().piBefore()).isCloseTo(1.08, within(1e-9));
            // h1 keeps two servers with their whole 1.5: 1.08 · (4/3) / 1.5 = 0.96; the mover gets 1.5 on h2 too
            assertThat(m.effect().piAfter()).isCloseTo(0.96, within(1e-9));
        });
    }

    @Test
    void plan_responseTimeClassOnGoalOnCrowdedHost_movesNothing() {
        Plan plan = DwmPlanner.goalAware(DwmPlannerRulesTest.EVEN).plan(crowded(0.9).at(0));

        assertThat(migrations(plan)).isEmpty();
    }

    @Test
    void plan_maintenance_refusesAHostWhereTheMoveWouldPushAResponseTimeClassOffItsGoal() {
        // w leaves h1; h2 is the freest host (1.0 free) but w4 there would fall from 1.5 to 1.25 CPUs:
        // PI 0.95 · 1.5 / 1.25 = 1.14; on h3 the batch server yields (shares 16) and w keeps its goal
        TestPool pool = new TestPool().host("h1", 4).host("h2", 2.5).host("h3", 3)
                .server(web("w", "h1", 1.5, 0.9)).server(web("w4", "h2", 1.5, 0.95))
                .server("batch", "h3", 2.5, BATCH, 16)
                .change("h1", h -> h.withMaintenance(true));
        DwmPlanner planner = DwmPlanner.goalAware(DwmPlannerRulesTest.EVEN);
        PoolState state = new PoolState(pool.at(0), DwmPlannerRulesTest.EVEN, new DemandHistory(java.time.Duration.ofHours(1)), 0);
        GoalProjection.Worst onH2 = state.worst(state.hostIndex.get("h2"), state.serverIndex.get("w"), -1, WEB);
        System.out.println("w on h2: worst " + onH2);

        Plan plan = planner.plan(pool.at(0));

        assertThat(onH2.pi()).isCloseTo(0.95 * 1.5 / 1.25, within(1e-6));
        assertThat(onH2.serviceClass()).isEqualTo(WEB);
        assertThat(migrations(plan)).singleElement().satisfies(m -> {
            assertThat(m.server()).isEqualTo("w");
            assertThat(m.to()).isEqualTo("h3");
            assertThat(m.effect().piAfter()).isLessThanOrEqualTo(1);
        });
    }

    /** {@link #crowded} with servers that had too few completions for a PI of their own, and the class's PI over the pool. */
    static PoolView crowdedWithoutOwnPis(java.util.Map<ClassKey, Double> classPis) {
        PoolView v = crowded(Double.NaN).at(0);
        return new PoolView(v.at(), v.hosts(), v.servers(), v.inFlight(), classPis);
    }

    @Test
    void plan_serversWithTooFewCompletions_judgedByTheirClassPiOverThePool() {
        Plan plan = DwmPlanner.goalAware(DwmPlannerRulesTest.EVEN).plan(crowdedWithoutOwnPis(java.util.Map.of(WEB.key(), 1.08)));

        assertThat(migrations(plan)).singleElement().satisfies(m -> {
            assertThat(m.to()).isEqualTo("h2");
            assertThat(m.reason().text()).contains("Web/web (goal p90 200ms) misses its goal (projected PI 1.08) on h1");
            assertThat(m.effect().piAfter()).isCloseTo(0.96, within(1e-9));
        });
    }

    @Test
    void plan_serversWithTooFewCompletionsInAClassOnGoal_movesNothing() {
        assertThat(migrations(DwmPlanner.goalAware(DwmPlannerRulesTest.EVEN)
                .plan(crowdedWithoutOwnPis(java.util.Map.of(WEB.key(), 0.9))))).isEmpty();
    }

    @Test
    void plan_noPiOfItsOwnNorOfItsClass_notJudged() {
        assertThat(migrations(DwmPlanner.goalAware(DwmPlannerRulesTest.EVEN).plan(crowdedWithoutOwnPis(java.util.Map.of()))))
                .isEmpty();
    }

    @Test
    void piOf_ownPiBeforeTheClasss() {
        PoolView v = crowdedWithoutOwnPis(java.util.Map.of(WEB.key(), 1.08));
        assertThat(v.piOf(web("x", "h1", 1, 0.7))).isEqualTo(0.7);
        assertThat(v.piOf(web("x", "h1", 1, Double.NaN))).isEqualTo(1.08);
    }
}
