package dev.hpm.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hpm.server.http.Connectors;
import dev.hpm.store.StoreSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every finding of issue 11 replayed against a live server, as a viewer and as several admins at
 * once would: each hostile request answers within a second and leaves the CPU idle; the races
 * never leave HPM without an admin nor lose a member; every malformed input is a 4xx whose message
 * is words, never an exception's name. (Failed logins: {@link LoginGuessingTest}.)
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RobustnessTest {
    static final Duration BOUND = Duration.ofSeconds(1);
    /** A Java class or exception name, or a stack frame: never in an answer. */
    static final Pattern CLASS_NAME = Pattern.compile("\\b(java|javax|org|com|dev\\.hpm)\\.[a-z]+\\.|[A-Za-z]+(Exception|Error)\\b|\\tat ");
    private static final String HOSTILE_REGEX = "((((.*)*)*)*)*!";
    private static final String VIEWER_PASSWORD = "viewer-password-robust";
    private TestServer hpm;
    private Http http;
    private String adminToken;
    private Http.As admin;
    private Http.As viewer;

    /** The database the server runs on: the embedded one here, PostgreSQL in {@link RobustnessOnPostgresTest}. */
    StoreSettings store(Path data) {
        return StoreSettings.embedded(data);
    }

    @BeforeAll
    void start() {
        hpm = new TestServer(this::store);
        http = hpm.http;
        adminToken = token(hpm.admin);
        admin = Http.As.token(adminToken);
        assertThat(http.post("/users", admin, "{\"name\": \"watcher\", \"role\": \"viewer\", \"password\": \""
                + VIEWER_PASSWORD + "\"}").status()).isEqualTo(201);
        viewer = Http.As.token(token(Http.As.user("watcher", VIEWER_PASSWORD)));
        hpm.awaitIntervals(2);
    }

    @AfterAll
    void stop() {
        if (hpm != null) {
            hpm.close();
        }
    }

    // ---- 1, 2: work without bounds

    @Test
    void vsList_globOfManyStars_answersAtOnceAndLeavesTheCpuIdle() {
        double idle = Raw.cpuShare(Duration.ofSeconds(2));
        for (int stars : new int[]{26, 200, 2000}) {
            Http.Response r = timed(() -> http.get("/virtual-servers?name=" + "*".repeat(stars) + "!", viewer));
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.json().get("virtual-servers")).isEmpty();
        }
        assertThat(timed(() -> http.get("/virtual-servers?name=trade-*", viewer)).json().get("virtual-servers")).hasSize(3);
        assertIdle(idle);
    }

    @Test
    void preview_catastrophicRegex_answersAtOnceWithAWarning_andSavedItStaysCheap() {
        double idle = Raw.cpuShare(Duration.ofSeconds(2));
        String policy = "{\"service-classes\": [{\"name\": \"database\", \"goal\": \"fast\", \"importance\": \"high\"}, "
                + "{\"name\": \"frontend\", \"goal\": \"moderate\", \"importance\": \"high\"}], \"rules\": [{\"service-class\": "
                + "\"database\", \"filters\": [{\"attribute\": \"name\", \"operator\": \"regex\", \"value\": \""
                + HOSTILE_REGEX + "\"}]}], \"default-class\": \"frontend\"}";
        Http.Response preview = timed(() -> http.post("/performance-policies/preview", viewer,
                "{\"workload-resource-group\": \"WebShop\", \"performance-policy\": " + policy + "}"));
        assertThat(preview.status()).as(preview.text()).isEqualTo(200);
        assertThat(preview.json().get("rules").get(0).get("virtual-servers")).isEmpty();
        assertThat(preview.json().get("warnings").get(0).asText()).contains("rules[0].filters[0]", "simplify it");

        JsonNode original = http.get("/workload-resource-groups/WebShop", admin).json().get("performance-policy");
        assertThat(timed(() -> http.post("/workload-resource-groups/WebShop", admin, "{\"performance-policy\": " + policy
                + "}")).status()).isEqualTo(200);
        try {
            for (int i = 0; i < 5; i++) {
                assertThat(timed(() -> http.get("/virtual-servers/detail", viewer)).status()).isEqualTo(200);
            }
            hpm.awaitIntervals(2); // the control loop classifies with it too
            assertIdle(idle);
            assertThat(http.get("/workload-resource-groups/WebShop", viewer).json().get("warnings").get(0).asText())
                    .as("the saved rule is reported").contains("rules[0].filters[0]", "matching nothing");
        } finally {
            http.post("/workload-resource-groups/WebShop", admin, "{\"performance-policy\": " + original + "}");
        }
    }

    // ---- 3, 4: check-then-write races

    @Test
    void users_twoAdminsRemovingEachOtherAtOnce_neverLeaveNoAdmin_in20Rounds() {
        Http.As survivor = admin;
        for (int round = 0; round < 20; round++) {
            String a = "race-a-" + round;
            String b = "race-b-" + round;
            Http.As[] racers = new Http.As[2];
            int i = 0;
            for (String name : List.of(a, b)) {
                assertThat(http.post("/users", survivor, "{\"name\": \"" + name + "\", \"role\": \"admin\", \"password\": "
                        + "\"race-password-1\"}").status()).isEqualTo(201);
                racers[i++] = Http.As.token(token(Http.As.user(name, "race-password-1")));
            }
            for (JsonNode u : http.get("/users", racers[0]).json().get("users")) { // only a and b are admins now
                if (u.get("role").asText().equals("admin") && !Set.of(a, b).contains(u.get("name").asText())) {
                    assertThat(http.post("/users/" + u.get("name").asText(), racers[0], "{\"role\": \"viewer\"}").status())
                            .isEqualTo(200);
                }
            }
            Http.As ra = racers[0];
            Http.As rb = racers[1];
            List<Http.Response> answers = race(List.of(
                    () -> http.delete("/users/" + b, ra),
                    () -> http.post("/users/" + a, rb, "{\"role\": \"viewer\"}"),
                    () -> http.delete("/users/" + a, rb),
                    () -> http.post("/users/" + b, ra, "{\"role\": \"viewer\"}")));
            for (Http.Response r : answers) {
                assertThat(r.status()).as("round " + round + ": " + r.text()).isIn(200, 204, 401, 403, 404, 409);
            }
            List<Http.As> admins = new ArrayList<>();
            for (Http.As who : racers) {
                Http.Response users = http.get("/users", who);
                if (users.status() == 200) {
                    admins.add(who);
                }
            }
            assertThat(admins).as("round " + round + ": admins left " + answers.stream().map(Http.Response::status).toList())
                    .hasSize(1);
            survivor = admins.getFirst();
        }
        assertThat(http.post("/users/admin", survivor, "{\"role\": \"admin\"}").status()).isEqualTo(200);
    }

    @Test
    void wrgActions_sixParallelAdditionsAndRemovals_loseNothing_in20Rounds() {
        List<String> servers = List.of("batch-1", "batch-2", "batch-3", "report-1", "report-2", "report-3");
        http.post("/workload-resource-groups/Batch/actions", admin,
                "{\"action\": \"remove-virtual-servers\", \"virtual-servers\": [\"batch-1\", \"batch-2\", \"batch-3\"]}");
        http.post("/workload-resource-groups/Reporting/actions", admin,
                "{\"action\": \"remove-virtual-servers\", \"virtual-servers\": [\"report-1\", \"report-2\", \"report-3\"]}");
        assertThat(http.post("/workload-resource-groups", admin, "{\"name\": \"Race\"}").status()).isEqualTo(201);
        for (int round = 0; round < 20; round++) {
            for (String verb : List.of("add-virtual-servers", "remove-virtual-servers")) {
                List<Supplier<Http.Response>> actions = new ArrayList<>();
                for (String s : servers) {
                    actions.add(() -> http.post("/workload-resource-groups/Race/actions", admin,
                            "{\"action\": \"" + verb + "\", \"virtual-servers\": [\"" + s + "\"]}"));
                }
                for (Http.Response r : race(actions)) {
                    assertThat(r.status()).as("round " + round + " " + verb + ": " + r.text()).isEqualTo(200);
                }
                int expected = verb.startsWith("add") ? 6 : 0;
                assertThat(http.get("/workload-resource-groups/Race", admin).json().get("virtual-servers"))
                        .as("round " + round + " " + verb).hasSize(expected);
            }
        }
        assertThat(http.get("/audit?limit=10000", admin).json().get("entries").findValuesAsText("action").stream()
                .filter(a -> a.endsWith("-virtual-servers")).count()).isGreaterThanOrEqualTo(240);
    }

    // ---- 6, 9: malformed input

    @Test
    void malformedInput_everyCase_isA4xxInWordsWithoutAClassName() {
        Map<String, Http.Response> answers = new LinkedHashMap<>();
        for (String path : List.of("/workload-resource-groups", "/workload-resource-groups/Trading",
                "/workload-resource-groups/Trading/actions", "/virtual-servers/trade-1", "/mgmt-levels",
                "/performance-policies/import", "/performance-policies/preview", "/users", "/users/watcher", "/tokens")) {
            answers.put("latin-1 " + path, http.post(path, viewer, "application/json; charset=latin-1", "{}"));
            answers.put("no type " + path, http.request("POST", path, admin, Map.of(), "{}".getBytes(StandardCharsets.UTF_8)));
            answers.put("text/plain " + path, http.post(path, admin, "text/plain", "{}"));
            answers.put("trailing " + path, http.post(path, admin, "{\"name\": \"x\"} garbage"));
            answers.put("two documents " + path, http.post(path, admin, "{\"name\": \"x\"}{\"name\": \"y\"}"));
        }
        answers.put("import group as text", http.post("/performance-policies/import", admin,
                "{\"format\": \"hpm-performance-policies\", \"version\": 1, \"workload-resource-groups\": [\"x\"]}"));
        answers.put("empty role", http.post("/users", admin, "{\"name\": \"r1\", \"role\": \"\", \"password\": \"long-password-1\"}"));
        answers.put("name true", http.post("/users", admin, "{\"name\": true, \"role\": \"viewer\", \"password\": \"long-password-1\"}"));
        answers.put("name number", http.post("/users", admin, "{\"name\": 12, \"role\": \"viewer\", \"password\": \"long-password-1\"}"));
        answers.put("name null", http.post("/workload-resource-groups", admin, "{\"name\": null}"));
        answers.put("2d", http.post("/workload-resource-groups", admin, "{\"name\": \"G2d\", \"cpu-maximum\": \"2d\"}"));
        answers.put("0x1p3", http.post("/workload-resource-groups", admin, "{\"name\": \"Ghex\", \"cpu-maximum\": \"0x1p3\"}"));
        answers.put("Infinity", http.post("/workload-resource-groups", admin, "{\"name\": \"Ginf\", \"cpu-maximum\": Infinity}"));
        answers.put("null member", http.post("/workload-resource-groups/Trading/actions", admin,
                "{\"action\": \"add-virtual-servers\", \"virtual-servers\": [null]}"));
        answers.put("lone surrogate", http.post("/workload-resource-groups", admin, "{\"name\": \"G\\ud800x\"}"));
        answers.put("1 MiB description", http.post("/workload-resource-groups", admin, "{\"name\": \"Glong\", \"description\": \""
                + "d".repeat(1 << 20) + "\"}"));
        answers.put("invalid UTF-8", http.request("POST", "/workload-resource-groups", admin, Map.of("Content-Type",
                "application/json"), "{\"name\": \"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1)));
        for (String path : List.of("/metrics/raw/hypervisor", "/metrics/calculated/hypervisor",
                "/metrics/raw/workload-resource-groups", "/metrics/raw/workload-resource-groups/default",
                "/metrics/raw/workload-resource-groups/Trading", "/metrics/calculated/workload-resource-groups",
                "/metrics/calculated/workload-resource-groups/default", "/metrics/calculated/workload-resource-groups/Trading",
                "/metrics/calculated/virtual-servers/trade-1", "/dynamic-resource-adjustments", "/audit")) {
            answers.put("year 1000000000 " + path, http.get(path + "?from=%2B1000000000-01-01T00:00:00Z", admin));
            answers.put("relative overflow " + path, http.get(path + "?from=-99999999999999d", admin));
        }
        answers.forEach((what, r) -> assertRefusedInWords(what, r));
        assertThat(http.get("/users", admin).json().get("users").findValuesAsText("name")).doesNotContain("true", "12", "r1");

        String chunked = Raw.exchange(hpm.server.port(), "POST " + HpmServer.BASE + "/workload-resource-groups HTTP/1.1\r\n"
                + "Host: x\r\nAuthorization: Bearer " + adminToken + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\nzz\r\n{}\r\n0\r\n\r\n",
                Duration.ofSeconds(5));
        assertThat(chunked).startsWith("HTTP/1.1 400");
        assertThat(CLASS_NAME.matcher(chunked).find()).as(chunked).isFalse();
    }

    // ---- 7, 8, 10: state by GET, CSRF, tokens, headers, slow clients

    @Test
    void methodOverride_isRefusedAndDeletesNothing() {
        for (String header : List.of("X-HTTP-Method-Override", "X-HTTP-Method", "X-Method-Override")) {
            assertRefusedInWords(header, http.request("GET", "/workload-resource-groups/Trading", admin, Map.of(header,
                    "DELETE"), null));
        }
        assertThat(http.get("/workload-resource-groups/Trading", admin).status()).isEqualTo(200);
    }

    @Test
    void crossSiteWrites_areRefused_andNoBasicChallengeIsSent() {
        Http.Response evil = http.request("POST", "/tokens", admin, Map.of("Origin", "https://evil.example",
                "Content-Type", "application/json"), "{\"label\": \"x\"}".getBytes(StandardCharsets.UTF_8));
        assertRefusedInWords("cross-site origin", evil);
        assertThat(evil.status()).isEqualTo(403);
        Http.Response same = http.request("POST", "/workload-resource-groups", admin, Map.of("Origin",
                hpm.server.baseUrl(), "Content-Type", "application/json"), "{\"name\": \"SameSite\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(same.status()).as(same.text()).isEqualTo(201);
        Http.Response anonymous = http.get("/workload-resource-groups", Http.As.ANONYMOUS);
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.header("WWW-Authenticate")).isNull();
    }

    @Test
    void tokens_cannotChangeAPasswordWithoutTheOldOne_norMintTokens_andAChangeRevokesTheOthers() {
        assertThat(http.post("/users", admin, "{\"name\": \"tok\", \"role\": \"viewer\", \"password\": \"tok-password-1\"}")
                .status()).isEqualTo(201);
        Http.As basic = Http.As.user("tok", "tok-password-1");
        Http.As first = Http.As.token(token(basic));
        Http.As second = Http.As.token(token(basic));
        assertRefusedInWords("no old password", http.post("/users/tok", first, "{\"password\": \"tok-password-2\"}"));
        Http.Response mint = http.post("/tokens", first, "{\"label\": \"child\"}");
        assertRefusedInWords("token mints token", mint);
        assertThat(mint.status()).isEqualTo(403);
        assertThat(http.post("/users/tok", first, "{\"password\": \"tok-password-2\", \"old-password\": \"tok-password-1\"}")
                .status()).isEqualTo(200);
        assertThat(http.get("/session", first).status()).as("the token that changed it stays").isEqualTo(200);
        assertThat(http.get("/session", second).status()).as("every other token is revoked").isEqualTo(401);
    }

    @Test
    void everyAnswer_hasTheSecurityHeaders_andNoStoreWhereSecretsAre() {
        Http root = new Http(hpm.server.baseUrl());
        List<Http.Response> answers = List.of(http.get("/workload-resource-groups", viewer), http.get("/health",
                Http.As.ANONYMOUS), http.get("/no-such-thing", viewer), http.get("/session", Http.As.ANONYMOUS),
                http.get("/performance-policies/export", viewer), http.post("/tokens", Http.As.user("watcher",
                        VIEWER_PASSWORD), "{\"label\": \"h\"}"), root.get("/ui/", Http.As.ANONYMOUS));
        for (Http.Response r : answers) {
            assertThat(r.header("X-Content-Type-Options")).as(r.text()).isEqualTo("nosniff");
            assertThat(r.header("Content-Security-Policy")).contains("frame-ancestors 'none'");
            assertThat(r.header("Referrer-Policy")).isEqualTo("no-referrer");
        }
        assertThat(answers.get(4).header("Cache-Control")).isEqualTo("no-store");
        assertThat(answers.get(5).header("Cache-Control")).isEqualTo("no-store");
        assertThat(answers.get(1).json().get("database").asText()).isEqualTo("up");
        assertThat(answers.get(1).text()).doesNotContain(hpm.data.toString()).doesNotContain(".mv.db");
    }

    @Test
    void slowClients_areCutOffAtTheReadDeadline() {
        Duration patience = Connectors.IDLE_TIMEOUT.plusSeconds(5);
        Duration headers = Raw.stall(hpm.server.port(), "GET " + HpmServer.BASE + "/health HTTP/1.1\r\nHost: x\r\n", patience);
        Duration body = Raw.stall(hpm.server.port(), "POST " + HpmServer.BASE + "/workload-resource-groups HTTP/1.1\r\n"
                + "Host: x\r\nAuthorization: Bearer " + adminToken + "\r\nContent-Type: application/json\r\n"
                + "Content-Length: 100\r\n\r\n{\"name\"", patience);
        assertThat(headers).as("stalled headers").isNotNull().isLessThan(patience);
        assertThat(body).as("stalled body").isNotNull().isLessThan(patience);
    }

    // ---- helpers

    private String token(Http.As who) {
        Http.Response r = http.post("/tokens", who, "{\"label\": \"robustness\"}");
        assertThat(r.status()).as(r.text()).isEqualTo(201);
        return r.json().get("token").asText();
    }

    static Http.Response timed(Supplier<Http.Response> request) {
        long start = System.nanoTime();
        Http.Response r = request.get();
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(took).as("answered in " + took.toMillis() + " ms: " + r.text()).isLessThan(BOUND);
        return r;
    }

    /** The process's CPU over 2 s is back near what it was before (no request left running). */
    private static void assertIdle(double before) {
        double after = Raw.cpuShare(Duration.ofSeconds(2));
        System.out.printf("CPU share of one core: before %.3f, after %.3f%n", before, after);
        assertThat(after).as("CPU share after the hostile requests").isLessThan(before + 0.3);
    }

    static void assertRefusedInWords(String what, Http.Response r) {
        assertThat(r.status()).as(what + ": " + r.text()).isBetween(400, 499);
        assertThat(r.header("Content-Type")).as(what).startsWith("application/json");
        String message = r.json().path("message").asText();
        assertThat(message).as(what).matches("(?s).*[a-z]+ [a-z]+.*");
        assertThat(CLASS_NAME.matcher(r.text()).find()).as(what + ": " + r.text()).isFalse();
    }

    /** Sends the requests at once (released together) and returns their answers in order. */
    static List<Http.Response> race(List<Supplier<Http.Response>> requests) {
        CountDownLatch go = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<CompletableFuture<Http.Response>> futures = new ArrayList<>();
            for (Supplier<Http.Response> r : requests) {
                futures.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return r.get();
                }, pool));
            }
            go.countDown();
            return futures.stream().map(CompletableFuture::join).toList();
        }
    }
}
