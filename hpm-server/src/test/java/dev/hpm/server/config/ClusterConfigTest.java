package dev.hpm.server.config;

import dev.hpm.codec.InvalidDocumentException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The {@code cluster} section: off unless an instance id is set; PostgreSQL only; lease against renewals. */
class ClusterConfigTest {
    private static final String PG = "jdbc:postgresql://db:5432/hpm";

    @Test
    void load_nothing_runsAlone() {
        assertThat(ServerConfigLoader.load(null, Map.of(), Map.of()).cluster()).isNull();
    }

    @Test
    void load_instanceIdFromEnvironment_leaseDefaultsFromTheInterval() {
        ServerConfig c = ServerConfigLoader.load(null, Map.of("HPM_INSTANCE_ID", "hpm-a", "HPM_DB_URL", PG,
                "HPM_INTERVAL", "5s"), Map.of());

        assertThat(c.cluster().instanceId()).isEqualTo("hpm-a");
        assertThat(c.cluster().address()).isNull();
        assertThat(c.cluster().leases().lease()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.cluster().leases().renewEvery()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void load_fileWithLeaseAndFlag_flagWins(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("hpm.yaml");
        Files.writeString(file, """
                database: {url: "jdbc:postgresql://db/hpm"}
                cluster: {instance-id: from-file, address: "https://10.0.0.1:8460", lease: 30s, renew-every: 5s}
                """);

        ServerConfig c = ServerConfigLoader.load(file, Map.of(), Map.of("cluster.instance-id", "hpm-b"));

        assertThat(c.cluster().instanceId()).isEqualTo("hpm-b");
        assertThat(c.cluster().address()).isEqualTo("https://10.0.0.1:8460");
        assertThat(c.cluster().leases().lease()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.cluster().leases().renewEvery()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void load_clusterOnTheEmbeddedDatabase_isRefusedNamingTheFix() {
        assertThatThrownBy(() -> ServerConfigLoader.load(null, Map.of("HPM_INSTANCE_ID", "hpm-a"), Map.of()))
                .isInstanceOf(InvalidDocumentException.class)
                .hasMessageContaining("cluster.instance-id is \"hpm-a\"")
                .hasMessageContaining("set database.url (HPM_DB_URL) to jdbc:postgresql://");
    }

    @Test
    void load_badClusterSettings_everyProblemNamed(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("hpm.yaml");
        Files.writeString(file, """
                database: {url: "jdbc:postgresql://db/hpm"}
                cluster: {instance-id: "two words", address: "10.0.0.1:8460", lease: 2s, renew-every: 1s}
                """);

        assertThatThrownBy(() -> ServerConfigLoader.load(file, Map.of(), Map.of()))
                .hasMessageContaining("cluster.instance-id is \"two words\"")
                .hasMessageContaining("use letters, digits")
                .hasMessageContaining("cluster.address is \"10.0.0.1:8460\"")
                .hasMessageContaining("cluster.lease is \"2s\"")
                .hasMessageContaining("at least three renewals");
    }

    @Test
    void load_clusterSectionWithoutInstanceId_isRefused(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("hpm.yaml");
        Files.writeString(file, "database: {url: \"jdbc:postgresql://db/hpm\"}\ncluster: {lease: 20s}\n");

        assertThatThrownBy(() -> ServerConfigLoader.load(file, Map.of(), Map.of()))
                .hasMessageContaining("cluster.instance-id")
                .hasMessageContaining("give each instance a unique name");
    }
}
