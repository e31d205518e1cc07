package dev.hpm.sim.run;

import dev.hpm.core.dwm.PoolAction;
import dev.hpm.core.dwm.Reason;
import dev.hpm.core.model.Importance;
import dev.hpm.sim.scenario.Scenario;
import dev.hpm.sim.scenario.ScenarioLoader;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code scenarios/pool-response-time.yaml}: a p90 class crowding one host is rescued by HPM's
 * planner, which projects it with the CPU-stretch model, with one move justified by the goal.
 */
class PoolResponseTimeScenarioTest {
    static final Scenario SCENARIO = ScenarioLoader.load(Path.of("scenarios", "pool-response-time.yaml"));

    @Test
    void run_hpm_movesOneWebServerForItsResponseTimeGoal_andTheClassMeetsIt() {
        DwmResult hpm = new DwmScenarioRunner(SCENARIO, System::nanoTime).run("hpm");
        DwmResult threshold = new DwmScenarioRunner(SCENARIO, System::nanoTime).run("threshold");
        List<PoolAction.Migrate> moves = hpm.plans().stream().flatMap(p -> p.plan().actions().stream())
                .filter(a -> a instanceof PoolAction.Migrate).map(a -> (PoolAction.Migrate) a).toList();
        moves.forEach(m -> System.out.println(m.server() + " " + m.from() + " -> " + m.to() + ": " + m.reason().text()
                + "; worst PI " + m.effect().piBefore() + " -> " + m.effect().piAfter()));
        System.out.printf("attainment at high: hpm %.3f, threshold %.3f; migrations hpm %d, threshold %d%n",
                hpm.cpu().attainmentAt(Importance.HIGH), threshold.cpu().attainmentAt(Importance.HIGH), hpm.migrations(),
                threshold.migrations());

        assertThat(moves).singleElement().satisfies(m -> {
            assertThat(m.from()).isEqualTo("host-1");
            assertThat(m.reason().kind()).isEqualTo(Reason.Kind.GOAL_MISSED);
            assertThat(m.reason().text()).contains("Web/web (goal p90 200ms) misses its goal (projected PI 1.");
            assertThat(m.effect().piBefore()).isGreaterThan(1);
            assertThat(m.effect().piAfter()).isLessThanOrEqualTo(1);
        });
        assertThat(threshold.migrations()).isZero();
        assertThat(hpm.cpu().attainmentAt(Importance.HIGH)).isGreaterThan(0.8);
        assertThat(threshold.cpu().attainmentAt(Importance.HIGH)).isLessThan(0.1);
    }
}
