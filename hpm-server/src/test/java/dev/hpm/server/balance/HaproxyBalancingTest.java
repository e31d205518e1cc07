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
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real HAProxy on loopback in front of three test HTTP servers, members of load-balancing group
 * {@code web} backed by the VSs web-1, web-2 and web-3 of HPM's simulated pool
 * ({@code balance/balancing.yaml}), weighted by HPM's agent check: when web-3's class misses its
 * goal under contention its weight in HAProxy ({@code show stat}) drops within two agent intervals
 * and its share of requests falls; its host entering maintenance drains it; recovery restores it.
 */
@Tag("haproxy")
class HaproxyBalancingTest {
    static final Duration AGENT_INTERVAL = Duration.ofSeconds(1);

    /** A test HTTP server that counts its requests. */
    record Backend(HttpServer server, AtomicInteger requests) {
        static Backend start() throws IOException {
            AtomicInteger n = new AtomicInteger();
            HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
            s.createContext("/", x -> {
                n.incrementAndGet();
                byte[] body = "ok\n".getBytes();
                x.sendResponseHeaders(200, body.length);
                x.getResponseBody().write(body);
                x.close();
            });
            s.start();
            return new Backend(s, n);
        }

        int port() {
            return server.getAddress().getPort();
        }
    }

    @Test
    void haproxy_followsHpmWeights_missDrainAndRecovery() throws Exception {
        Path data = Files.createTempDirectory("hpm-haproxy-test-");
        Path scenario = data.resolve("balancing.yaml");
        try (InputStream in = HaproxyBalancingTest.class.getResourceAsStream("balancing.yaml")) {
            Files.write(scenario, in.readAllBytes());
        }
        List<Backend> backends = new ArrayList<>();
        HpmServer hpm = null;
        Haproxy haproxy = null;
        long started = System.nanoTime();
        try {
            for (int i = 0; i < 3; i++) {
                backends.add(Backend.start());
            }
            ServerConfig config = new ServerConfig("127.0.0.1", 0, null, data, StoreSettings.embedded(data),
                    Duration.ofSeconds(1), ManagementLevel.MANAGE, List.of(), true, scenario, TestServer.ADMIN_PASSWORD)
                    .withBalancing(new ServerConfig.Balancing("127.0.0.1", -1, "127.0.0.1", 0));
            hpm = HpmServer.start(config, TestServer.SYSTEM, m -> System.out.println("hpm: " + m));
            Http http = new Http(hpm.baseUrl() + HpmServer.BASE);
            Http.As admin = Http.As.user("admin", TestServer.ADMIN_PASSWORD);
            StringBuilder members = new StringBuilder();
            for (int i = 0; i < 3; i++) {
                members.append(i == 0 ? "" : ", ").append("{\"name\": \"web-%d\", \"virtual-server\": \"web-%d\", \"address\": \"127.0.0.1\", \"port\": %d}"
                        .formatted(i + 1, i + 1, backends.get(i).port()));
            }
            Http.Response created = http.post("/load-balancing-groups", admin, "{\"name\": \"web\", \"members\": [" + members + "]}");
            assertThat(created.status()).as(created.text()).isEqualTo(201);

            List<Haproxy.Server> servers = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                servers.add(new Haproxy.Server("web-" + (i + 1), backends.get(i).port(), "web/web-" + (i + 1)));
            }
            haproxy = new Haproxy(data, hpm.loadBalancers().agentPort(), servers);
            Haproxy lb = haproxy;

            // 1. Before contention: three serving members with about the same weight, a third of the requests each.
            Map<String, Haproxy.Stat> before;
            try {
                before = await(lb, s -> s.size() == 3 && s.values().stream()
                        .allMatch(x -> x.status().equals("UP") && x.weight() > 40 && x.weight() <= 100)
                        && agrees(http, admin, s), Duration.ofSeconds(15));
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "; HPM: " + http.get("/load-balancing-groups/web/weights", admin).text(), e);
            }
            double[] share1 = shares(lb, backends, 300);
            System.out.printf("before: weights %s, shares %.2f %.2f %.2f (%.1f s)%n", before, share1[0], share1[1], share1[2],
                    seconds(started));
            assertThat(share1[2]).isBetween(0.25, 0.42);

