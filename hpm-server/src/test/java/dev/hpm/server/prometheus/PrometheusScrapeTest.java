package dev.hpm.server.prometheus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hpm.server.Http;
import dev.hpm.server.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real Prometheus scrapes a live HPM server (the demo pool, a one-second interval) with a viewer's
 * API token, loads HPM's alerting rules, and answers every query of HPM's Grafana dashboard; what it
 * stored is checked against HPM's own REST API, and promtool checks the scrape and the rules.
 */
@Tag("prometheus")
class PrometheusScrapeTest {
    static final Path RULES = Path.of("ops/prometheus/hpm-rules.yml").toAbsolutePath();
    static final Path RULE_TESTS = Path.of("ops/prometheus/hpm-rules.test.yml").toAbsolutePath();
    static final Path DASHBOARD = Path.of("ops/grafana/hpm-dashboard.json").toAbsolutePath();
    static final String CPU = "libvirt_domain_info_cpu_time_seconds_total{domain=\"trade-1\"}";
    static final int SECONDS_OF_DATA = 15;
    static TestServer hpm;
    static PrometheusServer prometheus;
    static Http.As viewer;
    static Path tokenDir;

    @BeforeAll
    static void start() throws IOException {
        PrometheusServer.requireBinaries();
        hpm = TestServer.embedded();
        assertThat(hpm.http.post("/users", hpm.admin, "{\"name\": \"prometheus\", \"role\": \"viewer\", \"password\": \"scrape-password-1\"}")
                .status()).isEqualTo(201);
        String token = hpm.http.post("/tokens", Http.As.user("prometheus", "scrape-password-1"), "{\"label\": \"prometheus\"}")
                .json().get("token").asText();
        viewer = Http.As.token(token);
        tokenDir = Files.createTempDirectory("hpm-prometheus-token-");
        Path tokenFile = tokenDir.resolve("hpm.token");
        Files.writeString(tokenFile, token);
        Files.setPosixFilePermissions(tokenFile, PosixFilePermissions.fromString("rw-------"));
        URI target = URI.create(hpm.server.baseUrl());
        prometheus = new PrometheusServer("""
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                rule_files:
                  - %s
                scrape_configs:
                  - job_name: hpm
                    metrics_path: /metrics
                    authorization:
                      credentials_file: %s
                    static_configs:
                      - targets: ["127.0.0.1:%d"]
                """.formatted(RULES, tokenFile, target.getPort()));
        awaitSamples();
    }

    /** Waits until Prometheus holds {@link #SECONDS_OF_DATA} seconds of HPM's samples. */
    static void awaitSamples() {
        long deadline = System.nanoTime() + 90_000_000_000L;
        while (System.nanoTime() < deadline) {
            JsonNode r = prometheus.query("count_over_time(" + CPU + "[1m])").get("result");
            if (r.size() == 1 && r.get(0).get("value").get(1).asInt() >= SECONDS_OF_DATA) {
                return;
            }
            PrometheusServer.sleep(500);
        }
        throw new AssertionError("Prometheus did not get " + SECONDS_OF_DATA + " samples of HPM: "
                + prometheus.api("/api/v1/targets") + "\n" + prometheus.log());
    }

    @AfterAll
    static void stop() throws IOException {
        if (prometheus != null) {
            prometheus.close();
        }
        if (hpm != null) {
            hpm.close();
        }
        if (tokenDir != null) {
            Files.deleteIfExists(tokenDir.resolve("hpm.token"));
            Files.deleteIfExists(tokenDir);
        }
    }

