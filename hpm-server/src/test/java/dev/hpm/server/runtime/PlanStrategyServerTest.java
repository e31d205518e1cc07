package dev.hpm.server.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hpm.core.cpu.CpuManagerSettings;
import dev.hpm.server.TestServer;
import dev.hpm.server.security.LoginThrottle;
import dev.hpm.store.StoreSettings;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code control.cpu-strategy: plan} reaches the CPU manager of every host {@code hpm serve} manages: each
 * host's controller starts its servers at shares by importance (docs/cpu-manager.md, "The plan strategy"),
 * which the receiver strategy never does, and every adjustment is the host's plan.
 */
class PlanStrategyServerTest {
    /** The demo's groups by importance: Trading highest, WebShop high, Reporting medium, Batch discretionary. */
    static final Map<String, Long> BY_IMPORTANCE = Map.of("trade-", 4096L, "shop-", 2896L, "report-", 2048L, "batch-", 1024L);

    @Test
    void serve_cpuStrategyPlan_everyHostStartsItsServersAtSharesByImportance_andAdjustsByThePlan() {
        try (TestServer hpm = new TestServer(StoreSettings::embedded, null, LoginThrottle.Settings.DEFAULT,
                c -> c.withCpuStrategy(CpuManagerSettings.Strategy.PLAN))) {
            Map<String, Long> shares = new TreeMap<>();
            boolean started = false;
            for (int i = 0; i < 5 && !started; i++) {
                hpm.awaitIntervals(1);
                shares.clear();
                for (String name : new String[]{"trade-1", "trade-2", "trade-3", "shop-web-1", "shop-db-2", "report-3", "batch-1"}) {
                    shares.put(name, hpm.http.get("/virtual-servers/" + name, hpm.admin).json().get("cpu-shares").asLong());
                }
                started = shares.entrySet().stream().allMatch(e -> BY_IMPORTANCE.entrySet().stream()
                        .anyMatch(b -> e.getKey().startsWith(b.getKey()) && b.getValue().equals(e.getValue())));
            }
            assertThat(started).as("shares by importance on every host in the first intervals: %s", shares).isTrue();
            JsonNode list = hpm.http.get("/dynamic-resource-adjustments?from=-1h", hpm.admin).json()
                    .get("dynamic-resource-adjustments");
            for (JsonNode a : list) {
                assertThat(a.get("reason").asText()).contains("the host's plan");
            }
        }
    }
}
