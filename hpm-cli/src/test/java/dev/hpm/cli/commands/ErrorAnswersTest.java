package dev.hpm.cli.commands;

import com.sun.net.httpserver.HttpServer;
import dev.hpm.cli.remote.ExitCodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every class of error answer and its exit code, from a stand-in server that answers whatever the
 * test says — including what a real HPM server rarely does (503, 500, a proxy's HTML page).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ErrorAnswersTest {
    record Answer(int status, String type, String body) {
    }

    final AtomicReference<Answer> answer = new AtomicReference<>();
    HttpServer server;

    @BeforeAll
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            Answer a = answer.get();
            byte[] body = a.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", a.type());
            exchange.sendResponseHeaders(a.status(), body.length == 0 ? -1 : body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    @AfterAll
    void stop() {
        server.stop(0);
    }

    CliRun hpm(Answer a, String... args) {
        answer.set(a);
        return CliRun.of(CliRun.environment(Map.of("HPM_SERVER", "http://127.0.0.1:" + server.getAddress().getPort(),
                "HPM_TOKEN", "hpm_test"), Path.of("/nonexistent-home")), args);
    }

    static Answer error(int status, String reason) {
        return new Answer(status, "application/json", "{\"http-status\": " + status + ", \"reason\": \"" + reason
                + "\", \"message\": \"what went wrong\"}");
    }

    @ParameterizedTest
    @CsvSource({"400, malformed-request, 2", "401, unauthenticated, 3", "403, forbidden, 3", "404, not-found, 4",
            "409, conflict, 5", "413, payload-too-large, 2", "415, unsupported-media-type, 2", "500, internal-error, 1",
            "503, unavailable, 6"})
    void errorAnswer_exitCodeOfItsClass_andTheServersMessage(int status, String reason, int exitCode) {
        CliRun r = hpm(error(status, reason), "wrg-list");
        assertThat(r.code()).isEqualTo(exitCode);
        assertThat(r.err().lines().findFirst().orElseThrow()).isEqualTo("hpm: what went wrong (HTTP " + status + " " + reason + ")");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void errorAnswer_notJson_showsTheStatusAndFirstLine() {
        CliRun r = hpm(new Answer(502, "text/html", "<html>Bad Gateway</html>\n<body>…</body>"), "wrg-list");
        assertThat(r.code()).isEqualTo(ExitCodes.UNAVAILABLE);
        assertThat(r.err()).isEqualTo("hpm: the server answered HTTP 502: <html>Bad Gateway</html>\n");
    }

    @Test
    void successAnswer_notJson_isNotAnHpmServer() {
        CliRun r = hpm(new Answer(200, "text/html", "<html>welcome</html>"), "wrg-list");
        assertThat(r.code()).isEqualTo(ExitCodes.UNEXPECTED);
        assertThat(r.err()).contains("answered with text/html, not JSON: is it an HPM server? (HPM_SERVER)");
    }

    @Test
    void health_down_exits6_andStillShowsTheHealth() {
        CliRun r = hpm(new Answer(503, "application/json", "{\"status\": \"down\", \"database\": \"unavailable: gone\","
                + " \"hypervisors\": 2, \"hypervisors-connected\": 0}"), "health");
        assertThat(r.code()).isEqualTo(ExitCodes.UNAVAILABLE);
        assertThat(r.out()).contains("Status:       down", "Database:     unavailable: gone", "Hypervisors:  2 (0 connected)");
    }

    @Test
    void unexpectedFailure_exit1_stackTraceOnlyWithHpmDebug() {
        answer.set(new Answer(200, "application/json", "{\"workload-resource-groups\": "));
        CliRun r = hpm(answer.get(), "wrg-list");
        assertThat(r.code()).isEqualTo(ExitCodes.UNEXPECTED);
        assertThat(r.err()).startsWith("hpm: the server's answer is not valid JSON").doesNotContain("\tat ");
        CliRun debug = CliRun.of(CliRun.environment(Map.of("HPM_SERVER", "http://127.0.0.1:" + server.getAddress().getPort(),
                "HPM_DEBUG", "1"), Path.of("/nonexistent-home")), "wrg-list");
        assertThat(debug.err()).contains("\tat ");
    }
}