    @Test
    void scrape_byRealPrometheus_storesEveryFamilyWithTheApisValues() {
        JsonNode target = prometheus.api("/api/v1/targets").get("activeTargets").get(0);
        assertThat(target.get("health").asText()).as(target.toString()).isEqualTo("up");

        Set<String> served = new TreeSet<>(scrape().lines()
                .filter(l -> l.startsWith("# TYPE ")).map(l -> l.split(" ")[2]).toList());
        Set<String> stored = new TreeSet<>();
        prometheus.query("count by (__name__) ({job=\"hpm\", __name__=~\"hpm_.*|libvirt_.*|jvm_.*\"})").get("result")
                .forEach(r -> stored.add(r.get("metric").get("__name__").asText()));
        assertThat(stored).isEqualTo(served).contains("libvirt_domain_info_cpu_time_seconds_total",
                "libvirt_domain_vcpu_time_seconds_total", "libvirt_domain_vcpu_delay_seconds_total", "libvirt_up",
                "hpm_service_class_velocity", "hpm_service_class_performance_index",
                "hpm_service_class_worst_server_performance_index", "hpm_service_class_goal_velocity",
                "hpm_service_class_importance", "hpm_workload_resource_group_velocity", "hpm_virtual_server_velocity",
                "hpm_virtual_server_performance_index", "hpm_virtual_server_cpu_shares", "hpm_host_velocity",
                "hpm_adjustments_total", "hpm_collection_duration_seconds");

        JsonNode trading = hpm.http.get("/metrics/calculated/workload-resource-groups/Trading?from=-2m", viewer).json()
                .get("workload-resource-groups").get(0);
        JsonNode online = classNamed(trading, "online");
        assertThat(value(prometheus.query("hpm_service_class_goal_velocity{group=\"Trading\",service_class=\"online\"}")))
                .isEqualTo(online.get("goal-velocity").asDouble());
        List<Double> apiVelocities = new ArrayList<>();
        online.get("samples").forEach(s -> apiVelocities.add(s.path("velocity").asDouble(Double.NaN)));
        for (double v : samples(prometheus.query("hpm_service_class_velocity{group=\"Trading\",service_class=\"online\"}[10s]"))) {
            assertThat(apiVelocities).as("Prometheus' velocity %s among the API's %s", v, apiVelocities)
                    .anyMatch(a -> Math.abs(a - v) <= 0.05 + 1e-9);
        }

        Set<String> domains = new TreeSet<>();
        prometheus.query("libvirt_domain_info_virtual_cpus").get("result").forEach(r -> domains.add(r.get("metric").get("domain").asText()));
        Set<String> servers = new TreeSet<>();
        hpm.http.get("/virtual-servers", viewer).json().get("virtual-servers").forEach(s -> servers.add(s.get("name").asText()));
        assertThat(domains).isEqualTo(servers);
    }

    @Test
    void cpuCounter_inPrometheus_isHpmsRawCounterExactly_andItsRateMatches() {
        List<double[]> raw = rawCpuSeconds("trade-1");
        Set<Double> hpmValues = new TreeSet<>();
        raw.forEach(p -> hpmValues.add(p[1]));
        // A window Prometheus has samples all over (rate() divides by the whole window).
        JsonNode window = prometheus.query(CPU + "[10s]").get("result").get(0).get("values");
        List<double[]> scraped = new ArrayList<>();
        window.forEach(v -> scraped.add(new double[]{v.get(0).asDouble(), Double.parseDouble(v.get(1).asText())}));
        assertThat(scraped).hasSizeGreaterThanOrEqualTo(8);
        for (double[] s : scraped) {
            assertThat(hpmValues).as("the scraped %s s among HPM's raw cpu.time", s[1]).contains(s[1]);
        }
        // The slope of the same counter values over the times HPM measured them.
        double[] first = timeOf(raw, scraped.getFirst()[1]);
        double[] last = timeOf(raw, scraped.getLast()[1]);
        double hpmRate = (last[1] - first[1]) / (last[0] - first[0]);
        double promRate = value(prometheus.query("rate(" + CPU + "[10s] @ " + scraped.getLast()[0] + ")"));
        System.out.printf("trade-1 CPU: rate() %.4f, HPM's counters %.4f CPUs%n", promRate, hpmRate);
        assertThat(hpmRate).isPositive();
        assertThat(promRate).isBetween(hpmRate * 0.95, hpmRate * 1.05);
    }

    @Test
    void promtoolCheckMetrics_onTheScrape_reportsNothing() {
        String scrape = scrape();
        PrometheusServer.Result r = PrometheusServer.promtool(scrape, "check", "metrics");
        assertThat(r.output()).isEmpty();
        assertThat(r.exit()).isZero();
    }

