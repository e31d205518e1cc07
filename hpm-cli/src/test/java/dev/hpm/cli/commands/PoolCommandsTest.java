package dev.hpm.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hpm.cli.remote.ExitCodes;
import dev.hpm.server.Http;
import dev.hpm.server.TestServer;
import dev.hpm.store.StoreSettings;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * pool, plan, maintenance, power, place and migrations against a live server whose demo pool
 * runs {@code pool.yaml} (three hosts, six small servers, DWM moving nothing by itself):
 * what an operator types and reads, and what the server then holds.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PoolCommandsTest extends LiveServerTest {
    String pool;
    List<String> hosts = new ArrayList<>();

    /** The demo's server pool, or one made of every hypervisor if the server has none. */
    /** Three small hosts whose pool moves nothing by itself (pool.yaml). */
    @Override
    TestServer newServer() throws IOException {
        Path scenario = Files.createTempFile(dir, "pool-", ".yaml");
        try (InputStream in = PoolCommandsTest.class.getResourceAsStream("pool.yaml")) {
            Files.write(scenario, in.readAllBytes());
        }
        return new TestServer(StoreSettings::embedded, scenario);
    }

    @BeforeAll
    void pool() {
        JsonNode pools = hpm.http.get("/server-pools", hpm.admin).json().get("server-pools");
        if (pools.isEmpty()) {
            StringBuilder ids = new StringBuilder();
            hpm.http.get("/hypervisors", hpm.admin).json().get("hypervisors").forEach(h ->
                    ids.append(ids.isEmpty() ? "" : ",").append('"').append(h.get("id").asText()).append('"'));
            Http.Response r = hpm.http.post("/server-pools", hpm.admin, "{\"name\": \"demo\", \"hypervisors\": [" + ids + "]}");
            assertThat(r.status()).as(r.text()).isEqualTo(201);
            pools = hpm.http.get("/server-pools", hpm.admin).json().get("server-pools");
        }
        pool = pools.get(0).get("name").asText();
        pools.get(0).get("hypervisors").forEach(h -> hosts.add(h.get("name").asText()));
        assertThat(hosts).hasSizeGreaterThan(1);
    }

    @Test
    void poolList_table_showsThePoolWithItsHostsAndPower() {
        CliRun r = viewer("pool", "list");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.lines().getFirst()).startsWith("NAME").contains("MODE", "HOSTS", "POWERED", "VS", "WATTS", "PENDING PLAN");
        assertThat(r.row(pool)).get().satisfies(cells -> assertThat(cells.get(2)).isEqualTo(String.valueOf(hosts.size())));
        CliRun json = viewer("pool", "list", "--format", "json");
        assertThat(json.json().get("server-pools").get(0).has("dwm-policy")).isTrue();
    }

    @Test
    void poolShow_listsEachHostAndTheServersOnIt() {
        CliRun r = viewer("pool", "show", pool);
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.field("Name")).isEqualTo(pool);
        assertThat(r.out()).contains("HOST", "POWER", "MAINTENANCE", "VIRTUAL SERVER", "DWM policy:", "Even distribution:");
        assertThat(r.row(hosts.getFirst())).isPresent();
        assertThat(viewer("pool", "show", "no-such-pool").code()).isEqualTo(ExitCodes.NOT_FOUND);
    }

    @Test
    void poolCreateUpdateDelete_asAdmin_andRefusedToAViewer() {
        String name = unique("empty");
        CliRun created = admin("pool", "create", "--name", name, "--description", "for the test");
        assertThat(created.code()).as(created.toString()).isZero();
        assertThat(created.out()).startsWith("Created server pool " + name + ".");
        CliRun taken = admin("pool", "create", "--name", unique("other"), "--host", hosts.getFirst());
        assertThat(taken.code()).as("a host already in a pool").isEqualTo(ExitCodes.CONFLICT);
        CliRun denied = viewer("pool", "update", name, "--description", "mine");
        assertThat(denied.code()).isEqualTo(ExitCodes.AUTH);
        CliRun updated = admin("pool", "update", name, "--description", "renamed", "--name", name + "-x");
        assertThat(updated.code()).as(updated.toString()).isZero();
        assertThat(updated.field("Description")).isEqualTo("renamed");
        assertThat(admin("pool", "delete", name + "-x").out()).startsWith("Deleted server pool " + name + "-x");
        assertThat(viewer("pool", "show", name + "-x").code()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(admin("pool", "create").err()).isEqualTo("hpm: --name is missing: name the new pool, e.g. --name prod\n");
    }

    @Test
    void poolPolicy_changesOnlyWhatIsGiven_andNamesEveryBadValue() {
        CliRun before = viewer("pool", "policy", pool, "--format", "json");
        assertThat(before.code()).as(before.toString()).isZero();
        CliRun r = admin("pool", "policy", pool, "--even-threshold", "85", "--cooldown", "10m");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).startsWith("Updated the DWM policy of pool " + pool + ".").contains("above 85 % for");
        JsonNode after = hpm.http.get("/server-pools/" + id() + "/dwm-policy", hpm.admin).json();
        assertThat(after.get("even-distribution").get("threshold").asInt()).isEqualTo(85);
        assertThat(after.get("cooldown").asText()).isEqualTo("PT10M");
        assertThat(after.get("power-save")).isEqualTo(before.json().get("power-save"));
        CliRun bad = admin("pool", "policy", pool, "--even-threshold", "140", "--reserve-hosts", "-1");
        assertThat(bad.code()).as(bad.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(bad.err()).contains("even-distribution.threshold", "140", "reserve-hosts");
        assertThat(admin("pool", "policy", pool, "--mode", "sometimes").err())
                .isEqualTo("hpm: --mode is \"sometimes\": use automatic, recommend or off\n");
        assertThat(viewer("pool", "policy", pool, "--mode", "off").code()).isEqualTo(ExitCodes.AUTH);
    }

    /** Last, as it consolidates the pool: recommend mode, a plan, the viewer reads it, the admin approves it. */
    @Test
    @Order(Integer.MAX_VALUE)
    void planListShowApprove_inRecommendMode_theViewerReads_onlyTheAdminDecides() {
        CliRun mode = admin("pool", "policy", pool, "--mode", "recommend", "--power-save", "on", "--power-threshold", "60",
                "--power-duration", "3s", "--reserve-hosts", "0");
        assertThat(mode.code()).as(mode.toString()).isZero();
        assertThat(mode.field("Mode")).isEqualTo("recommend");
        CliRun none = viewer("plan", "list", pool, "--status", "later");
        assertThat(none.code()).isEqualTo(ExitCodes.USAGE);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        CliRun pending;
        do {
            hpm.awaitIntervals(1);
            pending = viewer("plan", "show", pool, "pending");
        } while (pending.code() == ExitCodes.NOT_FOUND && System.nanoTime() < deadline);
        assertThat(pending.code()).as(pending.toString()).isZero();
        assertThat(pending.field("Status")).isEqualTo("pending");
        assertThat(pending.out()).contains("INDICATOR", "BEFORE", "PROJECTED", "ACHIEVED", "REASON")
                .containsPattern("power draw \\(W\\)\\s+\\d+\\s+\\d+\\s+-")
                .containsPattern("migrate\\s+\\S+\\s+on sim-\\d → on sim-\\d\\s+planned");
        String plan = pending.field("Plan");
        CliRun list = viewer("plan", "list", pool);
        assertThat(list.row(plan)).get().satisfies(cells -> assertThat(cells.get(2)).isIn("pending", "superseded"));
        assertThat(viewer("plan", "approve", pool, plan).code()).isEqualTo(ExitCodes.AUTH);
        // "pending" is the plan pending now: DWM may have made the same plan again since (every interval).
        CliRun approved = admin("plan", "approve", pool, "pending");
        assertThat(approved.code()).as(approved.toString()).isZero();
        plan = approved.field("Plan");
        assertThat(approved.out()).startsWith("Approved plan " + plan + " (");
        assertThat(approved.field("Status")).isEqualTo("executing");
        assertThat(admin("plan", "reject", pool, plan).code()).as("no longer pending").isEqualTo(ExitCodes.CONFLICT);
        CliRun done;
        do {
            hpm.awaitIntervals(1);
            done = viewer("plan", "show", pool, plan, "--format", "json");
        } while (done.json().path("achieved").isNull() && System.nanoTime() < deadline + Duration.ofSeconds(60).toNanos());
        assertThat(done.json().get("status").asText()).isEqualTo("executed");
        CliRun shown = viewer("plan", "show", pool, plan);
        assertThat(shown.out()).containsPattern("powered hosts\\s+3\\s+(\\d)\\s+\\1\\s")
                .containsPattern("migrate\\s+\\S+\\s+on sim-\\d → on sim-\\d\\s+done\\s+100%");
        CliRun moves = viewer("migrations", "--since", "-10m");
        assertThat(moves.out()).contains(plan);
        String busy = hosts.stream().filter(h -> !hostSummary(h).get("virtual-servers").isEmpty()).findFirst().orElseThrow();
        CliRun waiting = admin("maintenance", "enter", busy, "--wait", "--wait-timeout", "2s");
        assertThat(waiting.err()).as(waiting.toString()).contains("hpm: pool " + pool
                + " is in recommend mode: the moves wait for approval (hpm plan show " + pool + " pending;");
        assertThat(waiting.code()).as("still entering: the move waits for approval").isEqualTo(ExitCodes.UNEXPECTED);
        assertThat(waiting.err()).contains("hpm: still entering after 2s");
    }

    @Test
    void maintenanceEnterWait_showsProgressOnStderr_thenWhatMoved_andLeaveBringsThemBack() {
        String host = hosts.getLast();
        int servers = hostSummary(host).get("virtual-servers").size();
        assertThat(servers).as("servers on " + host).isPositive();
        CliRun denied = viewer("maintenance", "enter", host);
        assertThat(denied.code()).isEqualTo(ExitCodes.AUTH);
        CliRun enter = admin("maintenance", "enter", host, "--wait", "--wait-timeout", "3m");
        assertThat(enter.code()).as(enter.toString()).isZero();
        assertThat(enter.err()).contains("[", "] 100%", "moved");
        assertThat(enter.out()).startsWith(host + " is in maintenance: ");
        hpm.awaitIntervals(2); // the pool's view of where servers run is the inventory of the last interval
        JsonNode after = hostSummary(host);
        assertThat(after.get("maintenance").asText()).isEqualTo("in");
        assertThat(after.get("virtual-servers")).as(enter.toString()).isEmpty();
        CliRun status = viewer("maintenance", "status", host);
        assertThat(status.field("Maintenance")).isEqualTo("in");
        // Empty now, the host may be powered off, and on again.
        CliRun off = admin("power", "off", host, "--wait", "--wait-timeout", "1m");
        assertThat(off.code()).as(off.toString()).isZero();
        assertThat(off.field("Power")).isEqualTo("off");
        assertThat(off.out()).startsWith("Asked " + host + " to power off; it is off now.");
        assertThat(hostSummary(host).get("power-state").asText()).isEqualTo("off");
        CliRun on = admin("power", "on", host, "--wait", "--wait-timeout", "1m");
        assertThat(on.code()).as(on.toString()).isZero();
        assertThat(on.field("Power")).isEqualTo("on");
        CliRun leave = admin("maintenance", "leave", host, "--wait", "--wait-timeout", "3m");
        assertThat(leave.code()).as(leave.toString()).isZero();
        assertThat(leave.out()).startsWith(host + " is out of maintenance: ");
        hpm.awaitIntervals(2);
        assertThat(hostSummary(host).get("maintenance").asText()).isEqualTo("none");
        assertThat(hostSummary(host).get("virtual-servers")).as("migrate-back brings them home").hasSize(servers);
    }

    @Test
    void powerStatus_place_andMigrations_read() {
        CliRun power = viewer("power", "status", hosts.getFirst());
        assertThat(power.code()).as(power.toString()).isZero();
        assertThat(power.field("Power")).isIn("on", "off", "powering-on", "powering-off", "power-on-failed");
        assertThat(viewer("power", "off", hosts.getFirst()).code()).isEqualTo(ExitCodes.AUTH);
        CliRun busy = admin("power", "off", hosts.getFirst());
        assertThat(busy.code()).as("servers run on it: " + busy).isEqualTo(ExitCodes.CONFLICT);
        CliRun place = viewer("place", pool, "--cpu", "0.5", "--memory", "512");
        assertThat(place.code()).as(place.toString()).isZero();
        assertThat(place.lines().getFirst()).contains("RANK", "HOST", "FITS", "SCORE", "REASON");
        assertThat(place.row("1")).isPresent();
        assertThat(viewer("place", pool, "--cpu", "0", "--memory", "512").err())
                .startsWith("hpm: --cpu is 0.0: give the cores the server needs");
        CliRun migrations = viewer("migrations", "--since", "-1h", "--host", hosts.getFirst());
        assertThat(migrations.code()).as(migrations.toString()).isZero();
        assertThat(migrations.out()).containsAnyOf("(no migrations in this range)", "VIRTUAL SERVER");
        assertThat(viewer("migrations", "--since", "yesterday").code()).isEqualTo(ExitCodes.USAGE);
    }

    String id() {
        return hpm.http.get("/server-pools", hpm.admin).json().get("server-pools").findParents("name").stream()
                .filter(p -> p.get("name").asText().equals(pool)).findFirst().orElseThrow().get("id").asText();
    }

    JsonNode hostSummary(String name) {
        for (JsonNode h : hpm.http.get("/server-pools/" + id(), hpm.admin).json().get("hypervisors")) {
            if (h.get("name").asText().equals(name)) {
                return h;
            }
        }
        throw new AssertionError("no host " + name);
    }
}
