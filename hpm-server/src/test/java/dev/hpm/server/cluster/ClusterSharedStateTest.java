package dev.hpm.server.cluster;

import dev.hpm.core.cluster.ClusterSettings;
import dev.hpm.server.TestServer;
import dev.hpm.server.config.ServerConfig;
import dev.hpm.server.security.LoginThrottle;
import dev.hpm.store.StoreSettings;
import dev.hpm.store.testing.PostgresCluster;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances of a cluster on one PostgreSQL, in process: a definition changed through one takes
 * effect on the other within an interval or two (each instance reads the published state again after
 * its interval's write), and both answer the same.
 */
class ClusterSharedStateTest {
    @Test
    void definitions_changedThroughOneInstance_areServedByTheOtherWithinTwoIntervals() throws Exception {
        PostgresCluster postgres = PostgresCluster.shared();
        String schema = postgres.newSchema();
        StoreSettings settings = postgres.settings(schema);
        try (TestServer a = instance("a", settings); TestServer b = instance("b", settings)) {
            a.awaitIntervals(2);
            b.awaitIntervals(2);
            assertThat(a.http.post("/workload-resource-groups", a.admin, "{\"name\": \"Shared\", \"description\": \"made on a\"}")
                    .status()).isEqualTo(201);
            long since = System.nanoTime();
            assertThat(ClusterRig.await(Duration.ofSeconds(10), () -> b.http.get("/workload-resource-groups", b.admin).text()
                    .contains("\"Shared\""))).as("b lists the group made on a").isTrue();
            double seconds = (System.nanoTime() - since) / 1e9;
            System.out.printf("[cluster] a group made on instance a was served by b after %.2f s (interval 1 s)%n", seconds);
            assertThat(b.http.get("/workload-resource-groups/Shared", b.admin).json().get("description").asText())
                    .isEqualTo("made on a");

            assertThat(b.http.post("/workload-resource-groups/Shared", b.admin, "{\"description\": \"changed on b\"}").status())
                    .isEqualTo(200);
            assertThat(ClusterRig.await(Duration.ofSeconds(10), () -> a.http.get("/workload-resource-groups/Shared", a.admin)
                    .json().get("description").asText().equals("changed on b"))).as("a serves b's change").isTrue();
        } finally {
            postgres.dropSchema(schema);
        }
    }

    private static TestServer instance(String id, StoreSettings settings) {
        return new TestServer(dir -> settings, null, LoginThrottle.Settings.DEFAULT,
                c -> c.withCluster(new ServerConfig.Cluster(id, null, ClusterSettings.forInterval(Duration.ofSeconds(1)))));
    }
}