    @Test
    void alertingRules_checkedAndUnitTested_andLoadedByPrometheus() {
        PrometheusServer.Result check = PrometheusServer.promtool(null, "check", "rules", RULES.toString());
        assertThat(check.exit()).as(check.output()).isZero();
        assertThat(check.output()).contains("SUCCESS: 4 rules found");
        PrometheusServer.Result test = PrometheusServer.promtool(null, "test", "rules", RULE_TESTS.toString());
        assertThat(test.exit()).as(test.output()).isZero();
        assertThat(test.output()).contains("SUCCESS");

        JsonNode group = prometheus.api("/api/v1/rules").get("groups").get(0);
        assertThat(group.get("name").asText()).isEqualTo("hpm");
        List<String> names = new ArrayList<>();
        group.get("rules").forEach(rule -> {
            names.add(rule.get("name").asText());
            assertThat(rule.get("health").asText()).as(rule.toString()).isEqualTo("ok");
        });
        assertThat(names).containsExactly("HpmServiceClassOffGoal", "HpmHostUnreachable", "HpmCollectionSlowerThanInterval", "HpmDown");
        assertThat(prometheus.query("ALERTS{alertname=\"HpmHostUnreachable\"}").get("result")).as("every demo host answers").isEmpty();
    }

    @Test
    void dashboard_everyQuery_answersOnTheRealPrometheus() throws IOException {
        JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
        List<String> queries = new ArrayList<>();
        dashboard.findValues("expr").forEach(e -> queries.add(e.asText()));
        assertThat(queries).hasSizeGreaterThanOrEqualTo(15);
        double end = value(prometheus.query("time()"));
        for (String query : queries) {
            String promql = query.replace("$group", ".*").replace("$host", ".*").replace("$__rate_interval", "10s");
            assertThat(promql).as(query).doesNotContain("$");
            assertThat(prometheus.query(promql).get("result")).as("instant: " + promql).isNotEmpty();
            JsonNode range = prometheus.api("/api/v1/query_range?query=" + PrometheusServer.encode(promql)
                    + "&start=" + (end - 10) + "&end=" + end + "&step=2");
            assertThat(range.get("result")).as("range: " + promql).isNotEmpty();
        }
        Pattern labelValues = Pattern.compile("label_values\\((\\w+), *(\\w+)\\)");
        int variables = 0;
        for (JsonNode variable : dashboard.get("templating").get("list")) {
            Matcher m = labelValues.matcher(variable.path("definition").asText());
            if (m.matches()) {
                variables++;
                assertThat(prometheus.api("/api/v1/label/" + m.group(2) + "/values?match[]=" + PrometheusServer.encode(m.group(1))))
                        .as(m.group()).isNotEmpty();
            }
        }
        assertThat(variables).isEqualTo(2);
    }

    // ---- helpers

    /** HPM's /metrics as the viewer Prometheus scrapes with sees it. */
    static String scrape() {
        Http.Response r = new Http(hpm.server.baseUrl()).get("/metrics", viewer);
        assertThat(r.status()).isEqualTo(200);
        return r.text();
    }

    static JsonNode classNamed(JsonNode group, String name) {
        for (JsonNode c : group.get("service-classes")) {
            if (c.get("name").asText().equals(name)) {
                return c;
            }
        }
        throw new AssertionError("no class " + name + " in " + group);
    }

    /** The value of a one-series instant vector (or scalar). */
    static double value(JsonNode data) {
        JsonNode result = data.get("result");
        JsonNode pair = result.isArray() && result.size() > 0 && result.get(0).has("value") ? result.get(0).get("value") : result;
        assertThat(pair.isArray() && pair.size() == 2).as("one value: " + data).isTrue();
        return Double.parseDouble(pair.get(1).asText());
    }

    /** The values of a one-series range vector. */
    static List<Double> samples(JsonNode data) {
        List<Double> values = new ArrayList<>();
        data.get("result").get(0).get("values").forEach(v -> values.add(Double.parseDouble(v.get(1).asText())));
        return values;
    }

    /** HPM's raw cpu.time of a server over the last two minutes, from its REST API: [epoch seconds, seconds]. */
    static List<double[]> rawCpuSeconds(String server) {
        List<double[]> points = new ArrayList<>();
        for (JsonNode g : hpm.http.get("/metrics/raw/workload-resource-groups?from=-2m", viewer).json().get("workload-resource-groups")) {
            for (JsonNode s : g.get("virtual-servers")) {
                if (s.get("name").asText().equals(server)) {
                    s.get("samples").forEach(p -> points.add(new double[]{
                            Instant.parse(p.get("time").asText()).toEpochMilli() / 1000.0,
                            p.get("cpu-time-nanos").asLong() / 1e9}));
                }
            }
        }
        assertThat(points).as("HPM's raw samples of " + server).isNotEmpty();
        return points;
    }

    static double[] timeOf(List<double[]> raw, double counter) {
        return raw.stream().filter(p -> p[1] == counter).findFirst().orElseThrow();
    }
}
