package dev.hpm.server.pool.real;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hpm.libvirt.fixture.GuestFixture;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Maintenance on real hosts (issue 10, point 2) through {@code hpm serve}'s API only: host A runs three
 * idle migratable guests (shared read-only uncached images) and one made to fail: its disk is writable and cached on a local file system, which libvirt refuses
 * to migrate live ("unsafe migration"; a bandwidth-and-timeout abort is not reliable here: a
 * memory-dirtying TCG guest converged at 2 MB/s with auto-converge off). A enters maintenance: the
 * three run on B ({@code virsh}); the fourth keeps running on A, and the maintenance (still entering,
 * 3 of 4 moved) and the migration history say why; leaving maintenance brings the three back (migrate-back). The
 * maintenance and the migrations' progress are polled while they run (1 MB/s, so that each takes a few
 * seconds; an idle guest's migration is mostly set-up, so its progress reads 0 until it ends).
 */
@Tag("libvirt")
class RealMaintenanceTest {
    private static final String POLICY = RealPool.maintenancePolicy(4, "PT1M");

    @Test
    void maintenance_threeGuestsAndOneThatCannotMove_threeMoveAndComeBack_theFourthStaysOnA(@TempDir Path data)
            throws Exception {
        long t0 = System.nanoTime();
        try (RealPool pool = RealPool.start(data, Duration.ofSeconds(2)); GuestFixture unsafe = unsafeOn(pool)) {
            var a = pool.hosts.host(0);
            var b = pool.hosts.host(1);
            List<String> idle = pool.hosts.guests(0, 16).start(GuestFixture.Load.IDLE, 3).stream()
                    .map(GuestFixture.Guest::name).toList();
            String stuck = unsafe.start(GuestFixture.Load.IDLE).name();
            List<String> all = Stream.concat(idle.stream(), Stream.of(stuck)).toList();
            long pid = pool.startServer();
            String id = pool.pool(POLICY);
            RealPool.await(Duration.ofSeconds(60), "hpm serve reports the four guests on " + a.name(),
                    () -> serversOn(pool.get("/server-pools/" + id), a.name()) == 4);
            System.out.printf(Locale.ROOT, "RealMaintenanceTest: hpm serve pid %d; set-up %.1f s%n", pid, secs(t0));

            long entered = System.nanoTime();
            pool.post(RealPool.hv(a) + "/maintenance", "{\"action\": \"enter\"}", 202);
            List<String> seen = new ArrayList<>();
            RealPool.await(Duration.ofSeconds(90), "the three guests on " + b.name() + " and a failed move of " + stuck, () -> {
                JsonNode m = pool.get(RealPool.hv(a) + "/maintenance");
                StringBuilder v = new StringBuilder(m.get("state").asText() + " " + m.get("moved").asInt() + "/"
                        + m.get("total").asInt() + " progress " + m.get("progress").asDouble() + states(m) + "; migrations");
                for (JsonNode x : pool.get("/migrations?hypervisor=" + a.name() + "&limit=20").get("migrations")) {
                    if (x.get("state").asText().equals("running")) {
                        v.append(' ').append(tail(x.get("virtual-server").get("name").asText())).append(" running ")
                                .append(x.get("progress").asDouble());
                    }
                }
                if (seen.isEmpty() || !seen.getLast().endsWith(v.toString())) {
                    seen.add(String.format(Locale.ROOT, "%.1fs %s", secs(entered), v));
                    System.out.println("RealMaintenanceTest: " + seen.getLast());
                }
                try {
                    Map<String, List<String>> where = pool.where(all);
                    return idle.stream().allMatch(g -> where.get(g).equals(List.of(b.name()))) && !failed(pool, stuck).isEmpty()
                            && m.get("failed").asInt() == 1;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            double evacuated = secs(entered);
            JsonNode failure = failed(pool, stuck).get(0);
            System.out.println("RealMaintenanceTest: the failed move: " + failure.get("detail").asText());
            assertThat(failure.get("detail").asText()).contains("could not move").contains("Unsafe migration")
                    .contains("keeps running on");
            assertThat(pool.where(all).get(stuck)).as("the guest that could not move").isEqualTo(List.of(a.name()));
            Thread.sleep(4_000);
            JsonNode m = pool.get(RealPool.hv(a) + "/maintenance");
            System.out.println("RealMaintenanceTest: maintenance with " + stuck + " still on " + a.name() + ": " + m);
            assertThat(m.get("state").asText()).as("not in maintenance while a guest runs on it").isEqualTo("entering");
            assertThat(m.get("total").asInt()).isEqualTo(4);
            assertThat(m.get("moved").asInt()).isEqualTo(3);
            assertThat(m.get("remaining").findValuesAsText("name")).containsExactly(stuck);
            assertThat(m.get("message").asText()).contains(stuck + " could not move").contains("Unsafe migration")
                    .contains("keeps running on " + a.name());
            assertThat(pool.where(all).get(stuck)).isEqualTo(List.of(a.name()));
            assertThat(seen).as("the migrations seen running, with their progress").anyMatch(x -> x.contains(" running "));

            long left = System.nanoTime();
            pool.post(RealPool.hv(a) + "/maintenance", "{\"action\": \"leave\"}", 202);
            RealPool.await(Duration.ofSeconds(90), "the three guests back on " + a.name() + " and maintenance none", () -> {
                try {
                    Map<String, List<String>> where = pool.where(all);
                    return all.stream().allMatch(g -> where.get(g).equals(List.of(a.name())))
                            && pool.get(RealPool.hv(a) + "/maintenance").get("state").asText().equals("none");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            JsonNode migrations = pool.get("/migrations?limit=100").get("migrations");
            System.out.printf(Locale.ROOT, "RealMaintenanceTest: evacuation %.1f s, return %.1f s, %d migrations in the "
                    + "history, total %.1f s%n", evacuated, secs(left), migrations.size(), secs(t0));
            assertThat(migrations.findValuesAsText("state")).contains("done", "failed");
        }
    }

    /** Guests on host A that libvirt refuses to migrate live: writable, cached disks on a local file system. */
    private static GuestFixture unsafeOn(RealPool pool) {
        return GuestFixture.open(pool.hosts.host(0).uri());
    }

    /** The failed migrations of {@code server} in the history (newest first). */
    private static List<JsonNode> failed(RealPool pool, String server) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode x : pool.get("/migrations?limit=100").get("migrations")) {
            if (x.get("virtual-server").get("name").asText().equals(server) && x.get("state").asText().equals("failed")) {
                out.add(x);
            }
        }
        return out;
    }

    private static String tail(String name) {
        return name.replaceAll(".*-([^-]+-[^-]+)$", "$1");
    }

    static int serversOn(JsonNode pool, String host) {
        for (JsonNode h : pool.get("hypervisors")) {
            if (h.get("name").asText().equals(host)) {
                return h.get("virtual-servers").size();
            }
        }
        return -1;
    }

    private static String states(JsonNode m) {
        StringBuilder s = new StringBuilder();
        for (JsonNode r : m.get("remaining")) {
            s.append(' ').append(tail(r.get("name").asText())).append('=').append(r.get("state").asText());
        }
        return s.toString();
    }

    static double secs(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
