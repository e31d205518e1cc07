package dev.hpm.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hpm.store.StoreSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;

import static dev.hpm.server.ApiContractTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server-pool API (docs/pool-api.md) over HTTP against a real server whose demo pool is the
 * simulated pool of {@code pool-test.yaml} (three quiet 4-core hosts, recommend mode, power save
 * after 3 s, half-second migrations, two-second boots), on a one-second interval: pools, DWM policy,
 * plans approved and rejected, placement, power, maintenance, migrations, power settings, roles and
 * validation. The tests run in order on one server (a plan's story is told across them). Runs on the
 * embedded database and on PostgreSQL (subclasses).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class PoolApiContractTest {
    static final String VIEWER_PASSWORD = "viewer-password-for-tests";
    static final Duration WAIT = Duration.ofSeconds(60);
    TestServer hpm;
    Http http;
    Http.As admin;
    final Http.As viewer = Http.As.user("watcher", VIEWER_PASSWORD);
    String pool;
    String released;

    abstract StoreSettings store(Path data);

    static Path scenario(String name) {
        try {
            return Path.of(PoolApiContractTest.class.getResource("/dev/hpm/server/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @BeforeAll
    void start() {
        hpm = new TestServer(this::store, scenario("pool-test.yaml"));
        http = hpm.http;
        admin = hpm.admin;
        Http.Response created = http.post("/users", admin, "{\"name\": \"watcher\", \"role\": \"viewer\", \"password\": \""
                + VIEWER_PASSWORD + "\"}");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        hpm.awaitIntervals(2);
        pool = http.get("/server-pools", viewer).json().get("server-pools").get(0).get("id").asText();
    }

    @AfterAll
    void stop() {
        if (hpm != null) {
            hpm.close();
        }
    }

    /** Polls {@code read} until {@code done} holds, or fails after {@link #WAIT} showing the last value. */
    static JsonNode await(String what, Supplier<JsonNode> read, Predicate<JsonNode> done) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            last = read.get();
            if (done.test(last)) {
                return last;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new AssertionError(what + " did not happen within " + WAIT + "; last: " + last);
    }

    JsonNode pool() {
        return http.get("/server-pools/" + pool, viewer).json();
    }

    JsonNode host(JsonNode pool, String name) {
        for (JsonNode h : pool.get("hypervisors")) {
            if (h.get("name").asText().equals(name)) {
                return h;
            }
        }
        throw new AssertionError("no host " + name + " in " + pool);
    }

    @Test
    @Order(1)
    void pools_theDemoPool_withItsHostsServersPowerAndPolicy() {
        JsonNode list = http.get("/server-pools", viewer).json().get("server-pools");
        assertThat(list).hasSize(1);
        JsonNode p = list.get(0);
        assertThat(p.get("name").asText()).isEqualTo("demo");
        assertThat(p.get("mode").asText()).isEqualTo("recommend");
        assertThat(p.get("dwm-policy").get("power-save").get("duration").asText()).isEqualTo("PT3S");
        assertThat(p.get("hypervisors")).extracting(h -> h.get("name").asText()).containsExactly("sim-1", "sim-2", "sim-3");
        assertThat(p.get("powered-hosts").asInt()).isEqualTo(3);
        assertThat(p.get("watts").asDouble()).isGreaterThan(3 * 90);
        for (JsonNode h : p.get("hypervisors")) {
            assertThat(h.get("power-state").asText()).isEqualTo("on");
            assertThat(h.get("maintenance").asText()).isEqualTo("none");
            assertThat(h.get("cpus").asInt()).isEqualTo(4);
            assertThat(h.get("memory-mb").asLong()).isEqualTo(16 * 1024);
            assertThat(h.get("virtual-servers")).hasSize(2);
            assertThat(h.get("memory-used-mb").asLong()).isEqualTo(1024);
        }
        assertThat(http.get("/server-pools/demo", viewer).json().get("id").asText()).isEqualTo(pool);
        assertError(http.get("/server-pools/nowhere", viewer), 404, "not-found");
    }

    @Test
    @Order(2)
    void viewer_readsPools_butEveryWriteIs403() {
        for (String path : List.of("/server-pools", "/server-pools/" + pool, "/server-pools/" + pool + "/dwm-policy",
                "/server-pools/" + pool + "/plans", "/hypervisors/sim-1/maintenance", "/hypervisors/sim-1/power",
                "/hypervisors/sim-1/power-settings", "/migrations")) {
            assertThat(http.get(path, viewer).status()).as(path).isEqualTo(200);
        }
        assertError(http.post("/server-pools", viewer, "{\"name\": \"x\"}"), 403, "forbidden");
        assertError(http.post("/server-pools/" + pool, viewer, "{\"description\": \"x\"}"), 403, "forbidden");
        assertError(http.delete("/server-pools/" + pool, viewer), 403, "forbidden");
        assertError(http.post("/server-pools/" + pool + "/dwm-policy", viewer, "{\"mode\": \"off\"}"), 403, "forbidden");
        assertError(http.post("/server-pools/" + pool + "/plans/any/approve", viewer, "{}"), 403, "forbidden");
        assertError(http.post("/server-pools/" + pool + "/plans/any/reject", viewer, "{}"), 403, "forbidden");
        assertError(http.post("/hypervisors/sim-1/maintenance", viewer, "{\"action\": \"enter\"}"), 403, "forbidden");
        assertError(http.post("/hypervisors/sim-1/power", viewer, "{\"action\": \"off\"}"), 403, "forbidden");
        assertError(http.post("/hypervisors/sim-1/power-settings", viewer, "{\"driver\": \"wol\"}"), 403, "forbidden");
        assertThat(host(pool(), "sim-1").get("maintenance").asText()).isEqualTo("none");
    }

    @Test
    @Order(3)
    void validation_namesEveryProblem() {
        Http.Response bad = http.post("/server-pools", admin, "{\"name\": \" \", \"hypervisors\": [\"nowhere\"], \"colour\": 1}");
        assertError(bad, 400, "invalid-field");
        assertThat(bad.json().get("problems")).extracting(p -> p.get("field").asText()).contains("colour", "hypervisors");
        Http.Response policy = http.post("/server-pools/" + pool + "/dwm-policy", admin, "{\"even-distribution\": "
                + "{\"threshold\": 140}, \"power-save\": {\"reserve-hosts\": 5, \"duration\": \"soon\"}, "
                + "\"migration\": {\"max-downtime-ms\": 0}, \"mode\": \"sometimes\"}");
        assertError(policy, 400, "invalid-field");
        assertThat(policy.json().get("problems")).extracting(p -> p.get("field").asText())
                .contains("mode", "power-save.duration");
        Http.Response meaning = http.post("/server-pools/" + pool + "/dwm-policy", admin, "{\"even-distribution\": "
                + "{\"threshold\": 140}, \"power-save\": {\"reserve-hosts\": 5}, \"migration\": {\"max-downtime-ms\": 0}}");
        assertError(meaning, 400, "invalid-field");
        assertThat(meaning.json().get("problems")).extracting(p -> p.get("field").asText())
                .containsExactly("even-distribution.threshold", "power-save.reserve-hosts", "migration.max-downtime-ms");
        assertThat(meaning.json().get("problems").get(0).get("value").asText()).isEqualTo("140");
        assertError(http.post("/hypervisors/sim-1/maintenance", admin, "{\"action\": \"sideways\"}"), 400, "invalid-field");
        assertError(http.post("/hypervisors/sim-1/power", admin, "{\"action\": \"maybe\"}"), 400, "invalid-field");
        assertError(http.get("/server-pools/" + pool + "/plans?status=lost", viewer), 400, "invalid-field");
        assertError(http.get("/migrations?since=yesterday", viewer), 400, "invalid-field");
        assertThat(http.get("/server-pools/" + pool + "/dwm-policy", viewer).json().get("mode").asText()).isEqualTo("recommend");
    }

    @Test
    @Order(4)
    void pools_createUpdateDelete_aHypervisorInAtMostOnePool() {
        assertError(http.post("/server-pools", admin, "{\"name\": \"second\", \"hypervisors\": [\"sim-1\"]}"), 409, "conflict");
        assertError(http.post("/server-pools", admin, "{\"name\": \"Demo\"}"), 409, "conflict");
        Http.Response created = http.post("/server-pools", admin, "{\"name\": \"spare\", \"description\": \"none yet\"}");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        String id = created.json().get("id").asText();
        assertThat(created.json().get("hypervisors")).isEmpty();
        Http.Response renamed = http.post("/server-pools/" + id, admin, "{\"name\": \"spare-2\"}");
        assertThat(renamed.json().get("name").asText()).isEqualTo("spare-2");
        assertThat(renamed.json().get("description").asText()).isEqualTo("none yet");
        assertThat(http.delete("/server-pools/" + id, admin).status()).isEqualTo(204);
        assertError(http.get("/server-pools/" + id, viewer), 404, "not-found");
        JsonNode audit = http.get("/audit?limit=50", admin).json();
        assertThat(audit.toString()).contains("pool-create").contains("pool-delete");
    }

    @Test
    @Order(5)
    void plans_recommendMode_aPlanAppears_rejectThenApproveTheNext_executedWithAchievedIndicators() {
        JsonNode first = await("a recommendation", this::pool, p -> !p.get("pending-plan").isNull());
        String rejected = first.get("pending-plan").asText();
        JsonNode plan = http.get("/server-pools/" + pool + "/plans/" + rejected, viewer).json();
        assertThat(plan.get("status").asText()).isEqualTo("pending");
        assertThat(plan.get("goal").asText()).isEqualTo("power-save");
        assertThat(plan.get("actions")).extracting(a -> a.get("kind").asText()).contains("migrate");
        assertThat(plan.get("actions")).allSatisfy(a -> assertThat(a.get("reason").asText()).isNotBlank());
        assertThat(plan.get("actions")).allSatisfy(a -> assertThat(a.get("state").asText()).isEqualTo("planned"));
        assertThat(plan.get("projected").get("watts").asDouble()).isLessThanOrEqualTo(plan.get("before").get("watts").asDouble());
        assertThat(plan.get("achieved").isNull()).isTrue();

        Http.Response r = http.post("/server-pools/" + pool + "/plans/" + rejected + "/reject", admin, "{}");
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        assertThat(r.json().get("status").asText()).isEqualTo("rejected");
        assertError(http.post("/server-pools/" + pool + "/plans/" + rejected + "/approve", admin, "{}"), 409, "conflict");
        assertError(http.post("/server-pools/" + pool + "/plans/nope/approve", admin, "{}"), 404, "not-found");

        JsonNode again = await("a new recommendation", this::pool,
                p -> !p.get("pending-plan").isNull() && !p.get("pending-plan").asText().equals(rejected));
        String id = again.get("pending-plan").asText();
        JsonNode done = approveAndAwait(id);
        int migrate = 0;
        for (JsonNode a : done.get("actions")) {
            migrate += a.get("kind").asText().equals("migrate") ? 1 : 0;
        }
        assertThat(done.get("achieved").get("migrations").asInt()).isEqualTo(migrate);
        assertThat(done.get("projected").get("migrations").asInt()).isEqualTo(migrate);
        // the host emptied is powered off by this plan or, if it was planned apart, by the next one
        JsonNode releasing = done;
        while (releasing.get("actions").findValuesAsText("kind").stream().noneMatch("power-off"::equals)) {
            String last = releasing.get("id").asText();
            JsonNode next = await("a plan that powers the empty host off", this::pool,
                    p -> !p.get("pending-plan").isNull() && !p.get("pending-plan").asText().equals(last));
            releasing = approveAndAwait(next.get("pending-plan").asText());
        }
        assertThat(releasing.get("goal").asText()).isEqualTo("power-save");
        assertThat(releasing.get("achieved").get("watts").asDouble())
                .isLessThan(releasing.get("before").get("watts").asDouble());
        assertThat(releasing.get("achieved").get("powered-hosts").asInt()).isEqualTo(2);
        this.released = releasing.get("actions").findValuesAsText("host").stream().filter(h -> !h.equals("null"))
                .findFirst().orElseThrow();
        String off = this.released;
        JsonNode after = pool();
        assertThat(after.get("powered-hosts").asInt()).isEqualTo(2);
        assertThat(after.get("watts").asDouble()).isLessThan(first.get("watts").asDouble());
        int servers = 0;
        for (JsonNode h : after.get("hypervisors")) {
            servers += h.get("virtual-servers").size();
            if (h.get("id").asText().equals(off)) {
                assertThat(h.get("power-state").asText()).isEqualTo("off");
                assertThat(h.get("virtual-servers")).isEmpty();
            }
        }
        assertThat(servers).as("every server runs on exactly one host").isEqualTo(6);
        JsonNode migrations = http.get("/migrations?limit=100", viewer).json().get("migrations");
        assertThat(migrations).isNotEmpty().allSatisfy(m -> {
            assertThat(m.get("state").asText()).isEqualTo("done");
            assertThat(m.get("memory-mb").asLong()).isEqualTo(512);
        });
        assertThat(migrations).extracting(m -> m.get("plan").asText()).contains(id);
        assertThat(http.get("/server-pools/" + pool + "/plans?status=rejected", viewer).json().get("plans"))
                .extracting(p -> p.get("id").asText()).containsExactly(rejected);
        assertThat(http.get("/server-pools/" + pool + "/plans?limit=1", viewer).json().get("plans")).hasSize(1);
    }

    /** Approves pending plan {@code id} and waits until it executed and its achieved indicators are in. */
    JsonNode approveAndAwait(String id) {
        Http.Response approved = http.post("/server-pools/" + pool + "/plans/" + id + "/approve", admin, "{}");
        assertThat(approved.status()).as(approved.text()).isEqualTo(200);
        assertThat(approved.json().get("status").asText()).isEqualTo("executing");
        JsonNode done = await("plan " + id + " executed with achieved indicators",
                () -> http.get("/server-pools/" + pool + "/plans/" + id, viewer).json(),
                p -> p.get("status").asText().equals("executed") && !p.get("achieved").isNull());
        assertThat(done.get("actions")).allSatisfy(a -> {
            assertThat(a.get("state").asText()).isEqualTo("done");
            assertThat(a.get("progress").asDouble()).isEqualTo(1.0);
            assertThat(a.get("started").isNull()).isFalse();
            assertThat(a.get("ended").isNull()).isFalse();
        });
        return done;
    }

    @Test
    @Order(6)
    void placement_ranksThePoweredHostsFirst_andSaysWhyTheOthersDoNotFit() {
        Http.Response r = http.post("/server-pools/" + pool + "/placement", viewer, "{\"cpu\": 1.5, \"memory-mb\": 1024}");
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        JsonNode hosts = r.json().get("hosts");
        assertThat(hosts).hasSize(3);
        assertThat(hosts.get(0).get("rank").asInt()).isEqualTo(1);
        assertThat(hosts.get(0).get("fits").asBoolean()).isTrue();
        JsonNode off = null;
        for (JsonNode h : hosts) {
            if (h.get("id").asText().equals(released)) {
                off = h;
            }
        }
        assertThat(off).isNotNull();
        assertThat(off.get("fits").asBoolean()).isFalse();
        assertThat(off.get("reason").asText()).isNotBlank();
        assertError(http.post("/server-pools/" + pool + "/placement", viewer, "{\"cpu\": -1}"), 400, "invalid-field");
    }

    @Test
    @Order(7)
    void power_onAndOff_simulated_offRefusedWhileServersRun() {
        String name = released.substring("sim://".length());
        JsonNode p = http.get("/hypervisors/" + name + "/power", viewer).json();
        assertThat(p.get("state").asText()).isEqualTo("off");
        assertThat(p.get("driver").asText()).isEqualTo("simulated");
        assertThat(p.get("watts").asDouble()).isZero();
        String busy = null;
        for (JsonNode h : pool().get("hypervisors")) {
            if (!h.get("virtual-servers").isEmpty()) {
                busy = h.get("name").asText();
            }
        }
        assertError(http.post("/hypervisors/" + busy + "/power", admin, "{\"action\": \"off\"}"), 409, "conflict");
        Http.Response on = http.post("/hypervisors/" + name + "/power", admin, "{\"action\": \"on\"}");
        assertThat(on.status()).as(on.text()).isEqualTo(202);
        assertThat(on.json().get("state").asText()).isEqualTo("powering-on");
        JsonNode up = await("the host powered on", () -> http.get("/hypervisors/" + name + "/power", viewer).json(),
                j -> j.get("state").asText().equals("on"));
        assertThat(up.get("watts").asDouble()).isGreaterThanOrEqualTo(90);
    }

    @Test
    @Order(8)
    void maintenance_enter_serversLeaveTheHostWithProgress_leave_theyComeBack() {
        Http.Response auto = http.post("/server-pools/" + pool + "/dwm-policy", admin,
                "{\"mode\": \"automatic\", \"power-save\": {\"enabled\": false}}");
        assertThat(auto.status()).as(auto.text()).isEqualTo(200);
        assertThat(auto.json().get("mode").asText()).isEqualTo("automatic");
        for (JsonNode h : pool().get("hypervisors")) {
            if (h.get("power-state").asText().equals("off")) {
                assertThat(http.post("/hypervisors/" + h.get("name").asText() + "/power", admin, "{\"action\": \"on\"}")
                        .status()).isEqualTo(202);
            }
        }
        await("every host on", this::pool, p -> p.get("powered-hosts").asInt() == 3
                && java.util.stream.StreamSupport.stream(p.get("hypervisors").spliterator(), false)
                .allMatch(h -> h.get("power-state").asText().equals("on")));
        String target = null;
        for (JsonNode h : pool().get("hypervisors")) {
            if (!h.get("virtual-servers").isEmpty()) {
                target = h.get("name").asText();
                break;
            }
        }
        String name = target;
        int before = host(pool(), name).get("virtual-servers").size();
        Http.Response enter = http.post("/hypervisors/" + name + "/maintenance", admin, "{\"action\": \"enter\"}");
        assertThat(enter.status()).as(enter.text()).isEqualTo(202);
        assertThat(enter.json().get("state").asText()).isEqualTo("entering");
        JsonNode in = await("maintenance entered", () -> http.get("/hypervisors/" + name + "/maintenance", viewer).json(),
                m -> m.get("state").asText().equals("in"));
        assertThat(in.get("total").asInt()).isEqualTo(before);
        assertThat(in.get("moved").asInt()).isEqualTo(before);
        assertThat(in.get("progress").asDouble()).isEqualTo(1.0);
        assertThat(in.get("remaining")).isEmpty();
        assertThat(in.get("message").asText()).isEqualTo(before + " of " + before + " moved");
        JsonNode p = pool();
        assertThat(host(p, name).get("virtual-servers")).isEmpty();
        assertThat(host(p, name).get("maintenance").asText()).isEqualTo("in");

        Http.Response leave = http.post("/hypervisors/" + name + "/maintenance", admin, "{\"action\": \"leave\"}");
        assertThat(leave.status()).as(leave.text()).isEqualTo(202);
        assertThat(leave.json().get("state").asText()).isEqualTo("leaving");
        await("maintenance left and the servers back",
                () -> http.get("/server-pools/" + pool, viewer).json(),
                q -> host(q, name).get("maintenance").asText().equals("none")
                        && host(q, name).get("virtual-servers").size() == before);
        JsonNode history = http.get("/migrations?hypervisor=" + name + "&limit=1000", viewer).json().get("migrations");
        assertThat(history.size()).isGreaterThanOrEqualTo(2 * before);
        String id = "sim://" + name;
        assertThat(history).allSatisfy(m -> assertThat(List.of(m.get("from").asText(), m.get("to").asText())).contains(id));
    }

    @Test
    @Order(9)
    void migrations_filterByTimeHostAndServer() {
        JsonNode all = http.get("/migrations?limit=1000", viewer).json().get("migrations");
        assertThat(all).isNotEmpty();
        String server = all.get(0).get("virtual-server").get("name").asText();
        JsonNode of = http.get("/migrations?virtual-server=" + server, viewer).json().get("migrations");
        assertThat(of).isNotEmpty().allSatisfy(m -> assertThat(m.get("virtual-server").get("name").asText()).isEqualTo(server));
        List<String> started = new ArrayList<>();
        all.forEach(m -> started.add(m.get("started").asText()));
        assertThat(started).isSortedAccordingTo(java.util.Comparator.reverseOrder());
        String newest = started.getFirst();
        assertThat(http.get("/migrations?since=" + newest, viewer).json().get("migrations").size())
                .isLessThan(all.size() + 1).isGreaterThanOrEqualTo(1);
        assertThat(http.get("/migrations?until=" + started.getLast(), viewer).json().get("migrations")).isEmpty();
        assertThat(http.get("/migrations?since=2999-01-01T00:00:00Z", viewer).json().get("migrations")).isEmpty();
        assertThat(http.get("/migrations?limit=1", viewer).json().get("migrations")).hasSize(1);
    }

    @Test
    @Order(10)
    void powerSettings_theBmcPasswordIsSealed_neverReturnedNorAudited() {
        String secret = "bmc-password-" + System.nanoTime();
        Http.Response set = http.post("/hypervisors/sim-3/power-settings", admin, "{\"driver\": \"ipmi\", \"address\": "
                + "\"127.0.0.1\", \"port\": 6230, \"username\": \"admin\", \"password\": \"" + secret
                + "\", \"power-on-timeout\": \"PT2M\", \"idle-watts\": 90, \"max-watts\": 200}");
        assertThat(set.status()).as(set.text()).isEqualTo(200);
        assertThat(set.json().get("password-set").asBoolean()).isTrue();
        assertThat(set.text()).doesNotContain(secret);
        JsonNode read = http.get("/hypervisors/sim-3/power-settings", viewer).json();
        assertThat(read.get("driver").asText()).isEqualTo("ipmi");
        assertThat(read.get("port").asInt()).isEqualTo(6230);
        assertThat(read.get("power-on-timeout").asText()).isEqualTo("PT2M");
        assertThat(read.toString()).doesNotContain(secret).doesNotContain("aes-gcm");
        assertThat(http.get("/audit?limit=100", admin).text()).contains("power-settings").doesNotContain(secret)
                .doesNotContain("aes-gcm");
        Http.Response again = http.post("/hypervisors/sim-3/power-settings", admin, "{\"username\": \"root\"}");
        assertThat(again.json().get("password-set").asBoolean()).as("a missing password keeps the stored one").isTrue();
        Http.Response bad = http.post("/hypervisors/sim-3/power-settings", admin,
                "{\"port\": 0, \"idle-watts\": -5, \"power-on-timeout\": \"PT0S\"}");
        assertError(bad, 400, "invalid-field");
        assertThat(bad.json().get("problems")).extracting(p -> p.get("field").asText())
                .containsExactly("port", "power-on-timeout", "idle-watts");
        assertThat(http.post("/hypervisors/sim-3/power-settings", admin, "{\"driver\": \"simulated\"}").status()).isEqualTo(200);
    }

    @Test
    @Order(11)
    void prometheus_poolPowerAndMigrationMetrics() {
        String text = new Http(hpm.server.baseUrl()).get("/metrics", viewer).text();
        assertThat(text).as(String.join("\n", text.lines().filter(l -> l.contains("pool") || l.contains("power")
                || l.contains("migration") || l.contains("maintenance")).toList())).contains("hpm_pool_hosts{pool=\"demo\",power_state=\"on\"}")
                .contains("hpm_host_power_state{hypervisor=\"sim-1\",state=\"on\"} 1")
                .contains("hpm_host_power_watts{hypervisor=\"sim-1\"}")
                .contains("hpm_pool_power_watts{pool=\"demo\"}")
                .contains("hpm_migrations_total{pool=\"demo\",result=\"done\"}")
                .contains("hpm_migrations_in_flight{pool=\"demo\"}")
                .contains("hpm_pool_plans_total{pool=\"demo\",status=\"executed\"}")
                .contains("hpm_host_maintenance{hypervisor=\"sim-1\"}");
    }
}
