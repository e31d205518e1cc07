package dev.hpm.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hpm.store.StoreSettings;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A fuzzer generated from the served OpenAPI document: 10,000 requests (4 clients, seeded) to
 * random operations with path and query parameters and bodies made from the document's schemas,
 * then mutated (wrong types, nulls, unknown keys, huge or hostile text, broken JSON, other media
 * types, method overrides, foreign origins), as an admin, a viewer, anonymous or with garbage
 * credentials. No answer may be a 5xx, none may take a second, and the heap must stay flat.
 */
class ApiFuzzTest {
    private static final int REQUESTS = 10_000;
    private static final int CLIENTS = 4;
    private static final long SEED = 11;
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final List<String> HOSTILE = List.of("*".repeat(300) + "!", "((((.*)*)*)*)*!", "../../etc/passwd",
            "\ud800", "'; DROP TABLE users; --", "%00", "+1000000000-01-01T00:00:00Z", "-99999999999999d", "1e400",
            "0x1p3", "2d", "Infinity", "NaN", "null", "true", "", " ", "x".repeat(5000), "\u202e\u0000",
            "<script>alert(1)</script>", "default", "Trading", "trade-1", "admin", "watcher", "now", "-1h", "1m");

    private record Op(String method, String path, JsonNode spec) {
    }

