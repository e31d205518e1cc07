package dev.hpm.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hpm.codec.Documents;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RandomSimulateCommandTest {

    @Test
    void simulateRandom_json_perLevelMinMedianP10AndReversals_sameForTheSameSeed() {
        SimulateCommandTest.Run a = SimulateCommandTest.hpm("simulate", "--random", "3", "--seed", "9", "--format", "json");
        SimulateCommandTest.Run b = SimulateCommandTest.hpm("simulate", "--random", "3", "--seed", "9", "--format", "json");
        assertThat(a.code()).as(a.err()).isZero();
        assertThat(a.out()).isEqualTo(b.out());
        JsonNode root = Documents.parseJson(a.out(), "output");
        assertThat(root.get("scenarios").asInt()).isEqualTo(3);
        JsonNode highest = root.get("levels").get("highest");
        for (String key : new String[]{"min", "p10", "median"}) {
            assertThat(highest.get(key).isNumber()).as(key).isTrue();
        }
        assertThat(root.get("reversals-per-server-per-10-intervals").get("median").isNumber()).isTrue();
        assertThat(highest.get("mean-points-against-static").asDouble())
                .isGreaterThanOrEqualTo(highest.get("worst-points-against-static").asDouble());
        assertThat(root.get("reversals-per-server-per-10-intervals").get("scenarios-above-one-in-30-intervals").asInt())
                .isBetween(0, root.get("scenarios").asInt());
    }

    @Test
    void simulateRandom_table_namesTheFigures() {
        SimulateCommandTest.Run r = SimulateCommandTest.hpm("simulate", "--random", "2", "--seed", "4");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("2 random single-host scenarios, seed 4").contains("median").contains("p10")
                .contains("Share reversals per server per 10 intervals").contains("mean vs static")
                .contains("of 2 scenarios above 0.333 (one in 30 intervals)");
    }

    @Test
    void simulateRandom_withAFile_saysToChooseOne() {
        SimulateCommandTest.Run r = SimulateCommandTest.hpm("simulate", "scenarios/quiet.yaml", "--random", "2");
        assertThat(r.code()).isEqualTo(Main.USAGE);
        assertThat(r.err()).contains("give either a SCENARIO file or --random N");
    }

    @Test
    void simulateRandom_worst_listsTheWorstScenariosWithTheirIndex() {
        SimulateCommandTest.Run r = SimulateCommandTest.hpm("simulate", "--random", "4", "--seed", "3", "--worst", "2");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("The worst scenarios (re-run one with --random 4 --seed 3 --pick INDEX --timeline)")
                .contains("highest, by HPM - static: #").containsPattern("reversals per server per 10 intervals: #[0-3] ");
    }

    @Test
    void simulateRandom_pick_runsThatScenarioAloneAndShowsItsFile() {
        SimulateCommandTest.Run yaml = SimulateCommandTest.hpm("simulate", "--random", "4", "--seed", "3", "--pick", "2", "--show-yaml");
        assertThat(yaml.code()).as(yaml.err()).isZero();
        assertThat(yaml.out()).startsWith("name: random-2-3\n").contains("servers:");
        SimulateCommandTest.Run run = SimulateCommandTest.hpm("simulate", "--random", "4", "--seed", "3", "--pick", "2",
                "--policies", "hpm", "--timeline", "--timeline-servers");
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).contains("Scenario random-2-3: random scenario 2 of seed 3").containsPattern("g1-1 +G1/c1 +demand");
        SimulateCommandTest.Run out = SimulateCommandTest.hpm("simulate", "--random", "4", "--pick", "4");
        assertThat(out.code()).isEqualTo(Main.USAGE);
        assertThat(out.err()).contains("--pick is 4: use a scenario index from 0 to 3");
    }

    @Test
    void simulateRandom_cpuStrategyPlan_runsThePlanAndWritesItInTheScenario() {
        SimulateCommandTest.Run yaml = SimulateCommandTest.hpm("simulate", "--random", "4", "--seed", "3", "--pick", "2",
                "--show-yaml", "--cpu-strategy", "plan");
        assertThat(yaml.code()).as(yaml.err()).isZero();
        assertThat(yaml.out()).contains("cpu-manager: {strategy: plan}\nhosts:");
        SimulateCommandTest.Run run = SimulateCommandTest.hpm("simulate", "--random", "4", "--seed", "3", "--pick", "2",
                "--policies", "hpm", "--timeline", "--cpu-strategy", "plan");
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).contains("shares set to the host's plan");
        SimulateCommandTest.Run table = SimulateCommandTest.hpm("simulate", "--random", "2", "--seed", "4", "--cpu-strategy", "plan");
        assertThat(table.code()).as(table.err()).isZero();
        assertThat(table.out()).startsWith("CPU manager strategy: plan\n").contains("2 random single-host scenarios, seed 4");
    }

    @Test
    void simulateRandom_cpuStrategyUnknownOrWithAFile_saysWhatToDo() {
        SimulateCommandTest.Run bad = SimulateCommandTest.hpm("simulate", "--random", "2", "--cpu-strategy", "greedy");
        assertThat(bad.code()).isEqualTo(Main.USAGE);
        assertThat(bad.err()).contains("--cpu-strategy is \"greedy\": use one of receiver, plan");
        SimulateCommandTest.Run file = SimulateCommandTest.hpm("simulate", "scenarios/quiet.yaml", "--cpu-strategy", "plan");
        assertThat(file.code()).isEqualTo(Main.USAGE);
        assertThat(file.err()).contains("apply with --random N only (in a scenario file, write cpu-manager: {strategy: plan})");
    }
}
