package dev.hpm.server.balance;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.hpm.core.model.ManagementLevel;
import dev.hpm.server.Http;
import dev.hpm.server.HpmServer;
import dev.hpm.server.TestServer;
import dev.hpm.server.config.ServerConfig;
import dev.hpm.store.StoreSettings;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The response-time goal end to end: real requests through a real HAProxy to a test HTTP server
 * whose latency the test sets; HAProxy logs every request over UDP syslog to HPM
 * ({@code response-times.haproxy-log}); the member's address and port map it to VS web-1 of the
 * simulated pool ({@code balance/response-time.yaml}), whose class has the goal "p90 200ms". At 400 ms
 * the class's PI, read from the API every interval, is about 2, the class is the CPU manager's
 * receiver and the adjustment report says so, and the member's weight is cut for the missed goal;
 * at 20 ms the PI falls below 1 and the class is no receiver.
 */
@Tag("haproxy")
class HaproxyResponseTimeTest {
    /** A test HTTP server that answers after {@code latency} milliseconds. */
    record Backend(HttpServer server, AtomicInteger latency, AtomicInteger requests) {
        static Backend start() throws IOException {
            AtomicInteger latency = new AtomicInteger();
            AtomicInteger n = new AtomicInteger();
            HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
            s.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            s.createContext("/", x -> {
                n.incrementAndGet();
                try {
                    Thread.sleep(latency.get());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                byte[] body = "ok\n".getBytes();
                x.sendResponseHeaders(200, body.length);
                x.getResponseBody().write(body);
                x.close();
            });
            s.start();
            return new Backend(s, latency, n);
        }

        int port() {
            return server.getAddress().getPort();
        }
    }

