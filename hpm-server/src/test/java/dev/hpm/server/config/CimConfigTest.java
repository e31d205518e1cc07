package dev.hpm.server.config;

import dev.hpm.codec.InvalidDocumentException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The {@code cim} settings (docs/cim.md): off unless a port is set, loopback by default, validated with the fix. */
class CimConfigTest {
    @Test
    void load_nothing_leavesTheCimPortOff() {
        assertThat(ServerConfigLoader.load(null, Map.of(), Map.of()).cim()).isNull();
    }

    @Test
    void load_flag_opensItOnLoopback() {
        ServerConfig c = ServerConfigLoader.load(null, Map.of(), Map.of("cim.port", "5988"));
        assertThat(c.cim()).isEqualTo(new ServerConfig.Cim("127.0.0.1", 5988));
    }

    @Test
    void load_fileThenEnvironmentThenFlag(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("hpm.yaml");
        Files.writeString(file, "cim: {port: 5988, host: 0.0.0.0}\n");
        assertThat(ServerConfigLoader.load(file, Map.of(), Map.of()).cim()).isEqualTo(new ServerConfig.Cim("0.0.0.0", 5988));
        assertThat(ServerConfigLoader.load(file, Map.of("HPM_CIM_PORT", "15988"), Map.of()).cim().port()).isEqualTo(15988);
        assertThat(ServerConfigLoader.load(file, Map.of("HPM_CIM_PORT", "15988"), Map.of("cim.port", "0")).cim().port()).isZero();
    }

    @Test
    void load_badCimSettings_everyProblemNamedWithTheFix(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> ServerConfigLoader.load(null, Map.of(), Map.of("cim.port", "70000")))
                .isInstanceOf(InvalidDocumentException.class)
                .hasMessageContaining("cim.port is 70000: use 1 to 65535 (5988 for HTTP, 5989 for HTTPS by convention)");
        assertThatThrownBy(() -> ServerConfigLoader.load(null, Map.of(), Map.of("cim.port", "five")))
                .hasMessageContaining("cim.port is \"five\"");
        assertThatThrownBy(() -> ServerConfigLoader.load(null, Map.of(), Map.of("cim.port", "8460")))
                .hasMessageContaining("cim.port is 8460: is the REST API's port (server.port); choose another, e.g. 5988");
        Path file = dir.resolve("hpm.yaml");
        Files.writeString(file, "cim: {host: 0.0.0.0, colour: blue}\n");
        assertThatThrownBy(() -> ServerConfigLoader.load(file, Map.of(), Map.of()))
                .hasMessageContaining("cim.host is \"0.0.0.0\": also set cim.port")
                .hasMessageContaining("colour");
    }
}
