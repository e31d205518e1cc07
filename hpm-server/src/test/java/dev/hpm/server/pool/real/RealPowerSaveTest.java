package dev.hpm.server.pool.real;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hpm.libvirt.fixture.GuestFixture;
import dev.hpm.libvirt.fixture.LibvirtHosts;
import dev.hpm.power.testing.IpmiSimHost;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Power save on real hosts (issue 10, point 3) through {@code hpm serve}'s API only. Host B has a
 * BMC ({@code ipmi_sim} on loopback) whose chassis hook stops and starts B's libvirt daemon
 * ({@link LibvirtHosts#powerHook}); its IPMI settings are set through the API (the password never
 * comes back). With demand low (idle guests) HPM consolidates onto A and powers B off through IPMI
 * (B's libvirtd is gone); a spinning guest started on A raises demand: HPM powers B on through IPMI,
 * waits for its libvirt to answer, and spreads the guests again. Then, with B emptied and powered off
 * again, the BMC is made to refuse the power-on: the API shows power-on-failed, the plan's power-on
 * failed saying why, and HPM does not try that host again.
 */
@Tag("libvirt")
@Tag("ipmi")
class RealPowerSaveTest {
    private static final String POLICY = "{\"mode\": \"automatic\","
            + " \"power-save\": {\"enabled\": true, \"threshold\": 15, \"duration\": \"PT4S\", \"reserve-hosts\": 0},"
            + " \"even-distribution\": {\"enabled\": true, \"threshold\": 25, \"duration\": \"PT4S\"},"
            + " \"cooldown\": \"PT6S\", \"headroom\": {\"window\": \"PT1M\", \"sigmas\": 0},"
            + " \"migration\": {\"bandwidth-mbps\": 64}}";

    @Test
    void powerSave_lowThenHighDemand_bOffThroughIpmiThenOnAndSpread_aRefusedPowerOnIsPowerOnFailed(@TempDir Path data)
            throws Exception {
        long t0 = System.nanoTime();
        try (RealPool pool = RealPool.start(data, Duration.ofSeconds(2)); IpmiSimHost bmc = bmcOf(pool.hosts, 1)) {
            var a = pool.hosts.host(0);
            var b = pool.hosts.host(1);
            String hb = RealPool.hv(b);
            List<String> idle = Stream.concat(pool.hosts.guests(0, 16).start(GuestFixture.Load.IDLE, 2).stream(),
                    pool.hosts.guests(1, 16).start(GuestFixture.Load.IDLE, 1).stream()).map(GuestFixture.Guest::name).toList();
            pool.startServer();
            JsonNode settings = pool.post(hb + "/power-settings", "{\"driver\": \"ipmi\", \"address\": \"" + IpmiSimHost.ADDRESS
                    + "\", \"port\": " + bmc.port() + ", \"username\": \"" + bmc.username() + "\", \"password\": \""
                    + bmc.password() + "\", \"power-on-timeout\": \"PT30S\", \"idle-watts\": 100, \"max-watts\": 200}", 200);
            String shown = pool.http().get(hb + "/power-settings", RealPool.ADMIN).text();
            assertThat(settings.toString() + shown).doesNotContain(bmc.password());
            assertThat(pool.get(hb + "/power-settings").get("password-set").asBoolean()).isTrue();
            String id = pool.pool(POLICY);
            long pidBefore = pool.hosts.pid(1);

            long low = System.nanoTime();
            RealPool.await(Duration.ofSeconds(120), b.name() + " powered off through IPMI", () ->
                    pool.hosts.pid(1) < 0 && pool.get(hb + "/power").get("state").asText().equals("off"));
            double offAfter = RealMaintenanceTest.secs(low);
            assertThat(pool.where(idle).values()).as("every idle guest on A").allMatch(h -> h.equals(List.of(a.name())));
            assertThat(bmc.hookCalls()).anyMatch(c -> c.contains("set power 0"));
            JsonNode power = pool.get(hb + "/power");
            assertThat(power.get("driver").asText()).isEqualTo("ipmi");
            System.out.printf(Locale.ROOT, "RealPowerSaveTest: consolidated onto %s and %s powered off (libvirtd pid %d gone) "
                    + "%.1f s after the pool was made; power: %s%n", a.name(), b.name(), pidBefore, offAfter, power);

            long high = System.nanoTime();
            String spinner = pool.hosts.guests(0, 16).start(GuestFixture.Load.SPIN).name();
            RealPool.await(Duration.ofSeconds(120), b.name() + " powered on through IPMI and a guest on it", () -> {
                try {
                    return pool.hosts.pid(1) > 0 && pool.get(hb + "/power").get("state").asText().equals("on")
                            && pool.where(Stream.concat(idle.stream(), Stream.of(spinner)).toList()).values().stream()
                            .anyMatch(h -> h.equals(List.of(b.name())));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Map<String, List<String>> spread = pool.where(Stream.concat(idle.stream(), Stream.of(spinner)).toList());
            assertThat(spread.values()).allMatch(h -> h.size() == 1);
            assertThat(bmc.hookCalls()).anyMatch(c -> c.contains("set power 1"));
            System.out.printf(Locale.ROOT, "RealPowerSaveTest: demand up: %s powered on (libvirtd pid %d) and spread %.1f s "
                    + "after the spinning guest started: %s; power: %s%n", b.name(), pool.hosts.pid(1),
                    RealMaintenanceTest.secs(high), spread, pool.get(hb + "/power"));

            // a power-on the BMC refuses: B emptied and off again, then demand up with the hook failing
            for (var e : spread.entrySet()) {
                if (e.getValue().equals(List.of(b.name())) || e.getKey().equals(spinner)) {
                    LibvirtHosts.virsh(e.getValue().equals(List.of(b.name())) ? b.uri() : a.uri(), "destroy", e.getKey());
                }
            }
            RealPool.await(Duration.ofSeconds(120), b.name() + " powered off again", () ->
                    pool.hosts.pid(1) < 0 && pool.get(hb + "/power").get("state").asText().equals("off"));
            Files.writeString(bmc.dir().resolve("refuse"), "");
            long refused = System.nanoTime();
            pool.hosts.guests(0, 16).start(GuestFixture.Load.SPIN);
            RealPool.await(Duration.ofSeconds(120), b.name() + " power-on-failed", () ->
                    pool.get(hb + "/power").get("state").asText().equals("power-on-failed"));
            JsonNode failedPower = pool.get(hb + "/power");
            JsonNode failedAction = null;
            List<String> powerOns = new java.util.ArrayList<>();
            try {
                RealPool.await(Duration.ofSeconds(10), "the plans' failed power-on written", () -> {
                powerOns.clear();
                for (JsonNode p : pool.get("/server-pools/" + id + "/plans?limit=50").get("plans")) {
                    for (JsonNode x : p.get("actions")) {
                        if (x.get("kind").asText().equals("power-on")) {
                            powerOns.add(p.get("status").asText() + " plan: " + x);
                        }
                    }
                }
                return powerOns.stream().anyMatch(x -> x.contains("\"state\":\"failed\""));
                });
            } finally {
                System.out.println("RealPowerSaveTest: power-on actions: " + String.join("\n  ", powerOns));
            }
            for (JsonNode p : pool.get("/server-pools/" + id + "/plans?limit=50").get("plans")) {
                for (JsonNode x : p.get("actions")) {
                    if (x.get("kind").asText().equals("power-on") && x.get("state").asText().equals("failed")) {
                        failedAction = x;
                    }
                }
            }
            assertThat(failedAction).as("the plan's failed power-on among %s", powerOns).isNotNull();
            assertThat(failedAction.get("detail").asText()).contains("failed");
            long tries = bmc.hookCalls().stream().filter(c -> c.contains("set power 1")).count();
            Thread.sleep(8_000);
            assertThat(bmc.hookCalls().stream().filter(c -> c.contains("set power 1")).count())
                    .as("no power-on of the power-on-failed host again").isEqualTo(tries);
            assertThat(pool.get(hb + "/power").get("state").asText()).isEqualTo("power-on-failed");
            assertThat(pool.get(hb + "/power").get("detail").asText()).as("the power view says why")
                    .contains("failed");
            System.out.printf(Locale.ROOT, "RealPowerSaveTest: refused power-on reported %.1f s after demand rose: power %s;"
                    + " plan action %s; total %.1f s%n", RealMaintenanceTest.secs(refused), failedPower, failedAction,
                    RealMaintenanceTest.secs(t0));
        }
    }

    /** A BMC for host {@code index} whose chassis powers that host's libvirtd, refusing power-on while {@code refuse} exists. */
    private static IpmiSimHost bmcOf(LibvirtHosts hosts, int index) {
        LibvirtHosts.PowerHook hook = hosts.powerHook(index);
        return IpmiSimHost.builder()
                .powerOn("if [ -e \"$HOST_DIR/refuse\" ]; then echo 'the BMC refuses' >&2; exit 1; fi; " + hook.on())
                .powerOff(hook.off()).powerState(hook.state()).start();
    }
}
