package dev.hpm.server.prometheus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Prometheus for tests: Debian's {@code prometheus} started on a free loopback port with a
 * temporary configuration and storage directory, stopped by its pid and removed on {@link #close}.
 * The binaries are {@code /usr/bin/prometheus} and {@code /usr/bin/promtool}, or those in
 * {@code -Dhpm.test.prometheus.bin=DIR}; nothing is downloaded.
 */
public final class PrometheusServer implements AutoCloseable {
    static final Path BIN = Path.of(System.getProperty("hpm.test.prometheus.bin", "/usr/bin"));
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final Process process;
    private final String base;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** What promtool said: its exit code and its output (standard output and error together). */
    public record Result(int exit, String output) {
    }

    /** Starts Prometheus with {@code config} (a prometheus.yml body) and waits until it is ready. */
    public PrometheusServer(String config) {
        requireBinaries();
        try {
            dir = Files.createTempDirectory("hpm-prometheus-test-");
            Path file = dir.resolve("prometheus.yml");
            Files.writeString(file, config);
            int port;
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = s.getLocalPort();
            }
            base = "http://127.0.0.1:" + port;
            process = new ProcessBuilder(BIN.resolve("prometheus").toString(), "--config.file=" + file,
                    "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
                    "--log.level=warn").redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        awaitReady();
    }

    /** Fails with what to install when the binaries are missing, as the other tagged tests do. */
    static void requireBinaries() {
        for (String tool : List.of("prometheus", "promtool")) {
            if (!Files.isExecutable(BIN.resolve(tool))) {
                throw new IllegalStateException("the Prometheus tests (tag prometheus) need " + BIN.resolve(tool)
                        + ": apt-get install prometheus, or give -Dhpm.test.prometheus.bin=DIR (or exclude the group"
                        + " \"prometheus\": ./run-tests --unit)");
            }
        }
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("prometheus exited with " + process.exitValue() + ": " + log());
            }
            try {
                if (client.send(HttpRequest.newBuilder(URI.create(base + "/-/ready")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(200);
        }
        throw new IllegalStateException("prometheus was not ready within 60 s: " + log());
    }

    /** {@code GET /api/v1/query} at the current time: the {@code data} of a successful answer. */
    public JsonNode query(String promql) {
        return api("/api/v1/query?query=" + encode(promql));
    }

    /** {@code GET path} of the HTTP API; fails with Prometheus' error unless the status is success. */
    public JsonNode api(String path) {
        try {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode body = JSON.readTree(r.body());
            if (r.statusCode() != 200 || !"success".equals(body.path("status").asText())) {
                throw new AssertionError("Prometheus answered " + r.statusCode() + " to " + path + ": " + r.body());
            }
            return body.get("data");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** Runs {@code promtool ARGS} with {@code input} on its standard input (null for none). */
    public static Result promtool(String input, String... args) {
        requireBinaries();
        List<String> command = new ArrayList<>(List.of(BIN.resolve("promtool").toString()));
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            if (input != null) {
                p.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
            }
            p.getOutputStream().close();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("promtool " + args[0] + " did not finish within 60 s");
            }
            return new Result(p.exitValue(), output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    String log() {
        try {
            return Files.readString(dir.resolve("prometheus.log"));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Stops Prometheus (SIGTERM to its pid, then SIGKILL after 30 s) and removes its directory. */
    @Override
    public void close() {
        process.toHandle().destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.toHandle().destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort
        }
    }
}
