package dev.hpm.server.rt;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hpm.server.Http;
import dev.hpm.server.HpmServer;
import dev.hpm.server.TestServer;
import dev.hpm.server.api.OtlpController;
import dev.hpm.server.config.ServerConfig;
import dev.hpm.server.security.LoginThrottle;
import dev.hpm.store.StoreSettings;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Response times pushed over OTLP/HTTP by a real OpenTelemetry SDK (its OTLP HTTP exporter, protocol
 * http/protobuf) to {@code hpm serve}'s receiver ({@code response-times.otlp}): the application on VS
 * web-1 of the simulated pool ({@code balance/response-time.yaml}, class web with the goal "p90
 * 200ms") records {@code http.server.request.duration} in seconds, its resource's {@code host.name}
 * names the VS. At about 400 ms the class's PI in the API is about 2 and the CPU manager helps it;
 * at 20 ms it meets its goal. The receiver refuses viewers, other media types and, where it is not
 * configured, answers 404 naming the setting.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OtlpResponseTimeTest {
    TestServer hpm;
    Path scenario;

    @BeforeAll
    void start() throws IOException {
        scenario = Files.createTempFile("hpm-otlp-", ".yaml");
        try (InputStream in = OtlpResponseTimeTest.class.getResourceAsStream("/dev/hpm/server/balance/response-time.yaml")) {
            Files.write(scenario, in.readAllBytes());
        }
        hpm = new TestServer(StoreSettings::embedded, scenario, LoginThrottle.Settings.DEFAULT, c -> c.withBalancing(
                new ServerConfig.Balancing("127.0.0.1", -1, "127.0.0.1", -1, false, new ServerConfig.ResponseTimes(
                        "127.0.0.1", -1, List.of(), new ServerConfig.Otlp(true, OtlpMetricsReceiver.DEFAULT_METRIC,
                        OtlpMetricsReceiver.DEFAULT_ATTRIBUTE)))));
    }

    @AfterAll
    void stop() throws IOException {
        if (hpm != null) {
            hpm.close();
        }
        Files.deleteIfExists(scenario);
    }

    @Test
    void openTelemetrySdk_pushesTheHistogram_piAndReceiverFollowTheLatency() throws Exception {
        String basic = "Basic " + Base64.getEncoder().encodeToString(("admin:" + TestServer.ADMIN_PASSWORD)
                .getBytes(StandardCharsets.UTF_8));
        OtlpHttpMetricExporter exporter = OtlpHttpMetricExporter.builder()
                .setEndpoint(hpm.server.baseUrl() + OtlpController.PATH).addHeader("Authorization", basic).build();
        try (SdkMeterProvider meters = SdkMeterProvider.builder()
                .setResource(Resource.getDefault().merge(Resource.create(Attributes.of(AttributeKey.stringKey("host.name"), "web-1"))))
                .registerMetricReader(PeriodicMetricReader.builder(exporter).setInterval(Duration.ofMillis(500)).build())
                .build()) {
            DoubleHistogram duration = meters.get("hpm-test").histogramBuilder(OtlpMetricsReceiver.DEFAULT_METRIC).setUnit("s")
                    .setExplicitBucketBoundariesAdvice(List.of(0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.75, 1.0, 2.5))
                    .build();
            Attributes route = Attributes.of(AttributeKey.stringKey("http.route"), "/shop");

            List<Double> slow = piWhile(duration, route, 0.40, 3, pi -> pi > 1.5, Duration.ofSeconds(40));
            System.out.println("[otlp] PI per interval at about 400 ms: " + slow);
            assertThat(slow.getLast()).isBetween(1.6, 2.6);
            JsonNode web = webClass();
            System.out.println("[otlp] web at 400 ms: " + web);
            assertThat(web.get("status").asText()).isEqualTo("missing-goal");
            assertThat(web.get("completions").asInt()).isGreaterThanOrEqualTo(10);
            assertThat(web.get("average-millis").asDouble()).isBetween(380.0, 420.0);
            for (String step : new String[]{"", "1m"}) {
                JsonNode samples = historyOfWeb(step);
                JsonNode last = samples.get(samples.size() - 1);
                System.out.println("[otlp] history of web, step '" + step + "': " + samples.size() + " samples, last " + last);
                assertThat(last.get("pi").asDouble()).as("the history's PI of a response-time class, step '%s'", step)
                        .isBetween(1.6, 2.6);
                assertThat(last.get("completions").asLong()).isPositive();
            }
            JsonNode adjustment = awaitAdjustment(Duration.ofSeconds(20));
            System.out.println("[otlp] adjustment: " + adjustment.get("reason").asText());
            assertThat(adjustment.get("reason").asText()).startsWith("Web/web (high, goal p90 200ms) missed its goal with PI");

            List<Double> fast = piWhile(duration, route, 0.02, 3, pi -> pi < 1, Duration.ofSeconds(30));
            System.out.println("[otlp] PI per interval at about 20 ms: " + fast);
            assertThat(fast.getLast()).isLessThan(0.5);
        }
    }

    @Test
    void export_byAViewer_isForbidden() throws Exception {
        assertThat(hpm.http.post("/users", hpm.admin, "{\"name\": \"otlp-viewer\", \"role\": \"viewer\", \"password\": "
                + "\"viewer-password-for-tests\"}").status()).isEqualTo(201);
        HttpResponse<String> r = post(hpm, "Basic " + Base64.getEncoder().encodeToString(
                "otlp-viewer:viewer-password-for-tests".getBytes(StandardCharsets.UTF_8)), OtlpController.PROTOBUF, new byte[0]);
        assertThat(r.statusCode()).isEqualTo(403);
    }

    @Test
    void export_asJson_is415NamingTheProtocol() throws Exception {
        HttpResponse<String> r = post(hpm, adminBasic(), "application/json", "{\"resourceMetrics\": []}".getBytes());
        assertThat(r.statusCode()).isEqualTo(415);
        assertThat(r.body()).contains("application/x-protobuf", "http/protobuf");
    }

    @Test
    void export_garbage_is400() throws Exception {
        HttpResponse<String> r = post(hpm, adminBasic(), OtlpController.PROTOBUF, new byte[]{(byte) 0xff, 0x01, 0x02});
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("not an OTLP ExportMetricsServiceRequest");
    }

    @Test
    void export_500MutatedBodiesOverHttp_neverA5xx() throws Exception {
        java.util.Random random = new java.util.Random(3);
        byte[] valid = OtlpMetricsReceiverTest.export("fuzz-vs", "s", OtlpMetricsReceiverTest.CUMULATIVE,
                OtlpMetricsReceiverTest.point(1, OtlpMetricsReceiverTest.BOUNDS, List.of(1L, 2L, 3L, 4L, 5L), 3.0, "/"));
        java.util.Map<Integer, Integer> statuses = new java.util.TreeMap<>();
        for (int n = 0; n < 500; n++) {
            byte[] body = n % 2 == 0 ? OtlpMetricsReceiverTest.flip(valid, random, 1 + random.nextInt(3))
                    : OtlpMetricsReceiverTest.insert(valid, random);
            int status = post(hpm, adminBasic(), OtlpController.PROTOBUF, body).statusCode();
            statuses.merge(status, 1, Integer::sum);
        }
        System.out.println("[otlp fuzz] statuses of 500 mutated exports: " + statuses);
        assertThat(statuses.keySet()).allSatisfy(s -> assertThat(s).isIn(200, 400));
    }

    @Test
    void export_toAServerWithoutTheReceiver_is404NamingTheSetting() throws Exception {
        try (TestServer plain = TestServer.embedded()) {
            HttpResponse<String> r = post(plain, adminBasic(), OtlpController.PROTOBUF, new byte[0]);
            assertThat(r.statusCode()).isEqualTo(404);
            assertThat(r.body()).contains("response-times: {otlp: {}}");
        }
    }

    static String adminBasic() {
        return "Basic " + Base64.getEncoder().encodeToString(("admin:" + TestServer.ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8));
    }

    static HttpResponse<String> post(TestServer server, String authorization, String type, byte[] body) throws Exception {
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(HttpRequest.newBuilder(URI.create(server.server.baseUrl() + OtlpController.PATH))
                    .header("Authorization", authorization).header("Content-Type", type)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    /**
     * Records requests of about {@code seconds} (±5 %, 200 a second) until {@code count} intervals
     * in a row had a PI of class web that passes {@code ok}; the PIs seen, one per interval.
     */
    List<Double> piWhile(DoubleHistogram duration, Attributes route, double seconds, int count,
                         java.util.function.DoublePredicate ok, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        List<Double> seen = new ArrayList<>();
        long lastInterval = hpm.server.service().intervalsRun();
        int inRow = 0;
        while (System.nanoTime() < deadline) {
            for (int i = 0; i < 10; i++) {
                duration.record(seconds * (0.95 + 0.1 * ThreadLocalRandom.current().nextDouble()), route);
            }
            long interval = hpm.server.service().intervalsRun();
            if (interval != lastInterval) {
                lastInterval = interval;
                JsonNode pi = webClass().get("pi");
                if (pi != null && pi.isNumber()) {
                    seen.add(pi.asDouble());
                    inRow = ok.test(pi.asDouble()) ? inRow + 1 : 0;
                    if (inRow >= count) {
                        return seen;
                    }
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("web's PI did not get there: " + seen);
    }

    /** Class web's samples in the history of the last two minutes, in buckets of {@code step} (none: every interval). */
    JsonNode historyOfWeb(String step) {
        JsonNode groups = hpm.http.get("/metrics/calculated/workload-resource-groups/Web?from=-2m"
                + (step.isEmpty() ? "" : "&step=" + step), hpm.admin).json().get("workload-resource-groups");
        for (JsonNode c : groups.get(0).get("service-classes")) {
            if (c.get("name").asText().equals("web")) {
                return c.get("samples");
            }
        }
        throw new AssertionError("no class web in the history: " + groups);
    }

    JsonNode webClass() {
        for (JsonNode c : hpm.http.get("/workload-resource-groups/Web", hpm.admin).json().get("service-classes")) {
            if (c.get("name").asText().equals("web")) {
                return c;
            }
        }
        throw new AssertionError("no class web");
    }

    JsonNode awaitAdjustment(Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            for (JsonNode a : hpm.http.get("/dynamic-resource-adjustments", hpm.admin).json().get("dynamic-resource-adjustments")) {
                if (a.get("receiver").get("service-class").asText().equals("web")) {
                    return a;
                }
            }
            Thread.sleep(300);
        }
        throw new AssertionError("no adjustment for web");
    }
}
