package dev.hpm.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hpm.cli.remote.ExitCodes;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** wrg-* and policy-* against a live server. */
class WrgCommandsTest extends LiveServerTest {
    static final String POLICY = """
            service-classes:
              - {name: online, goal: fast, importance: high}
              - {name: housekeeping, goal: discretionary}
            rules:
              - service-class: housekeeping
                filters: [{attribute: name, operator: wildcard, value: "scratch-*"}]
            default-class: online
            """;

    Path file(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    @Test
    void wrgList_table_showsTheDemoGroupsWithTheirFigures() {
        CliRun r = admin("wrg-list");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.lines().getFirst()).startsWith("NAME").contains("IMPORTANCE", "VS", "VELOCITY", "WORST PI", "STATUS", "ID");
        assertThat(r.row("Trading")).get().satisfies(cells -> assertThat(cells.subList(0, 3)).containsExactly("Trading", "highest", "3"));
        assertThat(r.row("WebShop")).get().satisfies(cells -> assertThat(cells.get(2)).isEqualTo("6"));
        assertThat(r.row("default")).isPresent();
    }

    @Test
    void wrgList_json_isTheServersDocument() {
        CliRun r = viewer("wrg-list", "--format", "json");
        assertThat(r.code()).as(r.toString()).isZero();
        List<String> names = new ArrayList<>();
        r.json().get("workload-resource-groups").forEach(g -> names.add(g.get("name").asText()));
        assertThat(names).contains("default", "Trading", "WebShop", "Reporting", "Batch");
        assertThat(r.out()).contains("\n  \"workload-resource-groups\" : [");
    }

    @Test
    void wrgList_detail_showsPoliciesClassesAndRules() {
        CliRun r = viewer("wrg-list", "--detail");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains("Name:             WebShop", "Performance policy WebShop, default class frontend:",
                "Classification rules (the first that matches wins):", "name wildcard shop-db-*");
        assertThat(r.out()).containsPattern("database\\s+fast\\s+70\\s+high");
    }

