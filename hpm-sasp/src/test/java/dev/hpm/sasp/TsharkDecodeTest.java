package dev.hpm.sasp;

import dev.hpm.core.time.Timebase;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static dev.hpm.sasp.RfcBytes.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Debian's tshark (Wireshark's SASP dissector) decodes every message HPM's SASP server sends and
 * receives, captured on loopback, without a malformed-packet warning. Needs tshark and the right
 * to capture on {@code lo} (root).
 */
@Tag("tshark")
class TsharkDecodeTest {
    @Test
    void tshark_decodesEveryMessageWithoutMalformedWarnings() throws Exception {
        TestWeights weights = new TestWeights().set("web", "a", "10.0.0.1", 8080, TestWeights.serving("a", 80));
        ManualScheduler scheduler = new ManualScheduler();
        GroupWorkloadManager gwm = new GroupWorkloadManager(weights, Timebase.system(), Duration.ofSeconds(10),
                Duration.ofSeconds(30));
        Path dir = Files.createTempDirectory("hpm-tshark-");
        Path capture = dir.resolve("sasp.pcapng");
        Path log = dir.resolve("tshark.log");
        try (SaspServer server = new SaspServer(gwm, SaspServer.Settings.loopback(0), scheduler, Duration.ofSeconds(10))) {
            int port = server.port();
            Process tshark = new ProcessBuilder("tshark", "-i", "lo", "-f", "tcp port " + port, "-w", capture.toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (!Files.readString(log).contains("Capturing on") && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                assertThat(Files.readString(log)).contains("Capturing on");
                Thread.sleep(500);
                try (SaspClient c = new SaspClient(port)) {
                    c.call(message(1, setLbState("lb-1", 0x7F, 0x01)));
                    c.call(message(2, registration(true, groupOfMembers("lb-1", "web", member(10, 0, 0, 1, 8080, "a")))));
                    c.call(message(3, getWeights(groupData("lb-1", "web"))));
                    c.call(message(4, setMemberState(true, "lb-1", "web", 0, 1, member(10, 0, 0, 1, 8080, "a"))));
                    scheduler.runDue();
                    c.read();
                    c.call(message(5, deregistration(true, 1, groupOfMembers("lb-1", "web", member(10, 0, 0, 1, 8080, "a")))));
                }
                Thread.sleep(1_000);
            } finally {
                tshark.destroy();
                if (!tshark.waitFor(10, TimeUnit.SECONDS)) {
                    tshark.destroyForcibly().waitFor();
                }
            }
            Process read = new ProcessBuilder("tshark", "-r", capture.toString(), "-V", "-d", "tcp.port==" + port + ",sasp")
                    .redirectErrorStream(true).start();
            String decoded = new String(read.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(read.waitFor(30, TimeUnit.SECONDS)).isTrue();
            String sasp = String.join("\n", decoded.lines().filter(l -> l.contains("Message Type") || l.contains("Malformed")
                    || l.contains("Invalid") || l.contains("Unknown") || l.contains("Ip:") || l.contains("Expert Info (Warn")
                    || l.contains("Expert Info (Error")).toList());
            assertThat(decoded).contains("Server/Application State Protocol");
            assertThat(sasp).contains("Set LB State Request", "Set LB State Reply", "Registration Request", "Registration Reply",
                            "Get Weights Request", "Get Weights Reply", "Set Member State Request",
                            "Set Member State Reply", "Send Weights", "DeRegistration Request", "DeRegistration Reply")
                    .contains("::10.0.0.1")
                    .doesNotContain("Malformed").doesNotContain("Invalid SASP").doesNotContain("Unknown SASP")
                    .doesNotContain("Expert Info (Warn").doesNotContain("Expert Info (Error");
            System.out.println("tshark decoded " + decoded.lines().filter(l -> l.startsWith("Server/Application State Protocol")).count()
                    + " SASP messages");
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // best effort
            }
        }
    }
}
