package dev.hpm.sim.run;

import dev.hpm.core.model.Importance;
import dev.hpm.sim.scenario.Scenario;
import dev.hpm.sim.scenario.ScenarioLoader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The control-quality requirements, checked on the scenario files shipped in {@code scenarios/}
 * exactly as {@code hpm simulate} runs them.
 */
class ScenarioAcceptanceTest {
    static Map<PolicyKind, PolicyResult> contention;
    static Map<PolicyKind, PolicyResult> step;

    static Map<PolicyKind, PolicyResult> runAll(String name) {
        Scenario s = ScenarioLoader.load(Path.of("scenarios", name + ".yaml"));
        Map<PolicyKind, PolicyResult> results = new EnumMap<>(PolicyKind.class);
        for (PolicyKind k : PolicyKind.values()) {
            results.put(k, new ScenarioRunner(s).run(k));
        }
        return results;
    }

    @BeforeAll
    static void run() {
        contention = runAll("contention");
        step = runAll("step");
    }

    static void assertHpmBeatsBaselinesAtHighest(Map<PolicyKind, PolicyResult> r) {
        double hpm = r.get(PolicyKind.HPM).attainmentAt(Importance.HIGHEST);
        double oracle = r.get(PolicyKind.ORACLE).attainmentAt(Importance.HIGHEST);
        double stat = r.get(PolicyKind.STATIC).attainmentAt(Importance.HIGHEST);
        double none = r.get(PolicyKind.NONE).attainmentAt(Importance.HIGHEST);
        assertThat(hpm).as("hpm attainment %s vs oracle %s", hpm, oracle).isGreaterThanOrEqualTo(0.95 * oracle);
        assertThat(hpm).as("hpm attainment vs static").isGreaterThanOrEqualTo(stat);
        assertThat(hpm).as("hpm attainment vs none").isGreaterThanOrEqualTo(none + 0.30);
    }

    @Test
    void contention_hpmAtHighestImportance_nearOracle_notBelowStatic_wellAboveNone() {
        assertHpmBeatsBaselinesAtHighest(contention);
    }

    @Test
    void contention_efficacyRecord_everyAdjustmentHasAnOutcome_medianProjectionErrorSmall() {
        PolicyResult hpm = contention.get(PolicyKind.HPM);
        assertThat(hpm.projectionErrors().count()).isEqualTo(hpm.adjustments());
        assertThat(hpm.projectionErrors().median()).as("median |projected - achieved| PI").isLessThan(0.1);
    }

    @Test
    void contention_hpmHelpsTheMediumWorkTooComparedWithStatic() {
        assertThat(contention.get(PolicyKind.HPM).attainmentAt(Importance.MEDIUM))
                .isGreaterThan(contention.get(PolicyKind.STATIC).attainmentAt(Importance.MEDIUM));
    }

    @Test
    void step_hpmAtHighestImportance_nearOracle_notBelowStatic_wellAboveNone() {
        assertHpmBeatsBaselinesAtHighest(step);
    }

    @Test
    void step_backOnGoalWithinThreeIntervalsAfterTheStep() {
        // disturbances: the run's start and the step at 10 minutes
        assertThat(step.get(PolicyKind.HPM).timeToGoalIntervals()).hasSize(2);
        assertThat(step.get(PolicyKind.HPM).timeToGoalIntervals().get(1)).isNotNull().isLessThanOrEqualTo(3);
        assertThat(step.get(PolicyKind.STATIC).timeToGoalIntervals().get(1)).as("static never recovers").isNull();
    }

    @Test
    void infeasible_hpmStaysStable_andReportsWhy() {
        Scenario s = ScenarioLoader.load(Path.of("scenarios", "infeasible.yaml"));
        PolicyResult hpm = new ScenarioRunner(s).run(PolicyKind.HPM);
        long limit = s.servers().size() * (hpm.intervals() - Scorer.WARMUP_INTERVALS) / 10;
        assertThat(hpm.reversalsAfterWarmup()).isLessThanOrEqualTo((int) limit);
        assertThat(hpm.attainmentAt(Importance.HIGHEST)).isZero();
        assertThat(hpm.adjustments()).isPositive();
        // after giving all it can, every later interval says why nothing more is done
        assertThat(hpm.noActions().values().stream().mapToInt(Integer::intValue).sum())
                .isEqualTo((int) hpm.intervals() - hpm.adjustments());
        assertThat(hpm.noActions()).doesNotContainKey("goals-met");
    }

    @Test
    void quiet_hpmMakesNoAdjustment() {
        Scenario s = ScenarioLoader.load(Path.of("scenarios", "quiet.yaml"));
        PolicyResult hpm = new ScenarioRunner(s).run(PolicyKind.HPM);
        assertThat(hpm.adjustments()).isZero();
        assertThat(hpm.shareReversals()).isZero();
        assertThat(hpm.attainmentAt(Importance.HIGHEST)).isEqualTo(1.0);
    }

    @Test
    void planetlab_twentyFourHostsOfTraces_hpmNotBelowTheBaselines() {
        Scenario s = ScenarioLoader.load(Path.of("scenarios", "planetlab.yaml"));
        assertThat(s.hosts()).hasSizeGreaterThanOrEqualTo(20);
        assertThat(s.definition().groups()).hasSizeGreaterThanOrEqualTo(4);
        PolicyResult hpm = new ScenarioRunner(s).run(PolicyKind.HPM);
        PolicyResult none = new ScenarioRunner(s).run(PolicyKind.NONE);
        PolicyResult stat = new ScenarioRunner(s).run(PolicyKind.STATIC);
        assertThat(hpm.adjustments()).isPositive();
        assertThat(hpm.attainmentAt(Importance.HIGHEST)).isGreaterThan(none.attainmentAt(Importance.HIGHEST))
                .isGreaterThanOrEqualTo(stat.attainmentAt(Importance.HIGHEST));
        assertThat(hpm.attainmentAt(Importance.HIGH)).isGreaterThan(none.attainmentAt(Importance.HIGH));
    }

    @Test
    void run_samePolicyTwice_identicalResults() {
        Scenario s = ScenarioLoader.load(Path.of("scenarios", "contention.yaml"));
        PolicyResult a = new ScenarioRunner(s).run(PolicyKind.HPM);
        PolicyResult b = new ScenarioRunner(s).run(PolicyKind.HPM);
        assertThat(a.attainment()).isEqualTo(b.attainment());
        assertThat(a.adjustments()).isEqualTo(b.adjustments());
        assertThat(a.shareReversals()).isEqualTo(b.shareReversals());
    }
}