    @Test
    void everyOperation_randomAndMutatedRequests_neverA5xxNorSlow_andTheHeapStaysFlat() throws Exception {
        try (TestServer hpm = new TestServer(StoreSettings::embedded)) {
            Http http = hpm.http;
            JsonNode doc = http.get("/openapi.json", Http.As.ANONYMOUS).json();
            List<Op> ops = operations(doc);
            String adminToken = http.post("/tokens", hpm.admin, "{\"label\": \"fuzz\"}").json().get("token").asText();
            http.post("/users", hpm.admin, "{\"name\": \"watcher\", \"role\": \"viewer\", \"password\": \"viewer-password-1\"}");
            String viewerToken = http.post("/tokens", Http.As.user("watcher", "viewer-password-1"), "{\"label\": \"f\"}")
                    .json().get("token").asText();
            List<Http.As> callers = List.of(Http.As.token(adminToken), Http.As.token(adminToken), Http.As.token(viewerToken),
                    Http.As.ANONYMOUS, Http.As.token("hpm_garbage"), new Http.As("Basic !!!"));
            List<String> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
            run(http, ops, callers, 500, SEED - 1, failures); // warm-up
            long heapBefore = heapAfterGc();
            Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
            AtomicLong slowest = new AtomicLong();
            long start = System.nanoTime();
            ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
            List<Future<?>> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                Random random = new Random(SEED + c);
                clients.add(pool.submit(() -> {
                    for (int i = 0; i < REQUESTS / CLIENTS; i++) {
                        Request r = request(random, ops, callers);
                        long t0 = System.nanoTime();
                        Http.Response answer;
                        try {
                            answer = http.request(r.method(), r.path(), r.as(), r.headers(), r.body());
                        } catch (IllegalStateException e) {
                            failures.add("no answer (" + e.getMessage() + "): " + r.method() + " " + r.path() + " "
                                    + r.headers() + " " + (r.body() == null ? "" : abbreviate(new String(r.body(),
                                    StandardCharsets.UTF_8))));
                            continue;
                        }
                        long took = System.nanoTime() - t0;
                        slowest.accumulateAndGet(took, Math::max);
                        statuses.computeIfAbsent(answer.status(), k -> new AtomicLong()).incrementAndGet();
                        if (answer.status() >= 500 || took > Duration.ofSeconds(1).toNanos()) {
                            failures.add(answer.status() + " in " + took / 1_000_000 + " ms: " + r.method() + " " + r.path()
                                    + " " + r.headers() + " " + (r.body() == null ? "" : abbreviate(new String(r.body(),
                                    StandardCharsets.UTF_8))) + " -> " + abbreviate(answer.text()));
                        }
                    }
                }));
            }
            for (Future<?> f : clients) {
                f.get();
            }
            pool.shutdown();
            double seconds = (System.nanoTime() - start) / 1e9;
            long heapAfter = heapAfterGc();
            long fivexx = statuses.entrySet().stream().filter(e -> e.getKey() >= 500).mapToLong(e -> e.getValue().get()).sum();
            System.out.printf("fuzzer: %d requests over %d operations in %.1f s; statuses %s; 5xx: %d; slowest %d ms; "
                            + "heap after GC %d MiB before, %d MiB after%n", REQUESTS, ops.size(), seconds,
                    new java.util.TreeMap<>(statuses), fivexx, slowest.get() / 1_000_000, heapBefore >> 20, heapAfter >> 20);
            assertThat(failures).as("5xx or slower than 1 s").isEmpty();
            assertThat(heapAfter - heapBefore).as("heap growth in bytes").isLessThan(64L << 20);
        }
    }

    private static void run(Http http, List<Op> ops, List<Http.As> callers, int n, long seed, List<String> failures) {
        Random random = new Random(seed);
        for (int i = 0; i < n; i++) {
            Request r = request(random, ops, callers);
            try {
                http.request(r.method(), r.path(), r.as(), r.headers(), r.body());
            } catch (IllegalStateException e) {
                failures.add("no answer in the warm-up (" + e.getMessage() + "): " + r.method() + " " + r.path() + " "
                        + r.headers() + " " + (r.body() == null ? "" : abbreviate(new String(r.body(), StandardCharsets.UTF_8))));
            }
        }
    }

    private static long heapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private record Request(String method, String path, Http.As as, Map<String, String> headers, byte[] body) {
    }

    private static List<Op> operations(JsonNode doc) {
        List<Op> ops = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = doc.get("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> p = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> methods = p.getValue().fields(); methods.hasNext(); ) {
                Map.Entry<String, JsonNode> m = methods.next();
                if (!m.getKey().equals("parameters")) {
                    ops.add(new Op(m.getKey().toUpperCase(Locale.ROOT), p.getKey(), resolveParameters(doc, p.getValue(), m.getValue())));
                }
            }
        }
        return ops;
    }

    /** The operation with its (path-level and own) parameters and body schema, every $ref resolved. */
    private static JsonNode resolveParameters(JsonNode doc, JsonNode path, JsonNode op) {
        ObjectNode o = F.objectNode();
        ArrayNode params = o.putArray("parameters");
        for (JsonNode list : List.of(path.path("parameters"), op.path("parameters"))) {
            list.forEach(p -> params.add(resolve(doc, p)));
        }
        JsonNode schema = op.path("requestBody").path("content").path("application/json").path("schema");
        if (!schema.isMissingNode()) {
            o.set("body", deref(doc, schema, 0));
        }
        return o;
    }

    private static JsonNode resolve(JsonNode doc, JsonNode node) {
        if (!node.has("$ref")) {
            return node;
        }
        JsonNode target = doc;
        for (String part : node.get("$ref").asText().substring(2).split("/")) {
            target = target.get(part);
        }
        return target;
    }

    private static JsonNode deref(JsonNode doc, JsonNode schema, int depth) {
        JsonNode s = resolve(doc, schema);
        if (depth > 8 || !s.isObject()) {
            return s;
        }
        ObjectNode copy = ((ObjectNode) s).deepCopy();
        if (copy.has("properties")) {
            ObjectNode props = F.objectNode();
            copy.get("properties").fields().forEachRemaining(e -> props.set(e.getKey(), deref(doc, e.getValue(), depth + 1)));
            copy.set("properties", props);
        }
        if (copy.has("items")) {
            copy.set("items", deref(doc, copy.get("items"), depth + 1));
        }
        return copy;
    }

    private static Request request(Random random, List<Op> ops, List<Http.As> callers) {
        Op op = ops.get(random.nextInt(ops.size()));
        String path = op.path();
        StringBuilder query = new StringBuilder();
        for (JsonNode p : op.spec().get("parameters")) {
            String name = p.get("name").asText();
            String value = text(random, p.path("schema"));
            if (p.path("in").asText().equals("path")) {
                path = path.replace("{" + name + "}", URLEncoder.encode(value.isEmpty() ? "x" : value, StandardCharsets.UTF_8));
            } else if (random.nextInt(3) > 0) {
                query.append(query.isEmpty() ? "?" : "&").append(name).append('=')
                        .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
            }
        }
        Map<String, String> headers = new java.util.HashMap<>();
        byte[] body = null;
        String method = op.method();
        if (op.spec().has("body")) {
            headers.put("Content-Type", "application/json");
            body = value(random, op.spec().get("body"), 0).toString().getBytes(StandardCharsets.UTF_8);
            switch (random.nextInt(12)) {
                case 0 -> body = "{\"broken\": ".getBytes(StandardCharsets.UTF_8);
                case 1 -> headers.put("Content-Type", "application/json; charset=latin-1");
                case 2 -> headers.put("Content-Type", "text/plain");
                case 3 -> headers.remove("Content-Type");
                case 4 -> body = (new String(body, StandardCharsets.UTF_8) + " {}").getBytes(StandardCharsets.UTF_8);
                case 5 -> body = "[".repeat(100).getBytes(StandardCharsets.UTF_8);
                default -> {
                }
            }
        }
        switch (random.nextInt(20)) {
            case 0 -> headers.put("X-HTTP-Method-Override", "DELETE");
            case 1 -> headers.put("Origin", "https://evil.example");
            case 2 -> method = List.of("PUT", "PATCH", "DELETE", "POST", "GET").get(random.nextInt(5));
            default -> {
            }
        }
        return new Request(method, path + query, callers.get(random.nextInt(callers.size())), headers, body);
    }

    /** A value for {@code schema}: mostly what it asks for, sometimes anything. */
    private static JsonNode value(Random random, JsonNode schema, int depth) {
        if (random.nextInt(10) == 0 || depth > 6) {
            return switch (random.nextInt(5)) {
                case 0 -> F.nullNode();
                case 1 -> F.numberNode(random.nextGaussian() * 1e6);
                case 2 -> F.booleanNode(random.nextBoolean());
                case 3 -> F.arrayNode().add(F.textNode(HOSTILE.get(random.nextInt(HOSTILE.size()))));
                default -> F.textNode(HOSTILE.get(random.nextInt(HOSTILE.size())));
            };
        }
        String type = schema.path("type").isArray() ? schema.path("type").get(0).asText() : schema.path("type").asText("object");
        return switch (type) {
            case "object" -> {
                ObjectNode o = F.objectNode();
                schema.path("properties").fields().forEachRemaining(e -> {
                    if (random.nextInt(4) > 0) {
                        o.set(e.getKey(), value(random, e.getValue(), depth + 1));
                    }
                });
                if (random.nextInt(10) == 0) {
                    o.put("unknown-key", "x");
                }
                yield o;
            }
            case "array" -> {
                ArrayNode a = F.arrayNode();
                for (int i = random.nextInt(4); i > 0; i--) {
                    a.add(value(random, schema.path("items"), depth + 1));
                }
                yield a;
            }
            case "integer" -> F.numberNode(random.nextInt(2000) - 100);
            case "number" -> F.numberNode(random.nextDouble() * 100);
            case "boolean" -> F.booleanNode(random.nextBoolean());
            default -> F.textNode(text(random, schema));
        };
    }

    private static String text(Random random, JsonNode schema) {
        if (schema.has("enum") && random.nextInt(3) > 0) {
            JsonNode e = schema.get("enum");
            return e.get(random.nextInt(e.size())).asText();
        }
        if (random.nextInt(3) == 0) {
            return HOSTILE.get(random.nextInt(HOSTILE.size()));
        }
        StringBuilder s = new StringBuilder();
        for (int i = 3 + random.nextInt(12); i > 0; i--) {
            s.append((char) ('a' + random.nextInt(26)));
        }
        return s.toString();
    }

    private static String abbreviate(String s) {
        return s.length() <= 300 ? s : s.substring(0, 300) + "…";
    }
}
