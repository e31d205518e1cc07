package dev.hpm.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hpm.cli.remote.ExitCodes;
import dev.hpm.codec.Documents;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** vs-*, hypervisors, mgmt-level, metrics and adjustments against a live server. */
class MonitoringCommandsTest extends LiveServerTest {
    /** The data rows of a table (all lines but the header). */
    static List<String> rows(CliRun r) {
        return r.lines().subList(1, r.lines().size());
    }

    @Test
    void cluster_serverAlone_saysItManagesEveryHostItself() {
        CliRun r = viewer("cluster");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains("runs alone");
        assertThat(viewer("cluster", "--format", "json").json().get("clustered").asBoolean()).isFalse();
    }

    @Test
    void cluster_table_instancesThenLeases() throws IOException {
        JsonNode body = Documents.json().readTree("""
                {"clustered": true, "self": "hpm-b", "lease-seconds": 10.0, "renew-every-seconds": 2.0,
                 "instances": [
                   {"id": "hpm-a", "address": "http://10.0.0.1:8460", "alive": false, "started": "2026-01-01T10:00:00Z",
                    "heartbeat": "2026-01-01T10:05:00Z", "heartbeat-age-seconds": 42.5, "host-count": 0, "hosts": []},
                   {"id": "hpm-b", "address": "http://10.0.0.2:8460", "alive": true, "started": "2026-01-01T10:00:00Z",
                    "heartbeat": "2026-01-01T10:05:42Z", "heartbeat-age-seconds": 0.3, "host-count": 1, "hosts": ["qemu+tls://kvm1/system"]}],
                 "hosts": [
                   {"host": "qemu+tls://kvm1/system", "owner": "hpm-b", "epoch": 4, "valid": true,
                    "expires": "2026-01-01T10:05:52Z", "lease-age-seconds": 0.4, "acquired": "2026-01-01T10:05:10Z"},
                   {"host": "qemu+tls://kvm2/system", "owner": null, "epoch": 0, "valid": false, "expires": null,
                    "lease-age-seconds": null, "acquired": null}]}""");
        StringWriter text = new StringWriter();
        try (PrintWriter out = new PrintWriter(text)) {
            ClusterCommand.table(body, out);
        }
        String shown = text.toString();

        assertThat(shown).contains("Answered by hpm-b; lease 10.0 s, renewed every 2.0 s");
        assertThat(shown.lines().filter(l -> l.startsWith("hpm-a"))).singleElement().asString().contains("dead", "42.5 s");
        assertThat(shown.lines().filter(l -> l.startsWith("qemu+tls://kvm1/system"))).singleElement().asString()
                .contains("hpm-b", "4", "0.4 s", "yes");
        assertThat(shown.lines().filter(l -> l.startsWith("qemu+tls://kvm2/system"))).singleElement().asString()
                .contains("(free)");
    }

