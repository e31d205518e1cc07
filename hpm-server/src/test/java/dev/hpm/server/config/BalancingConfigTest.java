package dev.hpm.server.config;

import dev.hpm.codec.InvalidDocumentException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code sasp.port} and {@code lb-agent.port}: off unless set, loopback by default, validated with the fix. */
class BalancingConfigTest {
    @Test
    void load_nothing_listenersOff() {
        ServerConfig.Balancing b = ServerConfigLoader.load(null, Map.of(), Map.of()).balancing();
        assertThat(b.saspPort()).isEqualTo(-1);
        assertThat(b.agentPort()).isEqualTo(-1);
        assertThat(b.saspHost()).isEqualTo("127.0.0.1");
    }

    @Test
    void load_fileEnvironmentAndFlags(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("hpm.yaml");
        Files.writeString(file, "sasp: {port: 3860, host: 0.0.0.0}\nlb-agent: {port: 3861}\n");
        ServerConfig.Balancing b = ServerConfigLoader.load(file, Map.of("HPM_LB_AGENT_PORT", "3900"),
                Map.of("sasp.port", "3870")).balancing();
        assertThat(b.saspPort()).isEqualTo(3870);
        assertThat(b.saspHost()).isEqualTo("0.0.0.0");
        assertThat(b.agentPort()).isEqualTo(3900);
        assertThat(b.agentHost()).isEqualTo("127.0.0.1");
    }

    @Test
    void load_badPortsNamedWithTheFix() {
        assertThatThrownBy(() -> ServerConfigLoader.load(null, Map.of(), Map.of("sasp.port", "70000", "lb-agent.port", "x")))
                .isInstanceOf(InvalidDocumentException.class)
                .hasMessageContaining("sasp.port").hasMessageContaining("70000").hasMessageContaining("use 1 to 65535")
                .hasMessageContaining("lb-agent.port");
        assertThatThrownBy(() -> ServerConfigLoader.load(null, Map.of(), Map.of("sasp.port", "3860", "lb-agent.port", "3860")))
                .hasMessageContaining("give each listener its own");
    }

    @Test
    void load_saspTls_usesTheApisKeyStore(@TempDir Path dir) throws Exception {
        Path keystore = Files.writeString(dir.resolve("hpm.p12"), "not read by the loader");
        Path file = dir.resolve("hpm.yaml");
        Files.writeString(file, "server: {tls: {keystore: " + keystore + ", keystore-password: pw}}\n"
                + "sasp: {port: 3860, tls: true}\n");
        ServerConfig c = ServerConfigLoader.load(file, Map.of(), Map.of());
        assertThat(c.balancing().saspTls()).isTrue();
        assertThat(c.tls().keystore()).isEqualTo(keystore);
        assertThat(ServerConfigLoader.load(file, Map.of("HPM_SASP_TLS", "false"), Map.of()).balancing().saspTls()).isFalse();
        assertThat(ServerConfigLoader.load(null, Map.of(), Map.of("sasp.port", "3860")).balancing().saspTls())
                .as("plain TCP unless asked").isFalse();
    }

    @Test
    void load_saspTlsWithoutKeyStoreOrPortOrNotABoolean_namedWithTheFix() {
        assertThatThrownBy(() -> ServerConfigLoader.load(null, Map.of("HPM_SASP_TLS", "true"), Map.of("sasp.port", "3860")))
                .isInstanceOf(InvalidDocumentException.class)
                .hasMessageContaining("sasp.tls").hasMessageContaining("set server.tls.keystore");
        assertThatThrownBy(() -> ServerConfigLoader.load(null, Map.of(), Map.of("sasp.tls", "true")))
                .hasMessageContaining("also set sasp.port");
        assertThatThrownBy(() -> ServerConfigLoader.load(null, Map.of(), Map.of("sasp.port", "3860", "sasp.tls", "maybe")))
                .hasMessageContaining("sasp.tls").hasMessageContaining("maybe").hasMessageContaining("use true");
    }
}
