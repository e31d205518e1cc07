package dev.hpm.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hpm.store.StoreSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every endpoint over HTTP against a real server (random port, demo pool, one-second interval), as
 * anonymous, viewer and admin, with each class of error. Runs on the embedded database and on
 * PostgreSQL (subclasses).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ApiContractTest {
    static final String VIEWER_PASSWORD = "viewer-password-for-tests";
    TestServer hpm;
    Http http;
    Http.As admin;
    final Http.As viewer = Http.As.user("watcher", VIEWER_PASSWORD);

    abstract StoreSettings store(Path data);

    @BeforeAll
    void start() {
        hpm = new TestServer(this::store);
        http = hpm.http;
        admin = hpm.admin;
        Http.Response created = http.post("/users", admin, "{\"name\": \"watcher\", \"role\": \"viewer\", \"password\": \""
                + VIEWER_PASSWORD + "\"}");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        hpm.awaitIntervals(4);
    }

    @AfterAll
    void stop() {
        if (hpm != null) {
            hpm.close();
        }
    }

    static void assertError(Http.Response r, int status, String reason) {
        assertThat(r.status()).as(r.text()).isEqualTo(status);
        assertThat(r.header("Content-Type")).startsWith("application/json");
        assertThat(r.json().get("http-status").asInt()).isEqualTo(status);
        assertThat(r.json().get("reason").asText()).isEqualTo(reason);
        assertThat(r.json().get("message").asText()).isNotBlank();
        assertThat(r.text()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    // ---- access

    @Test
    void anyEndpoint_withoutCredentials_is401WithoutAChallenge() {
        Http.Response r = http.get("/workload-resource-groups", Http.As.ANONYMOUS);
        assertError(r, 401, "unauthenticated");
        assertThat(r.header("WWW-Authenticate")).as("a browser never caches Basic credentials for HPM").isNull();
        assertError(http.get("/virtual-servers", Http.As.user("admin", "wrong-password-here")), 401, "unauthenticated");
        assertError(http.get("/virtual-servers", Http.As.token("hpm_not-a-token")), 401, "unauthenticated");
    }

    @Test
    void health_andOpenApi_needNoCredentials() {
        Http.Response health = http.get("/health", Http.As.ANONYMOUS);
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().get("status").asText()).isEqualTo("up");
        assertThat(health.json().get("hypervisors").asInt()).isEqualTo(3);
        Http.Response doc = http.get("/openapi.json", Http.As.ANONYMOUS);
        assertThat(doc.status()).isEqualTo(200);
        assertThat(doc.json().get("openapi").asText()).startsWith("3.1");
    }

    @Test
    void viewer_readsEverything_butEveryWriteIs403() {
        for (String path : List.of("/workload-resource-groups", "/workload-resource-groups/detail", "/virtual-servers",
                "/virtual-servers/detail", "/hypervisors", "/mgmt-levels", "/dynamic-resource-adjustments",
                "/performance-policies/export", "/metrics/calculated/hypervisor", "/session", "/tokens")) {
            assertThat(http.get(path, viewer).status()).as(path).isEqualTo(200);
        }
        assertError(http.post("/workload-resource-groups", viewer, "{\"name\": \"Nope\"}"), 403, "forbidden");
        assertError(http.post("/workload-resource-groups/default", viewer, "{\"description\": \"x\"}"), 403, "forbidden");
        assertError(http.delete("/workload-resource-groups/Batch", viewer), 403, "forbidden");
        assertError(http.post("/workload-resource-groups/Batch/actions", viewer,
                "{\"action\": \"add-virtual-servers\", \"virtual-servers\": [\"scratch-1\"]}"), 403, "forbidden");
        assertError(http.post("/virtual-servers/scratch-1", viewer, "{\"description\": \"x\"}"), 403, "forbidden");
        assertError(http.post("/mgmt-levels", viewer, "{\"default\": \"monitor\"}"), 403, "forbidden");
        assertError(http.post("/performance-policies/import", viewer, "{}"), 403, "forbidden");
        assertError(http.get("/users", viewer), 403, "forbidden");
        assertError(http.post("/users", viewer, "{}"), 403, "forbidden");
        assertError(http.get("/audit", viewer), 403, "forbidden");
    }

    @Test
    void session_saysWhoTheCallerIs() {
        JsonNode me = http.get("/session", viewer).json();
        assertThat(me.get("name").asText()).isEqualTo("watcher");
        assertThat(me.get("role").asText()).isEqualTo("viewer");
    }

    @Test
    void tokens_createUseListRevoke() {
        Http.Response created = http.post("/tokens", viewer, "{\"label\": \"nightly report\"}");
        assertThat(created.status()).isEqualTo(201);
        String secret = created.json().get("token").asText();
        String id = created.json().get("id").asText();
        assertThat(secret).startsWith("hpm_");
        Http.As token = Http.As.token(secret);
        assertThat(http.get("/session", token).json().get("via").asText()).isEqualTo("token " + id);
        JsonNode list = http.get("/tokens", viewer).json().get("tokens");
        assertThat(list.findValuesAsText("label")).contains("nightly report");
        assertThat(list.toString()).doesNotContain(secret);
        assertError(http.post("/workload-resource-groups", token, "{\"name\": \"X\"}"), 403, "forbidden");
        assertThat(http.delete("/tokens/" + id, viewer).status()).isEqualTo(204);
        assertError(http.get("/session", token), 401, "unauthenticated");
        assertError(http.post("/tokens", viewer, "{\"label\": \"\"}"), 400, "invalid-field");
    }

    @Test
    void users_createRulesAndLastAdmin() {
        String name = unique("ops");
        assertThat(http.post("/users", admin, "{\"name\": \"" + name + "\", \"role\": \"admin\", \"password\": \"a-long-password-1\"}")
                .status()).isEqualTo(201);
        assertError(http.post("/users", admin, "{\"name\": \"" + name + "\", \"role\": \"viewer\", \"password\": \"a-long-password-1\"}"),
                409, "conflict");
        Http.Response weak = http.post("/users", admin, "{\"name\": \"weak\", \"role\": \"viewer\", \"password\": \"short\"}");
        assertError(weak, 400, "invalid-field");
        assertThat(weak.json().get("problems").get(0).get("field").asText()).isEqualTo("password");
        assertError(http.post("/users", admin, "{\"name\": \"x\", \"role\": \"root\", \"password\": \"a-long-password-1\"}"),
                400, "invalid-field");
        assertThat(http.get("/users", admin).json().get("users").findValuesAsText("name")).contains("admin", "watcher", name);
        assertThat(http.get("/users", admin).text()).doesNotContain("pbkdf2");
        assertThat(http.delete("/users/" + name, admin).status()).isEqualTo(204);
        assertError(http.delete("/users/admin", admin), 409, "conflict");
        assertError(http.delete("/users/nobody", admin), 404, "not-found");
    }

    @Test
    void users_viewerChangesOwnPasswordButNotRoles() {
        String name = unique("temp");
        http.post("/users", admin, "{\"name\": \"" + name + "\", \"role\": \"viewer\", \"password\": \"first-password-1\"}");
        Http.As temp = Http.As.user(name, "first-password-1");
        assertError(http.post("/users/" + name, temp, "{\"role\": \"admin\"}"), 403, "forbidden");
        assertError(http.post("/users/watcher", temp, "{\"password\": \"someone-elses-1\"}"), 403, "forbidden");
        assertError(http.post("/users/" + name, temp, "{\"password\": \"second-password-2\"}"), 400, "invalid-field");
        assertError(http.post("/users/" + name, temp, "{\"password\": \"second-password-2\", \"old-password\": "
                + "\"not-the-old-one\"}"), 403, "forbidden");
        assertThat(http.post("/users/" + name, temp, "{\"password\": \"second-password-2\", \"old-password\": "
                + "\"first-password-1\"}").status()).isEqualTo(200);
        assertError(http.get("/session", temp), 401, "unauthenticated");
        assertThat(http.get("/session", Http.As.user(name, "second-password-2")).status()).isEqualTo(200);
    }

    // ---- workload resource groups

    @Test
    void wrgList_showsTheDemoGroupsWithGoalAttainment() {
        JsonNode groups = http.get("/workload-resource-groups", viewer).json().get("workload-resource-groups");
        assertThat(groups.findValuesAsText("name")).contains("default", "Trading", "WebShop", "Reporting", "Batch");
        JsonNode trading = find(groups, "Trading");
        assertThat(trading.get("importance").asText()).isEqualTo("highest");
        assertThat(trading.get("virtual-server-count").asInt()).isEqualTo(3);
        assertThat(trading.get("status").asText()).isIn("on-goal", "missing-goal");
        assertThat(trading.get("velocity").isNumber()).isTrue();
        assertThat(trading.get("id").asText()).isNotBlank();
    }

    @Test
    void wrgDetail_andGet_haveThePolicyMembersAndClasses() {
        JsonNode detail = find(http.get("/workload-resource-groups/detail", viewer).json().get("workload-resource-groups"), "WebShop");
        assertThat(detail.get("performance-policy").get("service-classes").findValuesAsText("name")).containsExactly("database", "frontend");
        assertThat(detail.get("virtual-servers")).hasSize(6);
        assertThat(detail.get("service-classes").findValuesAsText("name")).containsExactly("database", "frontend");
        JsonNode byName = http.get("/workload-resource-groups/WebShop", viewer).json();
        JsonNode byId = http.get("/workload-resource-groups/" + byName.get("id").asText(), viewer).json();
        assertThat(byId.get("name").asText()).isEqualTo("WebShop");
        assertThat(http.get("/workload-resource-groups/default", viewer).json().get("name").asText()).isEqualTo("default");
        assertError(http.get("/workload-resource-groups/NoSuchGroup", viewer), 404, "not-found");
    }

    @Test
    void wrgCreateUpdateDelete_roundTrip() {
        String name = unique("Gold");
        Http.Response created = http.post("/workload-resource-groups", admin, """
                {"name": "%s", "importance": "high", "description": "payments", "cpu-maximum": 2.5,
                 "performance-policy": {"service-classes": [{"name": "online", "goal": "fast", "importance": "high"},
                                                            {"name": "batch", "goal": "discretionary"}],
                                        "rules": [{"service-class": "batch", "filters": [{"attribute": "tag", "value": "batch"}]}],
                                        "default-class": "online"}}
                """.formatted(name));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        assertThat(created.header("Location")).endsWith("/workload-resource-groups/" + created.json().get("id").asText());
        assertThat(created.json().get("cpu-maximum").asDouble()).isEqualTo(2.5);
        assertError(http.post("/workload-resource-groups", admin, "{\"name\": \"" + name.toLowerCase() + "\"}"), 409, "conflict");

        Http.Response updated = http.post("/workload-resource-groups/" + name, admin, """
                {"description": "payments, card and wire", "performance-policy": {"service-classes": [
                  {"name": "online", "goal": "fastest", "importance": "highest"}]}}
                """);
        assertThat(updated.status()).as(updated.text()).isEqualTo(200);
        assertThat(updated.json().get("performance-policy").get("service-classes").get(0).get("goal").asText()).isEqualTo("fastest");
        assertThat(updated.json().get("description").asText()).isEqualTo("payments, card and wire");

        assertThat(http.delete("/workload-resource-groups/" + name, admin).status()).isEqualTo(204);
        assertError(http.get("/workload-resource-groups/" + name, admin), 404, "not-found");
    }

    @Test
    void wrgCreate_invalidPolicy_listsEveryProblem() {
        Http.Response r = http.post("/workload-resource-groups", admin, """
                {"name": "", "importance": "urgent", "performance-policy": {"service-classes": [
                  {"name": "a", "goal": "quick", "importance": "high"}], "rules": [
                  {"service-class": "a", "filters": [{"attribute": "name", "operator": "regex", "value": "web-[0-9"}]}]}}
                """);
        assertError(r, 400, "invalid-field");
        assertThat(r.json().get("problems").findValuesAsText("field")).contains("importance",
                "performance-policy.service-classes[0].goal", "performance-policy.rules[0].filters[0].value");
    }

    @Test
    void wrgDefault_cannotBeDeleted_butItsPolicyCanBeUpdated() {
        assertError(http.delete("/workload-resource-groups/default", admin), 409, "conflict");
        Http.Response r = http.post("/workload-resource-groups/default", admin, """
                {"performance-policy": {"service-classes": [{"name": "default", "goal": "slow", "importance": "low"}]}}
                """);
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        assertThat(r.json().get("performance-policy").get("service-classes").get(0).get("goal").asText()).isEqualTo("slow");
        assertError(http.post("/workload-resource-groups/default", admin, "{\"name\": \"renamed\"}"), 409, "conflict");
    }

    @Test
    void wrgActions_addAndRemoveServers() {
        String name = unique("Lab");
        assertThat(http.post("/workload-resource-groups", admin, "{\"name\": \"" + name + "\"}").status()).isEqualTo(201);
        Http.Response added = http.post("/workload-resource-groups/" + name + "/actions", admin,
                "{\"action\": \"add-virtual-servers\", \"virtual-servers\": [\"scratch-1\"]}");
        assertThat(added.status()).as(added.text()).isEqualTo(200);
        assertThat(added.json().get("virtual-servers")).hasSize(1);
        assertThat(http.get("/virtual-servers/scratch-1", viewer).json().get("workload-resource-group").asText()).isEqualTo(name);
        assertError(http.post("/workload-resource-groups/" + name + "/actions", admin,
                "{\"action\": \"add-virtual-servers\", \"virtual-servers\": [\"trade-1\"]}"), 409, "conflict");
        assertError(http.post("/workload-resource-groups/" + name + "/actions", admin,
                "{\"action\": \"add-virtual-servers\", \"virtual-servers\": [\"no-such-vm\"]}"), 404, "not-found");
        assertError(http.post("/workload-resource-groups/" + name + "/actions", admin,
                "{\"action\": \"dance\", \"virtual-servers\": [\"scratch-1\"]}"), 400, "invalid-field");
        Http.Response removed = http.post("/workload-resource-groups/" + name + "/actions", admin,
                "{\"action\": \"remove-virtual-servers\", \"virtual-servers\": [\"scratch-1\"]}");
        assertThat(removed.json().get("virtual-servers")).isEmpty();
        assertThat(http.get("/virtual-servers/scratch-1", viewer).json().get("workload-resource-group").asText()).isEqualTo("default");
        http.delete("/workload-resource-groups/" + name, admin);
    }

    @Test
    void wrgConflicts_areAnsweredByTheStoresRulesWithFieldValueAndFix() {
        String name = unique("Rules");
        Http.Response taken = http.post("/workload-resource-groups", admin,
                "{\"name\": \"" + name + "\", \"virtual-servers\": [\"trade-1\"]}");
        assertError(taken, 409, "conflict");
        JsonNode problem = taken.json().get("problems").get(0);
        assertThat(problem.get("field").asText()).isEqualTo("workload-resource-groups[" + name + "].members");
        assertThat(problem.get("value").asText()).as("named as the caller knows it").isEqualTo("trade-1");
        assertThat(problem.get("fix").asText()).isEqualTo("this virtual server is already in group Trading; a server is "
                + "in at most one group: remove it there first");
        assertThat(http.get("/workload-resource-groups/" + name, viewer).status()).isEqualTo(404);

        Http.Response sameName = http.post("/workload-resource-groups", admin, "{\"name\": \"trading\"}");
        assertError(sameName, 409, "conflict");
        assertThat(sameName.json().get("message").asText()).startsWith("workload-resource-groups[trading].name is "
                + "\"trading\": a workload resource group named trading exists already (as Trading, id ");

        Http.Response renamed = http.post("/workload-resource-groups/default", admin, "{\"name\": \"Other\"}");
        assertError(renamed, 409, "conflict");
        assertThat(renamed.json().get("problems").get(0).get("value").asText()).isEqualTo("Other");
        Http.Response intoDefault = http.post("/workload-resource-groups/default/actions", admin,
                "{\"action\": \"add-virtual-servers\", \"virtual-servers\": [\"scratch-1\"]}");
        assertError(intoDefault, 409, "conflict");
        assertThat(intoDefault.json().get("message").asText()).contains("servers join the default group by leaving their group");
        Http.Response deleted = http.delete("/workload-resource-groups/default", admin);
        assertThat(deleted.json().get("message").asText()).contains("the default group cannot be deleted");
    }

    // ---- virtual servers and hypervisors

    @Test
    void vsList_filtersAndFigures() {
        JsonNode all = http.get("/virtual-servers", viewer).json().get("virtual-servers");
        assertThat(all).hasSize(16);
        JsonNode trade = find(all, "trade-1");
        assertThat(trade.get("workload-resource-group").asText()).isEqualTo("Trading");
        assertThat(trade.get("service-class").asText()).isEqualTo("online");
        assertThat(trade.get("importance").asText()).isEqualTo("highest");
        assertThat(trade.get("status").asText()).isIn("on-goal", "missing-goal");
        assertThat(http.get("/virtual-servers?workload-resource-group=WebShop", viewer).json().get("virtual-servers")).hasSize(6);
        assertThat(http.get("/virtual-servers?name=shop-db-*", viewer).json().get("virtual-servers")).hasSize(3);
        assertThat(http.get("/virtual-servers?host=sim://sim-1", viewer).json().get("virtual-servers").size()).isBetween(1, 15);
        JsonNode batch = find(all, "batch-1");
        assertThat(batch.get("status").asText()).isEqualTo("no-goal");
        assertError(http.get("/virtual-servers?workload-resource-group=Nope", viewer), 404, "not-found");
        assertError(http.get("/virtual-servers?status=bogus", viewer), 400, "invalid-field");
    }

    @Test
    void vsDetail_andGet_haveSharesCpuAndSample() {
        JsonNode db = http.get("/virtual-servers/shop-db-1", viewer).json();
        assertThat(db.get("service-class").asText()).isEqualTo("database");
        assertThat(db.get("goal").asText()).isEqualTo("fast");
        assertThat(db.get("goal-velocity").asInt()).isEqualTo(70);
        assertThat(db.get("cpu-shares").asLong()).isPositive();
        assertThat(db.get("using-cpus").isNumber()).isTrue();
        assertThat(db.get("sample").asText()).isEqualTo("measured");
        assertThat(db.get("tags").findValuesAsText("")).isEmpty();
        assertThat(http.get("/virtual-servers/" + db.get("id").asText(), viewer).json().get("name").asText()).isEqualTo("shop-db-1");
        assertThat(http.get("/virtual-servers/detail", viewer).json().get("virtual-servers")).hasSize(16);
        assertError(http.get("/virtual-servers/nope", viewer), 404, "not-found");
    }

    @Test
    void vsList_aChangeThroughTheApi_isInTheVeryNextList() {
        // the list is rendered once per published state: an update must replace it at once
        String before = find(http.get("/virtual-servers/detail", viewer).json().get("virtual-servers"), "shop-web-2")
                .get("description").asText();
        Http.Response r = http.post("/virtual-servers/shop-web-2", admin, "{\"description\": \"" + before + " (checked)\"}");
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        assertThat(find(http.get("/virtual-servers/detail", viewer).json().get("virtual-servers"), "shop-web-2")
                .get("description").asText()).isEqualTo(before + " (checked)");
        assertThat(http.post("/virtual-servers/shop-web-2", admin, "{\"description\": \"" + before + "\"}").status()).isEqualTo(200);
    }

    @Test
    void vsDetail_lastSeen_followsTheIntervals() {
        java.time.Instant first = java.time.Instant.parse(http.get("/virtual-servers/shop-db-1", viewer).json().get("last-seen").asText());
        hpm.awaitIntervals(2);
        java.time.Instant later = java.time.Instant.parse(http.get("/virtual-servers/shop-db-1", viewer).json().get("last-seen").asText());
        assertThat(later).as("the latest measurement, not the stored sighting of a minute ago").isAfter(first);
    }

    @Test
    void vsUpdate_levelTagsDescription_andBackToDefault() {
        Http.Response r = http.post("/virtual-servers/report-2", admin,
                "{\"management-level\": \"monitor\", \"tags\": [\"nightly\", \"finance\"], \"description\": \"month-end reports\"}");
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        assertThat(r.json().get("management-level").asText()).isEqualTo("monitor");
        assertThat(r.json().get("own-management-level").asText()).isEqualTo("monitor");
        assertThat(r.json().get("tags").toString()).contains("nightly", "finance");
        assertThat(r.json().get("description").asText()).isEqualTo("month-end reports");
        Http.Response back = http.post("/virtual-servers/report-2", admin, "{\"management-level\": \"default\"}");
        assertThat(back.json().get("own-management-level").isNull()).isTrue();
        assertThat(back.json().get("management-level").asText()).isEqualTo("manage");
        assertError(http.post("/virtual-servers/report-2", admin, "{\"management-level\": \"sometimes\"}"), 400, "invalid-field");
        assertError(http.post("/virtual-servers/report-2", admin, "{\"colour\": \"red\"}"), 400, "invalid-field");
        assertError(http.post("/virtual-servers/nope", admin, "{\"description\": \"x\"}"), 404, "not-found");
    }

    @Test
    void hypervisors_threeConnectedDemoHosts() {
        JsonNode list = http.get("/hypervisors", viewer).json().get("hypervisors");
        assertThat(list).hasSize(3);
        for (JsonNode h : list) {
            assertThat(h.get("status").asText()).isEqualTo("connected");
            assertThat(h.get("cpus").asInt()).isEqualTo(4);
            assertThat(h.get("management-level").asText()).isEqualTo("manage");
            assertThat(h.get("last-decision").asText()).isNotBlank();
        }
    }

    // ---- management levels and adjustments

    @Test
    void mgmtLevels_getSet_allOrNothing() {
        JsonNode levels = http.get("/mgmt-levels", viewer).json();
        assertThat(levels.get("default").asText()).isEqualTo("manage");
        assertThat(levels.get("hypervisors")).hasSize(3);
        Http.Response bad = http.post("/mgmt-levels", admin, """
                {"hypervisors": [{"id": "sim://sim-3", "management-level": "monitor"}, {"id": "sim://nope", "management-level": "manage"}]}
                """);
        assertError(bad, 400, "invalid-field");
        assertThat(http.get("/mgmt-levels", viewer).json().get("hypervisors").findValues("own-management-level"))
                .allSatisfy(level -> assertThat(level.isNull()).isTrue());
        Http.Response set = http.post("/mgmt-levels", admin, """
                {"hypervisors": [{"id": "sim://sim-3", "management-level": "monitor"}],
                 "virtual-servers": [{"id": "scratch-1", "management-level": "none"}]}
                """);
        assertThat(set.status()).as(set.text()).isEqualTo(200);
        assertThat(find(set.json().get("hypervisors"), "sim-3").get("management-level").asText()).isEqualTo("monitor");
        assertThat(set.json().get("virtual-servers").findValuesAsText("name")).contains("scratch-1");
        http.post("/mgmt-levels", admin, """
                {"hypervisors": [{"id": "sim://sim-3", "management-level": "default"}],
                 "virtual-servers": [{"id": "scratch-1", "management-level": "default"}]}
                """);
        assertThat(http.get("/mgmt-levels", viewer).json().get("virtual-servers")).isEmpty();
    }

    @Test
    void adjustments_explainEachDecision_andFilter() {
        JsonNode list = awaitAdjustments();
        JsonNode a = list.get(0);
        assertThat(a.get("time").asText()).isNotBlank();
        assertThat(a.get("host").asText()).startsWith("sim://");
        // a receiver missed its goal (PI > 1); the API gives PIs to 3 decimals, so one at 1.0004 reads 1.0
        assertThat(a.get("receiver").get("pi-before").asDouble()).isGreaterThanOrEqualTo(1.0);
        assertThat(a.get("changes")).isNotEmpty();
        assertThat(a.get("changes").get(0).has("shares-before")).isTrue();
        assertThat(a.get("reason").asText()).contains("missed its goal");
        String host = a.get("host").asText();
        JsonNode byHost = http.get("/dynamic-resource-adjustments?host=" + host, viewer).json().get("dynamic-resource-adjustments");
        assertThat(byHost.findValuesAsText("host")).containsOnly(host);
        String receiver = a.get("receiver").get("group").asText();
        assertThat(http.get("/dynamic-resource-adjustments?workload-resource-group=" + receiver, viewer).json()
                .get("dynamic-resource-adjustments")).isNotEmpty();
        assertThat(http.get("/dynamic-resource-adjustments?limit=1", viewer).json().get("dynamic-resource-adjustments")).hasSize(1);
        assertError(http.get("/dynamic-resource-adjustments?limit=0", viewer), 400, "invalid-field");
        assertError(http.get("/dynamic-resource-adjustments?from=yesterday", viewer), 400, "invalid-field");
    }

    @Test
    void adjustments_efficacyRecord_anAdjustmentAnIntervalOld_carriesThePiAchieved() {
        awaitAdjustments();
        hpm.awaitIntervals(2);
        JsonNode list = http.get("/dynamic-resource-adjustments?from=-1h", viewer).json().get("dynamic-resource-adjustments");
        assertThat(list).allSatisfy(a -> assertThat(a.get("receiver").has("pi-achieved")).isTrue());
        JsonNode oldest = list.get(list.size() - 1);
        assertThat(oldest.get("receiver").get("pi-achieved").isNumber()).as(oldest.toString()).isTrue();
    }

    JsonNode awaitAdjustments() {
        for (int i = 0; i < 60; i++) {
            JsonNode list = http.get("/dynamic-resource-adjustments?from=-1h", viewer).json().get("dynamic-resource-adjustments");
            if (!list.isEmpty()) {
                return list;
            }
            hpm.awaitIntervals(1);
        }
        throw new AssertionError("the demo pool made no adjustment in a minute");
    }

    // ---- metrics

    @Test
    void metrics_calculatedAndRaw_overTimeRanges() {
        JsonNode hosts = http.get("/metrics/calculated/hypervisor?from=-10m", viewer).json().get("hypervisors");
        assertThat(hosts).hasSize(3);
        assertThat(hosts.get(0).get("samples").size()).isGreaterThanOrEqualTo(3);
        assertThat(hosts.get(0).get("samples").get(0).get("cpu-utilisation").isNumber()).isTrue();
        JsonNode raw = http.get("/metrics/raw/hypervisor?host=sim://sim-1", viewer).json().get("hypervisors");
        assertThat(raw).hasSize(1);
        assertThat(raw.get(0).get("samples").get(0).get("user-nanos").asLong()).isPositive();
        JsonNode groups = http.get("/metrics/calculated/workload-resource-groups?step=1m", viewer).json().get("workload-resource-groups");
        JsonNode trading = find(groups, "Trading");
        assertThat(trading.get("samples")).isNotEmpty();
        assertThat(trading.get("service-classes").get(0).get("samples").get(0).get("pi").isNumber()).isTrue();
        assertThat(http.get("/metrics/calculated/workload-resource-groups/Trading", viewer).json()
                .get("workload-resource-groups")).hasSize(1);
        assertThat(http.get("/metrics/calculated/workload-resource-groups/default", viewer).json()
                .get("workload-resource-groups").get(0).get("name").asText()).isEqualTo("default");
        JsonNode rawGroup = http.get("/metrics/raw/workload-resource-groups/Batch?from=-2m", viewer).json()
                .get("workload-resource-groups").get(0);
        assertThat(rawGroup.get("virtual-servers")).hasSize(3);
        assertThat(rawGroup.get("virtual-servers").get(0).get("samples").get(0).get("vcpu-delay-nanos").asLong()).isNotNegative();
        assertThat(http.get("/metrics/raw/workload-resource-groups/default?from=-2m", viewer).status()).isEqualTo(200);
        assertThat(http.get("/metrics/raw/workload-resource-groups?from=-2m", viewer).status()).isEqualTo(200);
        assertThat(http.get("/metrics/calculated/workload-resource-groups?from=-5m", viewer).status()).isEqualTo(200);
        JsonNode vs = http.get("/metrics/calculated/virtual-servers/trade-2?from=-10m", viewer).json();
        assertThat(vs.get("samples").get(0).get("cpu-shares").asLong()).isPositive();
        assertError(http.get("/metrics/calculated/hypervisor?from=-30d", viewer), 400, "invalid-field");
        assertError(http.get("/metrics/calculated/hypervisor?from=now&to=-1h", viewer), 400, "invalid-field");
        assertError(http.get("/metrics/calculated/hypervisor?step=0s", viewer), 400, "invalid-field");
        assertError(http.get("/metrics/calculated/workload-resource-groups/Nope", viewer), 404, "not-found");
    }

    /**
     * Past history.retention (36h) only 5-minute roll-ups are kept, past history.retention-5m (7d)
     * hourly ones: a finer step over a range reaching back there is a 400 that names the step, the
     * retention and a step that works (docs/history.md), not an empty answer.
     */
    @Test
    void metrics_stepFinerThanWhatIsKept_400NamesTheStepAndTheFix() {
        Http.Response twoMinutes = http.get("/metrics/calculated/workload-resource-groups?from=-40h&step=2m", viewer);
        assertError(twoMinutes, 400, "invalid-field");
        assertThat(twoMinutes.json().get("message").asText()).startsWith("step is \"2m\": the range ")
                .contains("reaches back past history.retention (36h)").endsWith("use a step that is a multiple of 5m, e.g. 5m");
        assertThat(twoMinutes.json().get("problems").get(0).get("field").asText()).isEqualTo("step");
        assertThat(twoMinutes.json().get("problems").get(0).get("value").asText()).isEqualTo("2m");
        assertThat(http.get("/metrics/calculated/workload-resource-groups?from=-40h&step=10m", viewer).status())
                .isEqualTo(200);
        Http.Response none = http.get("/metrics/calculated/hypervisor?from=-37h", viewer);
        assertError(none, 400, "invalid-field");
        assertThat(none.json().get("message").asText()).startsWith("step is missing: ");
        Http.Response week = http.get("/metrics/calculated/virtual-servers/trade-2?from=-8d&step=5m", viewer);
        assertError(week, 400, "invalid-field");
        assertThat(week.json().get("message").asText()).contains("history.retention-5m (168h)").endsWith("e.g. 1h");
        assertThat(http.get("/metrics/calculated/virtual-servers/trade-2?from=-8d&step=2h", viewer).status()).isEqualTo(200);
        assertThat(http.get("/metrics/calculated/hypervisor?from=-36h&step=1m", viewer).status())
                .as("from the retention's edge, read a moment earlier").isEqualTo(200);
    }

    @Test
    void prometheus_exposesLibvirtAndHpmFamilies() {
        Http root = new Http(hpm.server.baseUrl());
        Http.Response r = root.get("/metrics", viewer);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Type")).startsWith("text/plain");
        assertThat(r.text()).contains("# TYPE libvirt_domain_info_cpu_time_seconds_total counter",
                "libvirt_domain_vcpu_delay_seconds_total{domain=\"trade-1\"", "# TYPE hpm_service_class_performance_index gauge",
                "hpm_service_class_goal_velocity{group=\"Trading\",service_class=\"online\"} 70.0", "hpm_adjustments_total{host=\"sim://sim-1\"}",
                "hpm_collection_duration_seconds", "libvirt_up{host=\"sim://sim-2\"} 1");
        assertError(root.get("/metrics", Http.As.ANONYMOUS), 401, "unauthenticated");
    }

    // ---- web UI files

    @Test
    void ui_servesThePageWithAStrictPolicy_andNothingOutsideIt() {
        Http root = new Http(hpm.server.baseUrl());
        Http.Response start = root.get("/", Http.As.ANONYMOUS);
        assertThat(start.status()).isEqualTo(302);
        assertThat(start.header("Location")).isEqualTo("/ui/");
        Http.Response page = root.get("/ui/", Http.As.ANONYMOUS);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.text()).contains("<script type=\"module\" src=\"/ui/js/app.js\">");
        assertThat(page.header("Content-Security-Policy")).contains("script-src 'self'", "frame-ancestors 'none'");
        assertThat(page.header("Content-Type")).startsWith("text/html");
        assertThat(root.get("/ui/js/pages/overview.js", Http.As.ANONYMOUS).header("Content-Type")).startsWith("text/javascript");
        assertError(root.get("/ui/..%2F..%2Fapplication.properties", Http.As.ANONYMOUS), 404, "not-found");
        assertError(root.get("/ui/no-such.js", Http.As.ANONYMOUS), 404, "not-found");
        // Nobody is asked for Basic credentials: a browser would cache them and send them on cross-site requests.
        Http.Response scripted = http.get("/session", Http.As.user("admin", "wrong-password-here"));
        assertThat(scripted.header("WWW-Authenticate")).isNull();
    }

    // ---- policies

    @Test
    void policyExportImport_roundTripsExactly() {
        JsonNode exported = http.get("/performance-policies/export", viewer).json();
        assertThat(exported.get("format").asText()).isEqualTo("hpm-performance-policies");
        assertThat(exported.get("version").asInt()).isEqualTo(1);
        Http.Response imported = http.post("/performance-policies/import", admin, exported.toString());
        assertThat(imported.status()).as(imported.text()).isEqualTo(200);
        JsonNode again = http.get("/performance-policies/export", viewer).json();
        ((com.fasterxml.jackson.databind.node.ObjectNode) exported).remove("exported");
        ((com.fasterxml.jackson.databind.node.ObjectNode) again).remove("exported");
        assertThat(again).isEqualTo(exported);
    }

    @Test
    void policyImport_invalidPart_changesNothing() {
        JsonNode before = http.get("/performance-policies/export", viewer).json();
        Http.Response r = http.post("/performance-policies/import", admin, """
                {"format": "hpm-performance-policies", "version": 1, "workload-resource-groups": [
                  {"name": "Fine", "performance-policy": {"service-classes": [{"name": "a", "goal": "fast", "importance": "high"}]}},
                  {"name": "Broken", "performance-policy": {"service-classes": [{"name": "b", "goal": "warp", "importance": "high"}]}}]}
                """);
        assertError(r, 400, "invalid-field");
        assertThat(r.json().get("problems").findValuesAsText("field")).contains("workload-resource-groups[1].policy.service-classes[0].goal");
        JsonNode after = http.get("/performance-policies/export", viewer).json();
        assertThat(after.get("workload-resource-groups")).isEqualTo(before.get("workload-resource-groups"));
        assertError(http.post("/performance-policies/import", admin, "{\"format\": \"something-else\", \"version\": 1, "
                + "\"workload-resource-groups\": []}"), 400, "invalid-field");
    }

    @Test
    void policyPreview_showsWhatEachRuleWouldMatch_andSavesNothing() {
        JsonNode before = http.get("/workload-resource-groups/WebShop", viewer).json().get("performance-policy");
        Http.Response r = http.post("/performance-policies/preview", viewer, """
                {"workload-resource-group": "WebShop", "performance-policy": {
                  "service-classes": [{"name": "db", "goal": "fast", "importance": "high"},
                                      {"name": "web", "goal": "moderate", "importance": "high"}],
                  "rules": [{"service-class": "db", "filters": [{"attribute": "tag", "value": "database"}]},
                            {"service-class": "db", "filters": [{"attribute": "name", "operator": "wildcard", "value": "shop-db-*"}]}],
                  "default-class": "web"}}
                """);
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        JsonNode preview = r.json();
        assertThat(preview.get("rules").get(0).get("virtual-servers").toString())
                .isEqualTo("[\"shop-db-1\",\"shop-db-2\",\"shop-db-3\"]");
        assertThat(preview.get("rules").get(1).get("virtual-servers")).isEmpty(); // the first match wins
        assertThat(preview.get("default-class").get("service-class").asText()).isEqualTo("web");
        assertThat(preview.get("default-class").get("virtual-servers").toString())
                .isEqualTo("[\"shop-web-1\",\"shop-web-2\",\"shop-web-3\"]");
        assertThat(http.get("/workload-resource-groups/WebShop", viewer).json().get("performance-policy")).isEqualTo(before);
    }

    @Test
    void policyPreview_invalidDraft_namesTheField() {
        Http.Response r = http.post("/performance-policies/preview", viewer, """
                {"workload-resource-group": "WebShop", "performance-policy": {
                  "service-classes": [{"name": "db", "goal": "fast", "importance": "high"}],
                  "rules": [{"service-class": "nope", "filters": [{"attribute": "tag", "value": "x"}]}]}}
                """);
        assertError(r, 400, "invalid-field");
        assertThat(r.json().get("problems").get(0).get("field").asText()).startsWith("performance-policy.rules[")
                .endsWith("].service-class");
        assertThat(r.json().get("problems").get(0).get("value").asText()).isEqualTo("nope");
        assertError(http.post("/performance-policies/preview", viewer, "{\"workload-resource-group\": \"Nope\", "
                + "\"performance-policy\": {\"service-classes\": []}}"), 404, "not-found");
    }

    // ---- error classes

    @Test
    void errors_malformedWrongTypeTooLargeAndUnknownPath() {
        assertError(http.post("/workload-resource-groups", admin, "{\"name\": "), 400, "malformed-request");
        assertError(http.post("/workload-resource-groups", admin, "[1, 2]"), 400, "malformed-request");
        assertError(http.post("/workload-resource-groups", admin, "text/plain", "name=Gold"), 415, "unsupported-media-type");
        assertError(http.post("/workload-resource-groups", admin, "{\"name\": \"" + "x".repeat(5 << 20) + "\"}"), 413, "payload-too-large");
        Http.Response unknown = http.get("/no-such-thing", viewer);
        assertError(unknown, 404, "not-found");
        assertThat(unknown.json().get("message").asText()).isEqualTo("no such resource: GET " + HpmServer.BASE
                + "/no-such-thing (see " + HpmServer.BASE + "/openapi.json)");
        assertError(http.post("/workload-resource-groups", admin, "{\"name\": \"Dup\", \"name\": \"Dup\"}"), 400, "malformed-request");
    }

    @Test
    void audit_recordsWhoChangedWhat() {
        String name = unique("Audited");
        http.post("/workload-resource-groups", admin, "{\"name\": \"" + name + "\"}");
        JsonNode entries = http.get("/audit?from=-1h", admin).json().get("entries");
        List<String> lines = new ArrayList<>();
        entries.forEach(e -> lines.add(e.get("user").asText() + " " + e.get("action").asText() + " " + e.get("target").asText()));
        assertThat(lines).contains("admin create-workload-resource-group " + name);
        http.delete("/workload-resource-groups/" + name, admin);
    }

    static JsonNode find(JsonNode list, String name) {
        for (JsonNode n : list) {
            if (n.has("name") && n.get("name").asText().equals(name)) {
                return n;
            }
        }
        throw new AssertionError("no " + name + " in " + list);
    }
}
