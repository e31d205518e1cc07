package dev.hpm.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hpm.store.StoreSettings;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Maintenance when a server cannot move ({@code pool-maint-fail.yaml}: every migration of web-1 fails
 * half-way): the other servers leave the host, web-1 keeps running where it was, and the maintenance
 * says which server could not move, why, and that it keeps running on the host.
 */
class PoolMaintenanceFailureTest {
    private final Http.As admin = Http.As.user("admin", TestServer.ADMIN_PASSWORD);

    @Test
    void maintenance_aServerThatCannotMove_keepsRunningOnTheHost_andTheMaintenanceSaysSo() {
        try (TestServer hpm = new TestServer(StoreSettings::embedded, PoolApiContractTest.scenario("pool-maint-fail.yaml"))) {
            hpm.awaitIntervals(2);
            Http http = hpm.http;
            String host = null;
            int before = 0;
            for (JsonNode h : http.get("/server-pools/demo", admin).json().get("hypervisors")) {
                if (h.get("virtual-servers").findValuesAsText("name").contains("web-1")) {
                    host = h.get("name").asText();
                    before = h.get("virtual-servers").size();
                }
            }
            assertThat(host).isNotNull();
            String name = host;
            assertThat(http.post("/hypervisors/" + name + "/maintenance", admin, "{\"action\": \"enter\"}").status())
                    .isEqualTo(202);
            JsonNode m;
            try {
                m = PoolApiContractTest.await("the failed move reported",
                    () -> http.get("/hypervisors/" + name + "/maintenance", admin).json(),
                    j -> j.get("failed").asInt() == 1 && j.get("moved").asInt() == j.get("total").asInt() - 1);
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "; migrations: " + http.get("/migrations", admin).text(), e);
            }
            System.out.println("PoolMaintenanceFailureTest: " + m);
            assertThat(m.get("state").asText()).as("not in maintenance while a server remains").isEqualTo("entering");
            assertThat(m.get("total").asInt()).isEqualTo(before);
            assertThat(m.get("remaining")).singleElement().satisfies(r -> {
                assertThat(r.get("name").asText()).isEqualTo("web-1");
                assertThat(r.get("state").asText()).isEqualTo("failed");
                assertThat(r.get("detail").asText()).contains("failed half-way");
            });
            assertThat(m.get("message").asText()).startsWith("web-1 could not move: ")
                    .endsWith("it keeps running on " + name);
            assertThat(m.get("progress").asDouble()).isLessThan(1.0);
            List<String> on = new ArrayList<>();
            for (JsonNode h : http.get("/server-pools/demo", admin).json().get("hypervisors")) {
                if (h.get("name").asText().equals(name)) {
                    on.addAll(h.get("virtual-servers").findValuesAsText("name"));
                }
            }
            assertThat(on).as("web-1 keeps running where it was; the others left").containsExactly("web-1");
            JsonNode failed = http.get("/migrations?virtual-server=web-1", admin).json().get("migrations");
            assertThat(failed.findValuesAsText("state")).as("failed attempts, maybe a retry running, none done")
                    .contains("failed").doesNotContain("done");
        }
    }
}
