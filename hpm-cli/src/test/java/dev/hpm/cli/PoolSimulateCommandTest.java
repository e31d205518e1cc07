package dev.hpm.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hpm.codec.Documents;
import org.junit.jupiter.api.Test;

import static dev.hpm.cli.SimulateCommandTest.hpm;
import static org.assertj.core.api.Assertions.assertThat;

class PoolSimulateCommandTest {
    @Test
    void simulate_poolScenarioJson_hasTheDocumentedShapeWithFractions() {
        SimulateCommandTest.Run r = hpm("simulate", "scenarios/planetlab-pool.yaml", "--policies", "thr-mmt", "--format", "json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode root = Documents.parseJson(r.out(), "output");
        assertThat(root.get("scenario").asText()).isEqualTo("planetlab-pool");
        JsonNode thr = root.get("results").get(0);
        assertThat(thr.get("policy").asText()).isEqualTo("thr-mmt");
        assertThat(thr.get("energy-kwh").asDouble()).isBetween(173.0, 212.0);
        assertThat(thr.get("migrations").asInt()).isBetween(24_000, 29_400);
        // fractions, not percentages: CloudSim's SLAV on this day is 3.2e-5
        assertThat(thr.get("slav").asDouble()).isBetween(1e-5, 1e-4);
        assertThat(thr.get("slav").asDouble()).isEqualTo(thr.get("slatah").asDouble() * thr.get("pdm").asDouble());
        assertThat(thr.get("esv").asDouble()).isEqualTo(thr.get("energy-kwh").asDouble() * thr.get("slav").asDouble());
        assertThat(thr.get("planner-ms").has("mean")).isTrue();
        assertThat(thr.get("planner-ms").has("max")).isTrue();
        assertThat(thr.has("attainment")).isTrue();
        assertThat(thr.get("max-migrations-per-server-hour").asInt()).isPositive();
    }

    @Test
    void simulate_poolScenarioTable_showsPercentagesAndOtherTraces() {
        SimulateCommandTest.Run r = hpm("simulate", "scenarios/planetlab-pool.yaml", "--traces",
                "../shared/data/planetlab/20110306");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("898 servers").contains("SLATAH %").contains("none").contains("thr-mmt")
                .contains("Most migrations of one server within any hour");
    }

    @Test
    void simulate_poolPolicyNotAvailable_saysWhich() {
        SimulateCommandTest.Run r = hpm("simulate", "scenarios/planetlab-pool.yaml", "--policies", "hpm");
        assertThat(r.code()).isEqualTo(Main.USAGE);
        assertThat(r.err()).contains("pool policy hpm is not available yet");
        assertThat(hpm("simulate", "scenarios/planetlab-pool.yaml", "--policies", "drs").err())
                .contains("\"drs\" is not a pool policy; use none, thr-mmt, threshold, hpm");
        assertThat(hpm("simulate", "scenarios/quiet.yaml", "--traces", "x").err())
                .contains("--traces applies to pool scenarios");
    }

    @Test
    void scenarios_listsPoolScenarios() {
        assertThat(hpm("scenarios").out()).contains("planetlab-pool.yaml").contains("800 hosts").contains("(pool)");
    }
}