    @Test
    void vsList_table_showsEveryServerWithGoalVersusActual() {
        CliRun r = viewer("vs-list");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.lines().getFirst()).startsWith("NAME").contains("HOST", "GROUP", "CLASS", "LEVEL", "VELOCITY", "PI", "STATUS");
        assertThat(rows(r)).hasSize(16);
        assertThat(r.row("trade-1")).get().satisfies(cells ->
                assertThat(cells.subList(0, 5)).containsExactly("trade-1", "sim://sim-1", "Trading", "online", "highest"));
    }

    @Test
    void vsList_filters_narrowTheList() {
        assertThat(rows(viewer("vs-list", "--wrg", "Trading"))).hasSize(3).allMatch(l -> l.startsWith("trade-"));
        assertThat(rows(viewer("vs-list", "--name", "shop-db-*"))).hasSize(3).allMatch(l -> l.startsWith("shop-db-"));
        assertThat(rows(viewer("vs-list", "--host", "sim://sim-2"))).isNotEmpty().allMatch(l -> l.contains("sim://sim-2"));
        CliRun json = viewer("vs-list", "--detail", "--wrg", "Batch", "--format", "json");
        assertThat(json.json().get("virtual-servers")).hasSize(3).allSatisfy(s -> {
            assertThat(s.get("status").asText()).isEqualTo("no-goal");
            assertThat(s.has("cpu-shares")).isTrue();
        });
        assertThat(rows(viewer("vs-list", "--status", "no-goal"))).hasSize(3);
    }

    @Test
    void vsList_badFilters_exit2Or4() {
        CliRun status = viewer("vs-list", "--status", "great");
        assertThat(status.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(status.err()).isEqualTo("hpm: --status is \"great\": use one of on-goal, missing-goal, no-goal, idle,"
                + " no-data, not-managed\n");
        assertThat(viewer("vs-list", "--wrg", "no-such-group").code()).isEqualTo(ExitCodes.NOT_FOUND);
    }

    @Test
    void vsList_detail_table_hasSharesAndTags() {
        CliRun r = viewer("vs-list", "--detail", "--name", "trade-2");
        assertThat(r.lines().getFirst()).contains("VCPUS", "SHARES", "CAP", "USING", "DELAY", "TAGS");
        assertThat(r.row("trade-2")).isPresent();
    }

    @Test
    void vsShow_byName_showsEveryAttribute() {
        CliRun r = viewer("vs-show", "shop-db-2");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.field("Name")).isEqualTo("shop-db-2");
        assertThat(r.field("Group")).isEqualTo("WebShop");
        assertThat(r.field("Service class")).isEqualTo("database");
        assertThat(r.field("Goal")).isEqualTo("fast (velocity 70)");
        assertThat(r.field("vCPUs")).isEqualTo("2");
        assertThat(r.field("CPU shares")).matches("\\d+");
        assertThat(viewer("vs-show", "no-such-server").code()).isEqualTo(ExitCodes.NOT_FOUND);
    }

    @Test
    void vsUpdate_levelTagsAndDescription_showInVsShowAndMgmtLevel() {
        CliRun r = admin("vs-update", "report-2", "--level", "monitor", "--tags", "finance, monthly", "--description", "month end");
        try {
            assertThat(r.code()).as(r.toString()).isZero();
            assertThat(r.out()).startsWith("Updated virtual server report-2.");
            CliRun shown = viewer("vs-show", "report-2");
            assertThat(shown.field("Management level")).isEqualTo("monitor (its own)");
            assertThat(shown.field("Tags")).isEqualTo("finance, monthly");
            assertThat(shown.field("Description")).isEqualTo("month end");
            assertThat(viewer("mgmt-level").row("report-2")).get()
                    .satisfies(cells -> assertThat(cells.get(1)).isEqualTo("monitor"));
        } finally {
            assertThat(admin("vs-update", "report-2", "--level", "default", "--tags", "", "--description", "").code()).isZero();
        }
        CliRun restored = viewer("vs-show", "report-2", "--format", "json");
        assertThat(restored.json().get("own-management-level").isNull()).isTrue();
        assertThat(restored.json().get("tags")).isEmpty();
    }

    @Test
    void vsUpdate_errors_haveTheirExitCodes() {
        CliRun level = admin("vs-update", "report-1", "--level", "always");
        assertThat(level.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(level.err()).contains("management-level is \"always\": use none, monitor, manage, or default");
        assertThat(admin("vs-update", "report-1").err()).startsWith("hpm: nothing to change");
        assertThat(viewer("vs-update", "report-1", "--level", "none").code()).isEqualTo(ExitCodes.AUTH);
        assertThat(admin("vs-update", "no-such-server", "--level", "none").code()).isEqualTo(ExitCodes.NOT_FOUND);
    }

    @Test
    void hypervisors_table_showsTheConnectedHosts() {
        CliRun r = viewer("hypervisors");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.lines().getFirst()).contains("ID", "STATE", "CPUS", "UTIL", "VELOCITY", "CONTENDED", "WHY / LAST DECISION");
        for (String host : List.of("sim://sim-1", "sim://sim-2", "sim://sim-3")) {
            assertThat(r.row(host)).get().satisfies(cells -> assertThat(cells.subList(1, 4))
                    .containsExactly(host.substring(6), "connected", "4"));
        }
        assertThat(viewer("hypervisors", "--format", "json").json().get("hypervisors")).hasSize(3);
    }

    @Test
    void hypervisors_unreachableHost_showsSinceWhenAndWhy() {
        JsonNode body = Documents.parseJson("""
                {"hypervisors": [{"id": "qemu+ssh://root@kvm2/system", "name": "kvm2", "status": "unreachable",
                  "unreachable-since": "2026-11-22T01:00:00.123Z", "error": "Cannot recv data: Connection reset by peer",
                  "cpus": 32, "cpu-utilisation": null, "velocity": null, "contended": false, "virtual-server-count": 0,
                  "management-level": "manage", "last-decision": null}]}""", "test");
        StringWriter text = new StringWriter();
        HypervisorsCommand.table(body, new PrintWriter(text, true));
        assertThat(text.toString()).contains("unreachable since 2026-11-22T01:00:00Z")
                .contains("Cannot recv data: Connection reset by peer").contains("kvm2");
    }

    @Test
    void mgmtLevel_show_listsDefaultAndHosts() {
        CliRun r = viewer("mgmt-level");
        assertThat(r.code()).isZero();
        assertThat(r.lines().getFirst()).isEqualTo("Default level: manage");
        assertThat(r.row("sim://sim-1")).get().satisfies(cells -> assertThat(cells).containsExactly("sim://sim-1", "sim-1", "manage", "-"));
    }

    @Test
    void mgmtLevel_set_isOneRequest_allOrNothing() {
        CliRun refused = admin("mgmt-level", "--hypervisor", "sim://sim-3=monitor", "--vs", "no-such-server=manage");
        assertThat(refused.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(refused.err()).contains("no virtual server with that UUID or name");
        assertThat(viewer("mgmt-level").row("sim://sim-3")).get().satisfies(cells -> assertThat(cells.get(3)).isEqualTo("-"));
        try {
            CliRun set = admin("mgmt-level", "--hypervisor", "sim://sim-3=monitor", "--vs", "report-3=none");
            assertThat(set.code()).as(set.toString()).isZero();
            assertThat(set.row("sim://sim-3")).get().satisfies(cells -> assertThat(cells.subList(2, 4)).containsExactly("monitor", "monitor"));
            assertThat(set.row("report-3")).get().satisfies(cells -> assertThat(cells.get(1)).isEqualTo("none"));
            assertThat(viewer("vs-list", "--name", "report-3").row("report-3")).get()
                    .satisfies(cells -> assertThat(cells).contains("not-managed"));
        } finally {
            assertThat(admin("mgmt-level", "--hypervisor", "sim://sim-3=default", "--vs", "report-3=default").code()).isZero();
        }
    }

    @Test
    void mgmtLevel_default_changesThePoolsLevel() {
        try {
            CliRun r = admin("mgmt-level", "--default", "monitor", "--format", "json");
            assertThat(r.code()).as(r.toString()).isZero();
            assertThat(r.json().get("default").asText()).isEqualTo("monitor");
        } finally {
            admin("mgmt-level", "--default", "manage");
        }
        assertThat(viewer("mgmt-level").lines().getFirst()).isEqualTo("Default level: manage");
    }

    @Test
    void mgmtLevel_badAssignment_exits2BeforeAnyRequest() {
        CliRun r = admin("mgmt-level", "--vs", "trade-1");
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).isEqualTo("hpm: --vs is \"trade-1\": write ID=LEVEL, e.g. --vs trade-1=monitor\n");
        assertThat(viewer("mgmt-level", "--default", "manage").code()).isEqualTo(ExitCodes.AUTH);
    }

    @Test
    void metrics_hypervisor_calculatedAndRaw() {
        CliRun r = viewer("metrics", "hypervisor", "--from", "-30s");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains("Hypervisor sim://sim-1:", "Hypervisor sim://sim-3:");
        assertThat(r.out()).containsPattern("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\\s+yes\\s+4\\s+\\d+%");
        CliRun one = viewer("metrics", "hypervisor", "sim://sim-2", "--raw", "--from", "-30s");
        assertThat(one.out()).contains("Hypervisor sim://sim-2, CPU time in ns:").doesNotContain("sim://sim-1");
        assertThat(one.lines().get(1)).contains("KERNEL", "USER", "IDLE", "IOWAIT");
    }

    @Test
    void metrics_wrg_allOneAndDefault() {
        CliRun all = viewer("metrics", "wrg", "--from", "-30s");
        assertThat(all.code()).as(all.toString()).isZero();
        assertThat(all.out()).contains("Workload resource group Trading (highest):", "Workload resource group Batch (low):",
                "Service class Trading/online (highest, goal velocity 70):");
        CliRun stepped = viewer("metrics", "wrg", "Trading", "--from", "-30s", "--step", "10s", "--format", "json");
        assertThat(stepped.json().get("workload-resource-groups")).hasSize(1);
        assertThat(stepped.json().get("workload-resource-groups").get(0).get("samples").size()).isBetween(1, 4);
        assertThat(viewer("metrics", "wrg", "default", "--from", "-30s").out()).contains("Workload resource group default");
        CliRun raw = viewer("metrics", "wrg", "Batch", "--raw", "--from", "-10s");
        assertThat(raw.out()).contains("Workload resource group Batch, virtual server batch-1").contains("VCPU DELAY");
    }

    @Test
    void metrics_vs_showsTheServersSeries() {
        CliRun r = viewer("metrics", "vs", "trade-1", "--from", "-30s");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.lines().getFirst()).startsWith("Virtual server trade-1 (");
        assertThat(r.lines().get(1)).contains("TIME", "VELOCITY", "PI", "SHARES", "CAP");
        assertThat(r.lines().size()).isGreaterThan(3);
    }

    @Test
    void metrics_mistakes_haveTheirExitCodes() {
        CliRun range = viewer("metrics", "hypervisor", "--from", "yesterday");
        assertThat(range.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(range.err()).contains("from is \"yesterday\": write an ISO-8601 time");
        assertThat(viewer("metrics", "vs").err()).contains("metrics vs needs the server");
        assertThat(viewer("metrics", "cpu").err()).contains("KIND is \"cpu\": use hypervisor, wrg or vs");
        assertThat(viewer("metrics", "vs", "trade-1", "--raw").code()).isEqualTo(ExitCodes.USAGE);
        assertThat(viewer("metrics", "wrg", "no-such-group").code()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(viewer("metrics", "vs", "no-such-server").code()).isEqualTo(ExitCodes.NOT_FOUND);
        CliRun old = viewer("metrics", "wrg", "Trading", "--from", "-40h", "--step", "2m");
        assertThat(old.code()).as("past history.retention: 5-minute buckets only: " + old).isEqualTo(ExitCodes.USAGE);
        assertThat(old.err()).startsWith("hpm: step is \"2m\": the range ").contains("reaches back past history.retention (36h)")
                .contains("use a step that is a multiple of 5m, e.g. 5m (HTTP 400 invalid-field)");
        assertThat(viewer("metrics", "wrg", "Trading", "--from", "-40h", "--step", "10m").code()).isZero();
    }

    @Test
    void adjustments_afterAGoalIsRaised_listTheDecisionWithItsReason() throws IOException {
        Path fastest = Files.writeString(dir.resolve("trading-fastest.yaml"),
                "service-classes: [{name: online, goal: fastest, importance: highest}]\ndefault-class: online\n");
        Path fast = Files.writeString(dir.resolve("trading-fast.yaml"),
                "service-classes: [{name: online, goal: fast, importance: highest}]\ndefault-class: online\n");
        assertThat(admin("wrg-update", "Trading", "--policy-file", fastest.toString()).code()).isZero();
        try {
            CliRun r = null;
            for (int i = 0; i < 20; i++) {
                hpm.awaitIntervals(1);
                r = viewer("adjustments", "--wrg", "Trading", "--limit", "5");
                if (r.lines().size() > 1) {
                    break;
                }
            }
            assertThat(r.code()).as(r.toString()).isZero();
            assertThat(r.lines().getFirst()).startsWith("TIME").contains("HOST", "RECEIVER", "PI", "DONORS", "REASON");
            assertThat(r.out()).contains("Trading/online (highest)").containsPattern("\\d\\.\\d\\d→\\d\\.\\d\\d");
            CliRun json = viewer("adjustments", "--wrg", "Trading", "--limit", "1", "--format", "json");
            JsonNode first = json.json().get("dynamic-resource-adjustments").get(0);
            assertThat(first.get("receiver").get("group").asText()).isEqualTo("Trading");
            assertThat(first.get("reason").asText()).isNotBlank();
            assertThat(json.json().get("dynamic-resource-adjustments")).hasSize(1);
        } finally {
            admin("wrg-update", "Trading", "--policy-file", fast.toString());
        }
    }

    @Test
    void adjustments_badLimit_exits2() {
        CliRun r = viewer("adjustments", "--limit", "0");
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("limit is \"0\": use a whole number from 1 to 10000");
    }
}
