package dev.hpm.server.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hpm.core.cluster.ClusterSettings;
import dev.hpm.server.Http;
import dev.hpm.server.TestServer;
import dev.hpm.server.config.ServerConfig;
import dev.hpm.server.security.LoginThrottle;
import dev.hpm.store.StoreSettings;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /cluster}, {@code /metrics}' cluster families and the intervals of an instance that is
 * alone in its cluster (in process, on the embedded database: the rule that a cluster needs
 * PostgreSQL is the configuration's, tested in {@code ClusterConfigTest}); and a server without a
 * cluster, which says so.
 */
class ClusterApiTest {
    private static final Http.As VIEWER = Http.As.user("watcher", "watcher-password-1");

    private static void createViewer(TestServer hpm) {
        assertThat(hpm.http.post("/users", hpm.admin, "{\"name\": \"watcher\", \"role\": \"viewer\", \"password\": "
                + "\"watcher-password-1\"}").status()).isEqualTo(201);
    }

    @Test
    void getCluster_serverAlone_saysNotClustered() {
        try (TestServer hpm = TestServer.embedded()) {
            createViewer(hpm);
            JsonNode body = hpm.http.get("/cluster", VIEWER).json();

            assertThat(body.path("clustered").asBoolean()).isFalse();
            assertThat(body.path("instances")).isEmpty();
            assertThat(new Http(hpm.server.baseUrl()).get("/metrics", VIEWER).text()).doesNotContain("hpm_cluster_");
            hpm.awaitIntervals(2);
            assertThat(hpm.server.service().latest()).as("every host runs as before").hasSize(
                    hpm.server.service().hosts().size());
        }
    }

    @Test
    void getCluster_instanceAloneInItsCluster_holdsEveryHostAndAViewerSeesIt() throws Exception {
        try (TestServer hpm = new TestServer(StoreSettings::embedded, null, LoginThrottle.Settings.DEFAULT,
                c -> c.withCluster(new ServerConfig.Cluster("solo", null, ClusterSettings.forInterval(Duration.ofSeconds(1)))))) {
            createViewer(hpm);
            int hosts = hpm.server.service().hosts().size();
            assertThat(ClusterRig.await(Duration.ofSeconds(60), () -> hpm.server.cluster().guard().hosts().size() == hosts))
                    .isTrue();
            hpm.awaitIntervals(2);

            JsonNode body = hpm.http.get("/cluster", VIEWER).json();
            assertThat(body.path("clustered").asBoolean()).isTrue();
            assertThat(body.path("self").asText()).isEqualTo("solo");
            assertThat(body.path("instances")).singleElement().satisfies(i -> {
                assertThat(i.path("id").asText()).isEqualTo("solo");
                assertThat(i.path("alive").asBoolean()).isTrue();
                assertThat(i.path("address").asText()).isEqualTo(hpm.server.baseUrl());
                assertThat(i.path("host-count").asInt()).isEqualTo(hosts);
            });
            assertThat(body.path("hosts")).hasSize(hosts).allSatisfy(h -> {
                assertThat(h.path("owner").asText()).isEqualTo("solo");
                assertThat(h.path("epoch").asLong()).isEqualTo(1);
                assertThat(h.path("valid").asBoolean()).isTrue();
                assertThat(h.path("lease-age-seconds").asDouble()).isLessThan(1.0);
            });
            assertThat(hpm.server.service().latest()).as("the leased hosts' intervals run").hasSize(hosts);
            String metrics = new Http(hpm.server.baseUrl()).get("/metrics", VIEWER).text();
            assertThat(metrics).contains("hpm_cluster_instance_hosts{instance=\"solo\"} " + hosts + ".0")
                    .contains("hpm_cluster_instance_alive{instance=\"solo\"} 1.0")
                    .contains("hpm_cluster_acting_hosts " + hosts + ".0")
                    .containsPattern("hpm_cluster_host_epoch\\{host=\"sim://[^\"]+\"} 1.0");
        }
    }
}