    @Test
    void percentileGoal_latencyAboveTheGoal_piPerInterval_receiverAndReport() throws Exception {
        Path data = Files.createTempDirectory("hpm-rt-test-");
        Path scenario = data.resolve("response-time.yaml");
        try (InputStream in = HaproxyResponseTimeTest.class.getResourceAsStream("response-time.yaml")) {
            Files.write(scenario, in.readAllBytes());
        }
        Backend backend = Backend.start();
        HpmServer hpm = null;
        Haproxy haproxy = null;
        AtomicBoolean loading = new AtomicBoolean(true);
        ExecutorService load = Executors.newFixedThreadPool(12);
        try {
            ServerConfig config = new ServerConfig("127.0.0.1", 0, null, data, StoreSettings.embedded(data),
                    Duration.ofSeconds(1), ManagementLevel.MANAGE, List.of(), true, scenario, TestServer.ADMIN_PASSWORD)
                    .withBalancing(new ServerConfig.Balancing("127.0.0.1", -1, "127.0.0.1", 0, false,
                            new ServerConfig.ResponseTimes("127.0.0.1", 0, List.of())));
            hpm = HpmServer.start(config, TestServer.SYSTEM, m -> System.out.println("hpm: " + m));
            Http http = new Http(hpm.baseUrl() + HpmServer.BASE);
            Http.As admin = Http.As.user("admin", TestServer.ADMIN_PASSWORD);
            Http.Response created = http.post("/load-balancing-groups", admin, ("{\"name\": \"web\", \"members\": [{\"name\":"
                    + " \"web-1\", \"virtual-server\": \"web-1\", \"address\": \"127.0.0.1\", \"port\": %d}]}")
                    .formatted(backend.port()));
            assertThat(created.status()).as(created.text()).isEqualTo(201);
            int logPort = hpm.loadBalancers().haproxyLogPort();
            assertThat(logPort).isPositive();
            haproxy = new Haproxy(data, hpm.loadBalancers().agentPort(),
                    List.of(new Haproxy.Server("web-1", backend.port(), "web/web-1")), logPort);
            URI through = URI.create("http://127.0.0.1:" + haproxy.port + "/");
            try (HttpClient client = HttpClient.newHttpClient()) {
                for (int i = 0; i < 12; i++) {
                    load.submit(() -> {
                        HttpRequest request = HttpRequest.newBuilder(through).timeout(Duration.ofSeconds(5)).build();
                        while (loading.get()) {
                            try {
                                client.send(request, HttpResponse.BodyHandlers.discarding());
                            } catch (Exception e) {
                                sleep(50); // HAProxy still starting
                            }
                        }
                        return null;
                    });
                }

                // 1. 400 ms against a goal of p90 200 ms: PI about 2 every interval, web is the receiver.
                backend.latency().set(400);
                Map<Long, Double> slow = piPerInterval(http, admin, 12, pi -> pi > 1.5, Duration.ofSeconds(40));
                System.out.println("PI per interval at 400 ms: " + slow);
                assertThat(slow.values()).last().satisfies(pi -> assertThat(pi).isBetween(1.6, 2.6));
                JsonNode slowClass = webClass(http, admin);
                System.out.println("web at 400 ms: " + slowClass);
                assertThat(slowClass.get("completions").asInt()).isGreaterThanOrEqualTo(10);
                assertThat(slowClass.get("average-millis").asDouble()).isBetween(400.0, 600.0);
                assertThat(slowClass.get("status").asText()).isEqualTo("missing-goal");
                JsonNode adjustment = awaitAdjustment(http, admin, Duration.ofSeconds(20));
                System.out.println("adjustment: " + adjustment.get("reason").asText());
                assertThat(adjustment.get("receiver").get("service-class").asText()).isEqualTo("web");
                assertThat(adjustment.get("reason").asText()).startsWith("Web/web (high, goal p90 200ms) missed its goal with PI")
                        .contains("from Batch/batch (discretionary)");
                assertThat(adjustment.get("receiver").get("pi-projected").asDouble())
                        .isLessThan(adjustment.get("receiver").get("pi-before").asDouble());
                JsonNode weight = HaproxyBalancingTest.weight(http, admin, "web-1");
                System.out.println("web-1 weight " + weight.get("weight") + ": " + weight.get("reason").asText());
                assertThat(weight.get("reason").asText()).contains("misses its goal (PI");

                // 2. 20 ms: PI below 1, no longer a receiver.
                backend.latency().set(20);
                Map<Long, Double> fast = piPerInterval(http, admin, 5, pi -> pi < 1, Duration.ofSeconds(30));
                System.out.println("PI per interval at 20 ms: " + fast);
                assertThat(fast.values()).last().satisfies(pi -> assertThat(pi).isLessThan(0.5));
                JsonNode cls = webClass(http, admin);
                assertThat(cls.get("status").asText()).as(cls.toString()).isNotEqualTo("missing-goal");
                System.out.println("requests served: " + backend.requests().get());
            }
        } finally {
            loading.set(false);
            load.shutdown();
            load.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
            if (haproxy != null) {
                haproxy.close();
            }
            if (hpm != null) {
                hpm.close();
            }
            backend.server().stop(0);
            try (var files = Files.walk(data)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Class web of group Web as the API shows it now. */
    static JsonNode webClass(Http http, Http.As admin) {
        for (JsonNode c : http.get("/workload-resource-groups/Web", admin).json().get("service-classes")) {
            if (c.get("name").asText().equals("web")) {
                return c;
            }
        }
        throw new AssertionError("no class web");
    }

    /**
     * Reads web's PI from the API every 200 ms, keyed by the interval HPM ran; returns once
     * {@code count} intervals in a row had a PI that passes {@code ok}.
     */
    static Map<Long, Double> piPerInterval(Http http, Http.As admin, int count, java.util.function.DoublePredicate ok,
                                           Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        Map<Long, Double> seen = new LinkedHashMap<>();
        int inRow = 0;
        long lastInterval = -1;
        while (System.nanoTime() < deadline) {
            long interval = http.get("/load-balancing-groups/web/weights", admin).json().get("interval").asLong(-1);
            JsonNode pi = webClass(http, admin).get("pi");
            if (interval != lastInterval && pi != null && pi.isNumber()) {
                lastInterval = interval;
                seen.put(interval, pi.asDouble());
                inRow = ok.test(pi.asDouble()) ? inRow + 1 : 0;
                if (inRow >= count) {
                    return seen;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("web's PI did not get there: " + seen);
    }

    /** The newest adjustment whose receiver is class web. */
    static JsonNode awaitAdjustment(Http http, Http.As admin, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        List<String> other = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            for (JsonNode a : http.get("/dynamic-resource-adjustments", admin).json().get("dynamic-resource-adjustments")) {
                if (a.get("receiver").get("service-class").asText().equals("web")) {
                    return a;
                }
                other.add(a.get("reason").asText());
            }
            Thread.sleep(300);
        }
        throw new AssertionError("no adjustment for web; others: " + other);
    }
}