            // 2. The hog wakes at 14 s: web-3's class misses its goal, its weight drops in HPM, then in HAProxy.
            long hpmDropped = awaitHpm(http, admin, w -> w.get("weight").asInt() < 45, Duration.ofSeconds(40));
            JsonNode reason = weight(http, admin, "web-3");
            System.out.println("web-3 in HPM: " + reason.get("weight") + ": " + reason.get("reason").asText());
            assertThat(reason.get("reason").asText()).contains("misses its goal");
            await(lb, s -> s.get("web-3").weight() < 45, Duration.ofSeconds(5));
            double lag = (System.nanoTime() - hpmDropped) / 1e9;
            System.out.printf("HAProxy followed HPM's drop after %.2f s (%.1f s)%n", lag, seconds(started));
            assertThat(lag).as("within two agent intervals").isLessThanOrEqualTo(2 * AGENT_INTERVAL.toMillis() / 1000.0 + 0.3);
            Thread.sleep(3_000); // let the smoothed weight settle
            Map<String, Haproxy.Stat> missing = lb.stats();
            double[] share2 = shares(lb, backends, 300);
            double expected = missing.get("web-3").weight()
                    / (double) missing.values().stream().mapToInt(Haproxy.Stat::weight).sum();
            System.out.printf("missing: weights %s, shares %.2f %.2f %.2f, web-3 expected %.2f (%.1f s)%n", missing,
                    share2[0], share2[1], share2[2], expected, seconds(started));
            assertThat(share2[2]).isLessThan(share1[2] / 2);
            assertThat(Math.abs(share2[2] - expected)).isLessThan(0.08);

            // 3. lb-c enters maintenance: web-3 drains (weight 0) and gets no new request.
            assertThat(http.post("/load-balancing-hosts/lb-c", admin, "{\"maintenance\": true}").status()).isEqualTo(200);
            long drainAsked = System.nanoTime();
            await(lb, s -> s.get("web-3").status().startsWith("DRAIN") && s.get("web-3").weight() == 0, Duration.ofSeconds(5));
            System.out.printf("drained after %.2f s (%.1f s)%n", (System.nanoTime() - drainAsked) / 1e9, seconds(started));
            double[] share3 = shares(lb, backends, 200);
            assertThat(share3[2]).isZero();

            // 4. Maintenance ends and the hog sleeps again at 40 s: web-3 comes back to the others' weight.
            assertThat(http.post("/load-balancing-hosts/lb-c", admin, "{\"maintenance\": false}").status()).isEqualTo(200);
            Map<String, Haproxy.Stat> after = await(lb, s -> s.get("web-3").status().equals("UP")
                    && s.get("web-3").weight() >= 0.8 * Math.max(s.get("web-1").weight(), s.get("web-2").weight()),
                    Duration.ofSeconds(45));
            double[] share4 = shares(lb, backends, 300);
            System.out.printf("recovered: weights %s, shares %.2f %.2f %.2f (%.1f s)%n", after, share4[0], share4[1], share4[2],
                    seconds(started));
            assertThat(share4[2]).isBetween(0.25, 0.42);
            JsonNode history = http.get("/load-balancing-groups/web/weights", admin).json().get("weights").get(2).get("history");
            assertThat(history.size()).isGreaterThan(10);
        } finally {
            if (haproxy != null) {
                haproxy.close();
            }
            if (hpm != null) {
                hpm.close();
            }
            backends.forEach(b -> b.server().stop(0));
            try (var files = Files.walk(data)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** True if HPM's weights are all confident and HAProxy applies them (within 2). */
    static boolean agrees(Http http, Http.As admin, Map<String, Haproxy.Stat> stats) {
        for (JsonNode w : http.get("/load-balancing-groups/web/weights", admin).json().get("weights")) {
            Haproxy.Stat s = stats.get(w.get("member").asText());
            if (!w.get("confident").asBoolean() || s == null || Math.abs(s.weight() - w.get("weight").asInt()) > 2) {
                return false;
            }
        }
        return true;
    }

    static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    static JsonNode weight(Http http, Http.As admin, String member) {
        for (JsonNode w : http.get("/load-balancing-groups/web/weights", admin).json().get("weights")) {
            if (w.get("member").asText().equals(member)) {
                return w;
            }
        }
        throw new AssertionError("no member " + member);
    }

    /** Polls HPM's weights every 100 ms until web-3's matches; returns when (nanoTime). */
    static long awaitHpm(Http http, Http.As admin, Predicate<JsonNode> web3, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            if (web3.test(weight(http, admin, "web-3"))) {
                return System.nanoTime();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("HPM's weight of web-3 did not change: " + weight(http, admin, "web-3"));
    }

    /** Polls {@code show stat} every 100 ms until it matches. */
    static Map<String, Haproxy.Stat> await(Haproxy lb, Predicate<Map<String, Haproxy.Stat>> ok, Duration within)
            throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        Map<String, Haproxy.Stat> s = Map.of();
        while (System.nanoTime() < deadline) {
            s = lb.stats();
            if (ok.test(s)) {
                return s;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("HAProxy's show stat did not get there: " + s);
    }

    /** Sends {@code n} requests through HAProxy; each backend's share of them. */
    static double[] shares(Haproxy lb, List<Backend> backends, int n) throws Exception {
        int[] before = backends.stream().mapToInt(b -> b.requests().get()).toArray();
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + lb.port + "/")).build();
            for (int i = 0; i < n; i++) {
                assertThat(client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(200);
            }
        }
        double[] share = new double[backends.size()];
        for (int i = 0; i < share.length; i++) {
            share[i] = (backends.get(i).requests().get() - before[i]) / (double) n;
        }
        return share;
    }
}
