package dev.hpm.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hpm.libvirt.fixture.GuestFixture;
import dev.hpm.libvirt.fixture.LibvirtHosts;
import dev.hpm.server.TestServer;
import dev.hpm.server.pool.real.RealPool;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 10, point 2, as a user of the CLI sees it on real hosts: two libvirt daemons on this machine
 * ({@link LibvirtHosts}) managed by {@code hpm serve} with the real pool drivers ({@link RealPool}),
 * three idle migratable guests on host A. {@code hpm maintenance enter A --wait} prints the progress
 * bar on standard error, one line per change (not a terminal), its count of moved servers rising to
 * "3 of 3 moved"; standard output is the final line, the exit code 0, and {@code virsh list} on B
 * shows the three. {@code hpm maintenance leave A --wait} brings them back ({@code virsh} on A). The
 * three move at once at 1 MB/s, so that each takes a few seconds and the bar shows them migrating. One
 * at a time failed once here, the third move with QEMU's "Address already in use" on the destination's
 * migration port; the cause is not established (another run's libvirt daemons on the same fixed port
 * range, or a move right after another getting a port whose last connection was still open).
 */
@Tag("libvirt")
class RealMaintenanceCliTest {
    private static final String POLICY = RealPool.maintenancePolicy(4, "PT1M");
    private static final Pattern MOVED = Pattern.compile("\\] +(\\d+)% +(\\d+) of (\\d+) moved");

    @Test
    void maintenanceEnterWait_threeGuestsOnRealHosts_progressRisesToThreeOfThree_virshShowsThemOnB_andLeaveBringsThemBack(
            @TempDir Path data) throws Exception {
        long t0 = System.nanoTime();
        try (RealPool pool = RealPool.start(data.resolve("server"), Duration.ofSeconds(2))) {
            LibvirtHosts.Host a = pool.hosts.host(0);
            LibvirtHosts.Host b = pool.hosts.host(1);
            List<String> guests = pool.hosts.guests(0, GuestFixture.MEMORY_MIB).start(GuestFixture.Load.IDLE, 3).stream()
                    .map(GuestFixture.Guest::name).toList();
            long pid = pool.startServer();
            String id = pool.pool(POLICY);
            RealPool.await(Duration.ofSeconds(60), "hpm serve reports the three guests on " + a.name(),
                    () -> serversOn(pool.get("/server-pools/" + id), a.name()) == 3);
            Path home = Files.createDirectories(data.resolve("home"));
            Path password = data.resolve("admin.pw");
            Files.writeString(password, TestServer.ADMIN_PASSWORD + "\n");
            Files.setPosixFilePermissions(password, PosixFilePermissions.fromString("rw-------"));
            List<String> connection = List.of("--server", pool.url(), "--user", "admin", "--password-file", password.toString());
            System.out.printf(Locale.ROOT, "RealMaintenanceCliTest: hpm serve pid %d; set-up %.1f s%n", pid, secs(t0));

            long entered = System.nanoTime();
            CliRun enter = hpm(home, connection, "maintenance", "enter", a.name(), "--wait", "--wait-timeout", "90s");
            double evacuation = secs(entered);
            System.out.printf(Locale.ROOT, "RealMaintenanceCliTest: enter --wait took %.1f s: %s%n", evacuation, enter);
            assertThat(enter.code()).as(enter.toString()).isZero();
            assertThat(enter.out()).as("standard output is the final line only")
                    .isEqualTo(a.name() + " is in maintenance: 3 of 3 moved\n");
            assertRises(enter);
            assertThat(pool.where(guests)).as("virsh list on both hosts after enter")
                    .isEqualTo(everyOn(guests, b.name()));
            CliRun status = hpm(home, connection, "maintenance", "status", a.name());
            assertThat(status.field("Maintenance")).as(status.toString()).isEqualTo("in");
            assertThat(status.field("Servers")).isEqualTo("3 of 3 moved, 0 failed");

            long left = System.nanoTime();
            CliRun leave = hpm(home, connection, "maintenance", "leave", a.name(), "--wait", "--wait-timeout", "90s");
            double back = secs(left);
            System.out.printf(Locale.ROOT, "RealMaintenanceCliTest: leave --wait took %.1f s: %s%n", back, leave);
            assertThat(leave.code()).as(leave.toString()).isZero();
            assertThat(leave.out()).as(leave.toString()).startsWith(a.name() + " is out of maintenance: ");
            // Not asserted: leave's bar, which reads the enter's last counts first and then "0 of 0 moved" (the view
            // does not count the moves back; see docs/pool-ui.md).
            RealPool.await(Duration.ofSeconds(30), "virsh list shows the three back on " + a.name(), () -> {
                try {
                    return pool.where(guests).equals(everyOn(guests, a.name()));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            System.out.printf(Locale.ROOT, "RealMaintenanceCliTest: evacuation %.1f s, return %.1f s (back in virsh "
                    + "%.1f s after leave), total %.1f s%n", evacuation, back, secs(left), secs(t0));
        }
    }

    /** The bar's lines on standard error: counts that never fall, from "0 of 3" to "3 of 3 moved" at 100 %, the migrating named. */
    private static void assertRises(CliRun run) {
        List<String> bar = run.err().lines().filter(l -> l.startsWith("[")).toList();
        assertThat(bar).as("progress lines on standard error: " + run).isNotEmpty();
        assertThat(run.err()).as("no carriage return off a terminal").doesNotContain("\r");
        int last = -1;
        for (String line : bar) {
            Matcher m = MOVED.matcher(line);
            assertThat(m.find()).as("a progress line: " + line).isTrue();
            assertThat(m.group(3)).as(line).isEqualTo("3");
            int moved = Integer.parseInt(m.group(2));
            assertThat(moved).as("the count never falls: " + bar).isGreaterThanOrEqualTo(last);
            last = moved;
        }
        assertThat(bar.getFirst()).as("the first line, before anything moved").contains(" 0 of 3 moved");
        assertThat(bar.getLast()).contains("] 100%  3 of 3 moved");
        assertThat(bar).as("the servers named while they migrate").anyMatch(l -> l.contains(" of 3 moved; migrating "));
    }

    private static CliRun hpm(Path home, List<String> connection, String... args) {
        return CliRun.of(CliRun.environment(Map.of(), home), LiveServerTest.with(args, connection.toArray(String[]::new)));
    }

    private static Map<String, List<String>> everyOn(List<String> guests, String host) {
        Map<String, List<String>> out = new java.util.LinkedHashMap<>();
        guests.forEach(g -> out.put(g, List.of(host)));
        return out;
    }

    private static int serversOn(JsonNode pool, String host) {
        for (JsonNode h : pool.get("hypervisors")) {
            if (h.get("name").asText().equals(host)) {
                return h.get("virtual-servers").size();
            }
        }
        return -1;
    }

    private static double secs(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