    @Test
    void wrgShow_default_showsTheBuiltInGroup() {
        CliRun r = viewer("wrg-show", "default");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.field("Name")).isEqualTo("default");
        assertThat(r.out()).contains("No classification rules: every server is in the default class.");
    }

    @Test
    void wrgShow_unknown_exits4WithTheServersMessage() {
        CliRun r = viewer("wrg-show", "no-such-group");
        assertThat(r.code()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(r.err()).isEqualTo("hpm: no workload resource group with id or name \"no-such-group\" (HTTP 404 not-found)\n");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void wrgCreate_withPolicyAndMembers_thenListAndVsShowShowIt() throws IOException {
        String name = unique("Orders");
        Path policy = file(name + ".yaml", POLICY);
        CliRun r = admin("wrg-create", "--wrg-name", name, "--importance", "high", "--description", "order processing",
                "--cpu-maximum", "2.5", "--policy-file", policy.toString(), "--vs", "scratch-1");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).startsWith("Created workload resource group " + name + ".");
        assertThat(r.field("CPU maximum")).isEqualTo("2.50");
        assertThat(r.out()).contains("name wildcard scratch-*").containsPattern("housekeeping\\s+discretionary");
        try {
            assertThat(viewer("wrg-list").row(name)).get()
                    .satisfies(cells -> assertThat(cells.subList(0, 3)).containsExactly(name, "high", "1"));
            CliRun vs = viewer("vs-show", "scratch-1");
            assertThat(vs.field("Group")).isEqualTo(name);
            assertThat(vs.field("Service class")).isEqualTo("housekeeping");
        } finally {
            assertThat(admin("wrg-delete", name).code()).isZero();
        }
    }

    @Test
    void wrgCreate_existingName_exits5() {
        CliRun r = admin("wrg-create", "--wrg-name", "Trading");
        assertThat(r.code()).isEqualTo(ExitCodes.CONFLICT);
        assertThat(r.err()).contains("a workload resource group named Trading exists already", "(HTTP 409 conflict)");
    }

    @Test
    void wrgCreate_invalidFields_exits2WithEveryProblem() {
        CliRun r = admin("wrg-create", "--wrg-name", unique("Bad"), "--importance", "urgent", "--cpu-minimum", "-1");
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("(HTTP 400 invalid-field)",
                "hpm:   importance is \"urgent\": use one of highest, high, medium, low, lowest",
                "hpm:   cpu-minimum is \"-1\": use a number from 0 to 4096");
        assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void wrgCreate_badPolicyFile_listsThePolicysProblems() throws IOException {
        Path policy = file("bad-policy.yaml", "service-classes: [{name: a, goal: quick}]\ndefault-class: b\n");
        CliRun r = admin("wrg-create", "--wrg-name", unique("Bad"), "--policy-file", policy.toString());
        assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("goal is \"quick\"");
    }

    @Test
    void wrgCreate_localMistakes_exit2BeforeAnyRequest() {
        assertThat(hpm("wrg-create", "--importance", "high").err())
                .isEqualTo("hpm: --wrg-name is missing: name the new group, e.g. --wrg-name Trading\n");
        CliRun cpu = admin("wrg-create", "--wrg-name", "X", "--cpu-maximum", "lots");
        assertThat(cpu.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(cpu.err()).contains("--cpu-maximum is \"lots\": give a number of CPUs such as 1.5, or none");
        CliRun missing = admin("wrg-create", "--wrg-name", "X", "--policy-file", dir.resolve("nope.yaml").toString());
        assertThat(missing.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(missing.err()).contains("--policy-file: ").contains("nope.yaml: no such file");
    }

    @Test
    void wrgCreate_asViewer_exits3() {
        CliRun r = viewer("wrg-create", "--wrg-name", unique("Nope"));
        assertThat(r.code()).isEqualTo(ExitCodes.AUTH);
        assertThat(r.err()).contains("watcher is a viewer and may not change anything", "(HTTP 403 forbidden)");
    }

    @Test
    void wrgCreate_bodyOverTheServersLimit_exits2() {
        CliRun r = admin("wrg-create", "--wrg-name", unique("Big"), "--description", "x".repeat(5 << 20));
        assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("larger than 4 MiB", "(HTTP 413 payload-too-large)");
    }

    @Test
    void wrgUpdate_changesOnlyWhatIsGiven_andRemovesALimitWithNone() {
        String name = unique("Reports2");
        assertThat(admin("wrg-create", "--wrg-name", name, "--importance", "low", "--cpu-maximum", "3").code()).isZero();
        try {
            CliRun r = admin("wrg-update", name, "--description", "monthly", "--cpu-maximum", "none");
            assertThat(r.code()).as(r.toString()).isZero();
            assertThat(r.out()).startsWith("Updated workload resource group " + name + ".");
            CliRun shown = viewer("wrg-show", name, "--format", "json");
            JsonNode g = shown.json();
            assertThat(g.get("description").asText()).isEqualTo("monthly");
            assertThat(g.get("importance").asText()).isEqualTo("low");
            assertThat(g.get("cpu-maximum").isNull()).isTrue();
        } finally {
            admin("wrg-delete", name);
        }
    }

    @Test
    void wrgUpdate_default_replacesTheDefaultPolicy() throws IOException {
        Path policy = file("default-policy.yaml", "service-classes: [{name: general, goal: slow, importance: low}]\n"
                + "default-class: general\n");
        CliRun r = admin("wrg-update", "default", "--policy-file", policy.toString());
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).containsPattern("general\\s+slow\\s+30\\s+low");
        assertThat(viewer("vs-show", "scratch-1").field("Service class")).isEqualTo("general");
        Path back = file("default-back.yaml", "service-classes: [{name: default, goal: moderate, importance: medium}]\n"
                + "default-class: default\n");
        assertThat(admin("wrg-update", "default", "--policy-file", back.toString()).code()).isZero();
    }

    @Test
    void wrgUpdate_nothingToChange_exits2() {
        CliRun r = admin("wrg-update", "Trading");
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).startsWith("hpm: nothing to change: give --wrg-name");
    }

    @Test
    void wrgDelete_thenShow_exits4_andDefaultCannotBeDeleted() {
        String name = unique("Temp");
        assertThat(admin("wrg-create", "--wrg-name", name).code()).isZero();
        CliRun r = admin("wrg-delete", name);
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo("Deleted workload resource group " + name
                + "; its virtual servers are in the default group now.\n");
        assertThat(viewer("wrg-show", name).code()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(viewer("wrg-list").row(name)).isEmpty();
        CliRun def = admin("wrg-delete", "default");
        assertThat(def.code()).isEqualTo(ExitCodes.CONFLICT);
        assertThat(def.err()).contains("the default group cannot be deleted");
    }

    @Test
    void wrgAddVs_thenRemoveVs_movesTheServerInAndOut() {
        String name = unique("Scratch");
        assertThat(admin("wrg-create", "--wrg-name", name).code()).isZero();
        try {
            CliRun added = admin("wrg-add-vs", name, "scratch-1");
            assertThat(added.code()).as(added.toString()).isZero();
            assertThat(added.out()).startsWith("Workload resource group " + name + " now has 1 members.");
            assertThat(viewer("vs-show", "scratch-1").field("Group")).isEqualTo(name);

            CliRun taken = admin("wrg-add-vs", name, "trade-1");
            assertThat(taken.code()).isEqualTo(ExitCodes.CONFLICT);
            assertThat(taken.err()).contains("\"trade-1\": this virtual server is already in group Trading");
            assertThat(admin("wrg-add-vs", name, "no-such-server").code()).isEqualTo(ExitCodes.NOT_FOUND);

            CliRun removed = admin("wrg-remove-vs", name, "scratch-1", "--format", "json");
            assertThat(removed.code()).as(removed.toString()).isZero();
            assertThat(removed.json().get("virtual-servers")).isEmpty();
            assertThat(viewer("vs-show", "scratch-1").field("Group")).isEqualTo("default");
        } finally {
            admin("wrg-delete", name);
        }
    }

    @Test
    void policyExport_toAFile_writesTheDocument_andOverwritesOnlyWithForce() throws IOException {
        Path out = dir.resolve("policies.json");
        Files.deleteIfExists(out);
        CliRun r = viewer("policy-export", "--output", out.toString());
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).startsWith("Exported ").contains("workload resource groups", out.toString());
        JsonNode doc = dev.hpm.codec.Documents.readYaml(out);
        assertThat(doc.get("format").asText()).isEqualTo("hpm-performance-policies");
        assertThat(doc.get("version").asInt()).isEqualTo(1);

        CliRun again = viewer("policy-export", "--output", out.toString());
        assertThat(again.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(again.err()).isEqualTo("hpm: --output is " + out + ", which exists: add --force to overwrite it\n");
        assertThat(viewer("policy-export", "--output", out.toString(), "--force").code()).isZero();
    }

    @Test
    void policyExport_toStandardOutput_isTheDocument() {
        CliRun r = viewer("policy-export");
        assertThat(r.code()).isZero();
        assertThat(r.json().get("format").asText()).isEqualTo("hpm-performance-policies");
    }

    @Test
    void policyImport_ofAnExport_reportsWhatWasImported() throws IOException {
        Path out = dir.resolve("round-trip.json");
        Files.deleteIfExists(out);
        assertThat(admin("policy-export", "-o", out.toString()).code()).isZero();
        JsonNode doc = dev.hpm.codec.Documents.readYaml(out);
        int members = 0;
        for (JsonNode g : doc.get("workload-resource-groups")) {
            members += g.get("virtual-servers").size();
        }
        CliRun r = admin("policy-import", out.toString());
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).isEqualTo("Imported " + doc.get("workload-resource-groups").size()
                + " workload resource groups with " + members + " virtual servers from " + out + ".\n");
    }

    @Test
    void policyImport_invalidDocument_listsEveryProblem_andChangesNothing() throws IOException {
        String before = viewer("policy-export").json().get("workload-resource-groups").toString();
        Path doc = file("bad-import.yaml", """
                format: hpm-performance-policies
                version: 1
                workload-resource-groups:
                  - name: A
                    performance-policy:
                      service-classes: [{name: x, goal: quick}]
                  - name: B
                    importance: urgent
                    performance-policy:
                      service-classes: [{name: y, goal: fast}]
                """);
        CliRun r = admin("policy-import", doc.toString());
        assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("\"quick\"", "\"urgent\"");
        assertThat(r.err().lines().count()).isGreaterThanOrEqualTo(3);
        assertThat(viewer("policy-export").json().get("workload-resource-groups").toString()).isEqualTo(before);
    }

    @Test
    void policyImport_asViewer_exits3_andMissingFile_exits2() throws IOException {
        Path out = dir.resolve("viewer-import.json");
        Files.deleteIfExists(out);
        viewer("policy-export", "-o", out.toString());
        assertThat(viewer("policy-import", out.toString()).code()).isEqualTo(ExitCodes.AUTH);
        CliRun missing = admin("policy-import", dir.resolve("missing.json").toString());
        assertThat(missing.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(missing.err()).contains("missing.json: no such file");
    }
}
