package dev.hpm.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hpm.codec.Documents;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

class SimulateCommandTest {
    record Run(int code, String out, String err) {
    }

    static Run hpm(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void simulate_json_hasTheDocumentedShape() {
        Run r = hpm("simulate", "scenarios/quiet.yaml", "--policies", "hpm,none", "--format", "json");
        assertThat(r.code()).isZero();
        JsonNode root = Documents.parseJson(r.out(), "output");
        assertThat(root.get("scenario").asText()).isEqualTo("quiet");
        JsonNode hpm = root.get("results").get(0);
        assertThat(hpm.get("policy").asText()).isEqualTo("hpm");
        assertThat(hpm.get("attainment").get("highest").asDouble()).isEqualTo(1.0);
        assertThat(hpm.get("attainment").get("high").isNull()).isTrue();
        assertThat(hpm.get("time-to-goal-intervals").isArray()).isTrue();
        assertThat(hpm.get("adjustments").asInt()).isZero();
        assertThat(hpm.get("share-reversals").asInt()).isZero();
        assertThat(root.get("results").get(1).get("policy").asText()).isEqualTo("none");
    }

    @Test
    void simulate_table_comparesHpmWithTheOthers() {
        Run r = hpm("simulate", "scenarios/step.yaml");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("Goal attainment").contains("oracle").contains("static")
                .containsPattern("hpm at highest importance: \\d+\\.\\d% of oracle's, \\+\\d+\\.\\d points against static");
    }

    @Test
    void simulate_timeline_explainsEachInterval() {
        Run r = hpm("simulate", "scenarios/step.yaml", "--policies", "hpm", "--timeline");
        assertThat(r.out()).contains("ADJUST: Trading/online (highest, velocity goal 70) missed its goal with PI")
                .contains("every service class with a goal on host-1 meets it");
    }

    @Test
    void simulate_missingFile_oneLineAndExitCode2() {
        Run r = hpm("simulate", "scenarios/nope.yaml");
        assertThat(r.code()).isEqualTo(Main.USAGE);
        assertThat(r.err()).isEqualTo("hpm: scenarios/nope.yaml: no such file\n");
    }

    @Test
    void simulate_unknownPolicyOrFormat_exitCode2() {
        assertThat(hpm("simulate", "scenarios/quiet.yaml", "--policies", "fast").err())
                .contains("--policies: \"fast\" is not a policy; use none, static, hpm or oracle");
        Run r = hpm("simulate", "scenarios/quiet.yaml", "--format", "xml");
        assertThat(r.code()).isEqualTo(Main.USAGE);
        assertThat(r.err()).contains("--format is \"xml\": use table or json");
    }

    @Test
    void scenarios_listsTheShippedScenarios() {
        Run r = hpm("scenarios");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("contention.yaml").contains("step.yaml").contains("infeasible.yaml")
                .contains("quiet.yaml").contains("planetlab.yaml").contains("24 hosts");
    }
}
