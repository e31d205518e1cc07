package dev.hpm.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hpm.codec.Documents;
import dev.hpm.libvirt.fixture.GuestFixture;
import dev.hpm.libvirt.fixture.GuestFixtureExtension;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code hpm manage} against real QEMU guests, as an operator runs it. */
@Tag("libvirt")
@ExtendWith(GuestFixtureExtension.class)
class ManageCommandLibvirtTest {
    static Path policy(Path dir, List<GuestFixture.Guest> g) throws Exception {
        Path file = dir.resolve("policy.yaml");
        Files.writeString(file, """
                groups:
                  - name: Gold
                    importance: highest
                    members: [%s]
                    policy: {service-classes: [{name: online, goal: fast, importance: highest}]}
                  - name: Batch
                    importance: low
                    members: [%s, %s]
                    policy: {service-classes: [{name: batch, goal: slow, importance: low}]}
                """.formatted(g.get(0).name(), g.get(1).name(), g.get(2).name()));
        return file;
    }

    static List<JsonNode> lines(String out) {
        return out.lines().filter(l -> l.startsWith("{")).map(l -> Documents.parseJson(l, "output")).toList();
    }

    static long shares(String uri, String name) throws Exception {
        Process p = new ProcessBuilder("virsh", "-c", uri, "schedinfo", name).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(30, TimeUnit.SECONDS);
        return Long.parseLong(out.replaceAll("(?s).*cpu_shares\\s*:\\s*(\\d+).*", "$1"));
    }

    @Test
    void manage_json_adjustsTheImportantGuest_andRestoresOnExit(GuestFixture fixture, @TempDir Path dir) throws Exception {
        List<GuestFixture.Guest> guests = fixture.start(GuestFixture.Load.SPIN, 3);
        Thread.sleep(2000);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new String[]{"manage", "--connect", fixture.uri(), "--policy", policy(dir, guests).toString(),
                "--interval", "5", "--intervals", "4", "--format", "json"}, new PrintWriter(out, true), new PrintWriter(err, true));
        System.out.print(out);
        System.out.print(err);
        assertThat(code).isZero();
        List<JsonNode> intervals = lines(out.toString());
        assertThat(intervals).hasSize(4).allSatisfy(j -> assertThat(j.get("status").asText()).isEqualTo("connected"));
        assertThat(intervals.getFirst().get("decision").get("type").asText()).isEqualTo("adjustment");
        assertThat(intervals.getFirst().get("decision").get("receiver").get("group").asText()).isEqualTo("Gold");
        JsonNode gold = intervals.getLast().get("service-classes").findValues("group").stream().anyMatch(g -> g.asText().equals("Gold"))
                ? find(intervals.getLast().get("service-classes"), "Gold") : null;
        assertThat(gold).isNotNull();
        assertThat(gold.get("pi").asDouble()).isLessThanOrEqualTo(1.0);
        assertThat(err.toString()).contains("restored the CPU settings of 3 servers");
        for (GuestFixture.Guest g : guests) {
            assertThat(shares(fixture.uri(), g.name())).isEqualTo(1024);
        }
    }

    @Test
    void manage_monitor_reportsButChangesNothing(GuestFixture fixture, @TempDir Path dir) throws Exception {
        List<GuestFixture.Guest> guests = fixture.start(GuestFixture.Load.SPIN, 3);
        Thread.sleep(2000);
        StringWriter out = new StringWriter();
        int code = Main.run(new String[]{"manage", "--connect", fixture.uri(), "--policy", policy(dir, guests).toString(),
                "--interval", "3", "--intervals", "3", "--monitor"}, new PrintWriter(out, true), new PrintWriter(new StringWriter(), true));
        System.out.print(out);
        assertThat(code).isZero();
        assertThat(out.toString()).contains("Gold/online").contains("Batch/batch")
                .contains("no action: host " + fixture.uri() + " is at management level monitor")
                .doesNotContain("ADJUST").doesNotContain("cpu_shares");
        for (GuestFixture.Guest g : guests) {
            assertThat(shares(fixture.uri(), g.name())).isEqualTo(1024);
        }
    }

    @Test
    void manage_unreachableUri_keepsReportingAndExitsCleanly(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("p.yaml");
        Files.writeString(file, "groups: []\n");
        StringWriter out = new StringWriter();
        int code = Main.run(new String[]{"manage", "--connect", "qemu+tcp://127.0.0.1:1/system", "--policy", file.toString(),
                "--interval", "1", "--intervals", "2"}, new PrintWriter(out, true), new PrintWriter(new StringWriter(), true));
        assertThat(code).isZero();
        assertThat(out.toString().lines().filter(l -> l.contains("UNREACHABLE since"))).hasSize(2);
    }

    static JsonNode find(JsonNode classes, String group) {
        for (JsonNode c : classes) {
            if (c.get("group").asText().equals(group)) {
                return c;
            }
        }
        return null;
    }
}
