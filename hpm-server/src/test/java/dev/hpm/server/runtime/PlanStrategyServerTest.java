package dev.hpm.server.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hpm.core.cpu.CpuManagerSettings;
import dev.hpm.server.TestServer;
import dev.hpm.server.security.LoginThrottle;
import dev.hpm.store.StoreSettings;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code control.cpu-strategy: plan} reaches the CPU manager of every host {@code hpm serve} manages. */
class PlanStrategyServerTest {
    @Test
    void serve_cpuStrategyPlan_theDemoPoolsAdjustmentsAreThePlansWithTheirPiAchieved() {
        try (TestServer hpm = new TestServer(StoreSettings::embedded, null, LoginThrottle.Settings.DEFAULT,
                c -> c.withCpuStrategy(CpuManagerSettings.Strategy.PLAN))) {
            JsonNode found = null;
            for (int i = 0; i < 60 && found == null; i++) {
                hpm.awaitIntervals(1);
                JsonNode list = hpm.http.get("/dynamic-resource-adjustments?from=-1h", hpm.admin).json()
                        .get("dynamic-resource-adjustments");
                for (JsonNode a : list) {
                    if (a.get("receiver").get("pi-achieved").isNumber()) {
                        found = a;
                    }
                }
            }
            assertThat(found).as("an adjustment with its PI achieved").isNotNull();
            assertThat(found.get("reason").asText()).contains("shares set to the host's plan");
            assertThat(found.get("changes")).isNotEmpty();
        }
    }
}
