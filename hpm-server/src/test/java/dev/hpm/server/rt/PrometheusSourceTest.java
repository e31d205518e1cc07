package dev.hpm.server.rt;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.hpm.core.model.ManagementLevel;
import dev.hpm.server.Http;
import dev.hpm.server.HpmServer;
import dev.hpm.server.TestServer;
import dev.hpm.server.config.ServerConfig;
import dev.hpm.store.StoreSettings;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code hpm serve} with {@code response-times.prometheus}: a test application records its requests
 * in a Prometheus Java client histogram (40 a second at 300 ms) and serves it over HTTP; HPM
 * scrapes it for VS web-1 of the simulated pool ({@code balance/response-time.yaml}, goal
 * {@code p90 200ms}) and the API shows the class's PI and completions each interval.
 */
class PrometheusSourceTest {
    @Test
    void serve_prometheusTarget_classPiFromTheApplicationsHistogram() throws Exception {
        Path data = Files.createTempDirectory("hpm-prom-rt-test-");
        Path scenario = data.resolve("response-time.yaml");
        try (InputStream in = PrometheusSourceTest.class.getResourceAsStream("/dev/hpm/server/balance/response-time.yaml")) {
            Files.write(scenario, in.readAllBytes());
        }
        PrometheusRegistry registry = new PrometheusRegistry();
        Histogram h = Histogram.builder().name("http_server_request_duration_seconds").help("request durations")
                .classicOnly().classicUpperBounds(0.05, 0.1, 0.2, 0.4, 0.8).register(registry);
        HttpServer app = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
        app.createContext("/metrics", x -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            PrometheusTextFormatWriter.create().write(out, registry.scrape());
            x.sendResponseHeaders(200, out.size());
            x.getResponseBody().write(out.toByteArray());
            x.close();
        });
        app.start();
        ScheduledExecutorService traffic = Executors.newSingleThreadScheduledExecutor();
        traffic.scheduleAtFixedRate(() -> h.observe(0.3), 0, 25, TimeUnit.MILLISECONDS);
        HpmServer hpm = null;
        try {
            String url = "http://127.0.0.1:" + app.getAddress().getPort() + "/metrics";
            ServerConfig config = new ServerConfig("127.0.0.1", 0, null, data, StoreSettings.embedded(data),
                    Duration.ofSeconds(1), ManagementLevel.MANAGE, List.of(), true, scenario, TestServer.ADMIN_PASSWORD)
                    .withBalancing(ServerConfig.Balancing.OFF.withResponseTimes(new ServerConfig.ResponseTimes("127.0.0.1", -1,
                            List.of(new ServerConfig.PrometheusTarget(url, "http_server_request_duration_seconds", "web-1")))));
            hpm = HpmServer.start(config, TestServer.SYSTEM, m -> System.out.println("hpm: " + m));
            Http http = new Http(hpm.baseUrl() + HpmServer.BASE);
            Http.As admin = Http.As.user("admin", TestServer.ADMIN_PASSWORD);

            // a load-balancing group only to read which interval the figures are of
            assertThat(http.post("/load-balancing-groups", admin, ("{\"name\": \"web\", \"members\": [{\"name\": \"web-1\","
                    + " \"virtual-server\": \"web-1\", \"address\": \"127.0.0.1\", \"port\": %d}]}")
                    .formatted(app.getAddress().getPort())).status()).isEqualTo(201);
            java.util.Map<Long, JsonNode> perInterval = new java.util.LinkedHashMap<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline && perInterval.values().stream().filter(c -> c.get("pi").isNumber()).count() < 3) {
                long interval = http.get("/load-balancing-groups/web/weights", admin).json().get("interval").asLong(-1);
                for (JsonNode c : http.get("/workload-resource-groups/Web", admin).json().get("service-classes")) {
                    if (c.get("name").asText().equals("web") && interval >= 0) {
                        perInterval.putIfAbsent(interval, c);
                    }
                }
                Thread.sleep(200);
            }
            List<JsonNode> seen = new ArrayList<>(perInterval.values());
            System.out.println("web from the Prometheus histogram: " + seen);
            assertThat(seen.stream().filter(c -> c.get("pi").isNumber()).count()).isGreaterThanOrEqualTo(3);
            JsonNode last = seen.getLast();
            // every request at 300 ms, in the bucket (200, 400]: the 90th percentile is interpolated inside it
            assertThat(last.get("pi").asDouble()).isBetween(1.2, 2.0);
            assertThat(last.get("average-millis").asDouble()).isBetween(295.0, 305.0);
            assertThat(last.get("completions").asInt()).isBetween(10, 60);
            assertThat(last.get("status").asText()).isEqualTo("missing-goal");
        } finally {
            traffic.shutdownNow();
            if (hpm != null) {
                hpm.close();
            }
            app.stop(0);
            try (var files = Files.walk(data)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
