package dev.hpm.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hpm.codec.Documents;
import org.junit.jupiter.api.Test;

import static dev.hpm.cli.SimulateCommandTest.hpm;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code hpm simulate} on a host scenario with a dwm section: the production CPU manager and DWM planner. */
class DwmSimulateCommandTest {
    @Test
    void simulate_dwmScenario_printsEnergyMigrationsAttainmentAndPlans() {
        SimulateCommandTest.Run r = hpm("simulate", "scenarios/pool-recommend.yaml");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("pool-recommend").contains("energy kWh").contains("none").contains("threshold")
                .contains("hpm").contains("highest 100.0 %").contains("planner ms")
                .contains("plans of hpm").contains("[pending]").contains("migrate hot-0").contains("stayed at or above 80 % CPU")
                .contains("host CPU 110→").contains("power off host-").doesNotContain("[superseded]");
    }

    @Test
    void simulate_dwmScenarioJson_givesEachPolicysFigures() {
        SimulateCommandTest.Run r = hpm("simulate", "scenarios/pool-maintenance.yaml", "--policies", "none,hpm",
                "--format", "json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode root = Documents.parseJson(r.out(), "output");
        assertThat(root.get("scenario").asText()).isEqualTo("pool-maintenance");
        JsonNode hpm = root.get("results").get(1);
        assertThat(hpm.get("policy").asText()).isEqualTo("hpm");
        assertThat(hpm.get("migrations").asInt()).isGreaterThanOrEqualTo(24);
        assertThat(hpm.get("must-violations").asInt()).isZero();
        assertThat(hpm.get("attainment").get("highest").asDouble()).isEqualTo(1.0);
        assertThat(hpm.get("energy-kwh").asDouble()).isPositive();
        assertThat(hpm.get("planner-ms").has("max")).isTrue();
    }

    @Test
    void simulate_dwmScenarioUnknownPolicy_saysWhich() {
        SimulateCommandTest.Run r = hpm("simulate", "scenarios/pool-maintenance.yaml", "--policies", "thr-mmt");
        assertThat(r.code()).isEqualTo(Main.USAGE);
        assertThat(r.err()).contains("\"thr-mmt\" is not a pool policy; use none, threshold or hpm");
    }
}
