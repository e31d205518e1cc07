package dev.hpm.server.pool.real;

import dev.hpm.codec.InvalidDocumentException;
import dev.hpm.server.config.ServerConfig;
import dev.hpm.server.config.ServerConfigLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A host's {@code migration-uri} in hpm.yaml: given, derived from its URI, or refused naming the fix. */
class MigrationUrisTest {
    @Test
    void derive_uriWithHost_tcpToThatHost_localUri_none() {
        assertThat(MigrationUris.derive("qemu+ssh://root@kvm2.example.com/system")).isEqualTo("tcp://kvm2.example.com");
        assertThat(MigrationUris.derive("qemu+tcp://10.0.0.7:16509/system")).isEqualTo("tcp://10.0.0.7");
        assertThat(MigrationUris.derive("qemu:///system")).isNull();
        assertThat(MigrationUris.derive("qemu+unix:///system?socket=/run/h1/libvirt-sock")).isNull();
    }

    @Test
    void problem_onlyTcpOrRdmaWithAHostAndAPort() {
        assertThat(MigrationUris.problem(null)).isEmpty();
        assertThat(MigrationUris.problem("tcp://10.0.0.2")).isEmpty();
        assertThat(MigrationUris.problem("tcp://kvm2:49152")).isEmpty();
        assertThat(MigrationUris.problem("rdma://ib0-kvm2")).isEmpty();
        for (String bad : new String[]{"10.0.0.2", "http://kvm2", "tcp://", "tcp://kvm2:70000", "tcp://kvm2/path",
                "tcp://user@kvm2", "tcp://kvm 2"}) {
            assertThat(MigrationUris.problem(bad)).as(bad).hasValueSatisfying(f -> assertThat(f).contains("tcp://HOST"));
        }
    }

    @Test
    void load_migrationUriGivenDerivedOrRefused(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("hpm.yaml");
        Files.writeString(file, """
                hosts:
                  - {uri: "qemu+ssh://root@kvm1/system", name: kvm1}
                  - {uri: "qemu+ssh://root@kvm2/system", name: kvm2, migration-uri: "tcp://10.0.0.2"}
                """);
        ServerConfig c = ServerConfigLoader.load(file, Map.of(), Map.of());
        assertThat(c.hosts()).extracting(ServerConfig.HostConfig::migrationUri).containsExactly("tcp://kvm1", "tcp://10.0.0.2");

        Files.writeString(file, """
                hosts: [{uri: "qemu+ssh://root@kvm2/system", migration-uri: "10.0.0.2"}]
                """);
        assertThatThrownBy(() -> ServerConfigLoader.load(file, Map.of(), Map.of()))
                .isInstanceOf(InvalidDocumentException.class)
                .hasMessageContaining("hosts.migration-uri is \"10.0.0.2\": write tcp://HOST or tcp://HOST:PORT");
    }
}
