package dev.hpm.cli;

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
    void simulate_dwmScenarioUnknownPolicy_saysWhich() {
        SimulateCommandTest.Run r = hpm("simulate", "scenarios/pool-maintenance.yaml", "--policies", "thr-mmt");
        assertThat(r.code()).isEqualTo(Main.USAGE);
        assertThat(r.err()).contains("\"thr-mmt\" is not a pool policy; use none, threshold or hpm");
    }
}
