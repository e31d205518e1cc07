package dev.hpm.server.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code response-times}: HAProxy's log listener, Prometheus targets and the OTLP receiver, off unless set. */
class ResponseTimesConfigTest {
    @Test
    void load_nothing_sourcesOff() {
        ServerConfig.ResponseTimes rt = ServerConfigLoader.load(null, Map.of(), Map.of()).balancing().responseTimes();
        assertThat(rt.haproxyLogPort()).isEqualTo(-1);
        assertThat(rt.prometheus()).isEmpty();
        assertThat(rt.otlp().enabled()).isFalse();
        assertThat(rt.any()).isFalse();
    }

    @Test
    void load_logBeyondLoopbackWithoutAllow_refusedNamingTheFix(@TempDir Path dir) throws Exception {
        Path file = write(dir, """
                response-times:
                  haproxy-log: {port: 5514, host: 0.0.0.0}
                """);
        assertThatThrownBy(() -> ServerConfigLoader.load(file, Map.of(), Map.of()))
                .hasMessageContaining("response-times.haproxy-log.allow is missing: listening on 0.0.0.0 takes HAProxy's log "
                        + "from anyone")
                .hasMessageContaining("allow: [10.0.0.2]");
    }

    @Test
    void load_logWithAllow_addressesKept_badOnesNamed(@TempDir Path dir) throws Exception {
        Path file = write(dir, """
                response-times:
                  haproxy-log: {port: 5514, host: 0.0.0.0, allow: [10.0.0.2, "2001:db8::7"]}
                """);
        assertThat(responseTimes(file).haproxyLogAllow())
                .containsExactly("10.0.0.2", "2001:db8:0:0:0:0:0:7");
        write(dir, """
                response-times:
                  haproxy-log: {port: 5514, host: 0.0.0.0, allow: [haproxy.example]}
                """);
        assertThatThrownBy(() -> ServerConfigLoader.load(file, Map.of(), Map.of()))
                .hasMessageContaining("response-times.haproxy-log.allow[0] is \"haproxy.example\": write the IP address");
    }

    @Test
    void load_otlpEmpty_onWithTheDefaults(@TempDir Path dir) throws Exception {
        Path file = write(dir, """
                response-times:
                  otlp: {}
                """);
        ServerConfig.ResponseTimes rt = responseTimes(file);
        assertThat(rt.otlp()).isEqualTo(new ServerConfig.Otlp(true, "http.server.request.duration", "host.name"));
        assertThat(rt.any()).isTrue();
    }

    @Test
    void load_otlpBlankOrUnknownKeys_namedWithTheFix(@TempDir Path dir) throws Exception {
        Path file = write(dir, """
                response-times:
                  otlp: {metric: " ", virtual-server-attribute: "", port: 4318}
                """);
        assertThatThrownBy(() -> ServerConfigLoader.load(file, Map.of(), Map.of()))
                .hasMessageContaining("response-times.otlp.metric is \" \": name the request-duration histogram")
                .hasMessageContaining("response-times.otlp.virtual-server-attribute is \"\": name the resource attribute")
                .hasMessageContaining("response-times.otlp.port is \"4318\": unknown key");
    }

    @Test
    void load_logAndTargets(@TempDir Path dir) throws Exception {
        Path file = write(dir, """
                response-times:
                  haproxy-log: {port: 5514}
                  prometheus:
                    - {url: "http://10.0.0.5:9464/metrics", virtual-server: web-1}
                """);
        ServerConfig.ResponseTimes rt = responseTimes(file);
        assertThat(rt.haproxyLogPort()).isEqualTo(5514);
        assertThat(rt.haproxyLogHost()).isEqualTo("127.0.0.1");
        assertThat(rt.prometheus()).isEqualTo(List.of(new ServerConfig.PrometheusTarget("http://10.0.0.5:9464/metrics",
                "http_server_request_duration_seconds", "web-1")));
    }

    @Test
    void load_targetWithoutVsOrUrl_namedWithTheFix(@TempDir Path dir) throws Exception {
        Path file = write(dir, """
                response-times:
                  haproxy-log: {port: 70000}
                  prometheus:
                    - {url: "10.0.0.5:9464", virtual-server: web-1}
                    - {url: "http://10.0.0.6:9464/metrics"}
                """);
        assertThatThrownBy(() -> ServerConfigLoader.load(file, Map.of(), Map.of()))
                .hasMessageContaining("response-times.haproxy-log.port is 70000")
                .hasMessageContaining("response-times.prometheus[0].url is \"10.0.0.5:9464\": give the application's metrics URL")
                .hasMessageContaining("response-times.prometheus[1].virtual-server is missing: name the virtual server");
    }

    /** The configuration file {@code yaml} in {@code dir}. */
    static Path write(Path dir, String yaml) throws java.io.IOException {
        return Files.writeString(dir.resolve("hpm.yaml"), yaml);
    }

    static ServerConfig.ResponseTimes responseTimes(Path file) {
        return ServerConfigLoader.load(file, Map.of(), Map.of()).balancing().responseTimes();
    }
}
