package dev.hpm.sim.run;

import dev.hpm.core.cpu.Adjustment;
import dev.hpm.core.loop.IntervalReport;
import dev.hpm.core.measure.ClassMeasurement;
import dev.hpm.core.model.ClassKey;
import dev.hpm.sim.scenario.Scenario;
import dev.hpm.sim.scenario.ScenarioLoader;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code scenarios/response-time.yaml}: a class with a percentile goal, timed by the simulator's
 * response-time model, is helped by the CPU manager as a receiver.
 */
class ResponseTimeScenarioTest {
    static final ClassKey WEB = new ClassKey("Web", "web");
    static final Scenario SCENARIO = ScenarioLoader.load(Path.of("scenarios", "response-time.yaml"));

    static List<IntervalReport> run(PolicyKind policy) {
        List<IntervalReport> reports = new ArrayList<>();
        new ScenarioRunner(SCENARIO, reports::add, ScenarioRunner.Progress.NONE).run(policy);
        return reports;
    }

    static double webPi(IntervalReport r) {
        ClassMeasurement c = r.measurement() == null ? null : r.measurement().classes().get(WEB);
        return c == null ? Double.NaN : c.pi();
    }

    @Test
    void run_hpm_webMissesItsPercentileGoal_isHelped_thenMeetsIt() {
        List<IntervalReport> reports = run(PolicyKind.HPM);

        double first = webPi(reports.get(1));
        Adjustment helped = reports.stream().map(IntervalReport::decision).filter(d -> d != null
                && d.decision() instanceof Adjustment).map(d -> (Adjustment) d.decision()).findFirst().orElseThrow();
        List<Double> last = reports.subList(reports.size() - 10, reports.size()).stream().map(ResponseTimeScenarioTest::webPi).toList();
        System.out.printf("web PI at the start %.2f; first adjustment: %s; last ten: %s%n", first, helped.reason(), last);

        assertThat(first).as("p90 about 230 ms against 200 ms").isBetween(1.05, 1.4);
        assertThat(helped.receiver().serviceClass()).isEqualTo(WEB);
        assertThat(helped.reason()).contains("goal p90 200ms").contains("from Batch/batch (discretionary)");
        assertThat(last).allSatisfy(pi -> assertThat(pi).isLessThanOrEqualTo(1.0));
    }

    @Test
    void run_noManager_webStaysOffItsGoal() {
        List<IntervalReport> reports = run(PolicyKind.NONE);

        List<Double> last = reports.subList(reports.size() - 10, reports.size()).stream().map(ResponseTimeScenarioTest::webPi).toList();
        assertThat(last).allSatisfy(pi -> assertThat(pi).isGreaterThan(1.0));
    }

    @Test
    void run_everyPolicy_asHpmSimulateRunsIt_hpmWellAboveNoManager() {
        java.util.Map<PolicyKind, Double> attainment = new java.util.EnumMap<>(PolicyKind.class);
        for (PolicyKind k : PolicyKind.values()) {
            attainment.put(k, new ScenarioRunner(SCENARIO).run(k).attainmentAt(dev.hpm.core.model.Importance.HIGH));
        }
        System.out.println("attainment at high importance: " + attainment);

        assertThat(attainment.get(PolicyKind.HPM)).isGreaterThan(attainment.get(PolicyKind.NONE) + 0.5);
    }
}
