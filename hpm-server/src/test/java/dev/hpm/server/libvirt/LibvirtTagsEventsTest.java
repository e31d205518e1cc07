package dev.hpm.server.libvirt;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hpm.core.model.ManagementLevel;
import dev.hpm.libvirt.HostConnection;
import dev.hpm.libvirt.HostState;
import dev.hpm.libvirt.fixture.GuestFixture;
import dev.hpm.libvirt.fixture.GuestFixtureExtension;
import dev.hpm.server.Http;
import dev.hpm.server.TestServer;
import dev.hpm.server.config.ServerConfig;
import dev.hpm.server.security.LoginThrottle;
import dev.hpm.store.StoreSettings;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code hpm serve} managing the system libvirtd with the fixture's real TCG guests: tags set through
 * HPM are stored in the domain's metadata ({@code virsh dumpxml} shows HPM's element), survive a
 * restart of the guest and of HPM on a new database, and a rule by tag classifies the guest; a guest
 * started outside HPM ({@code virsh start}) appears in the API's inventory within a second, long
 * before the next interval (the lifecycle event refreshes the host's inventory). The server runs at
 * management level monitor, so it changes no domain's CPU settings.
 */
@Tag("libvirt")
@ExtendWith(GuestFixtureExtension.class)
class LibvirtTagsEventsTest {
    private static final String NS = "https://hpm.dev/xmlns/libvirt/1";

    private static TestServer serve(String uri, Duration interval) {
        return new TestServer(StoreSettings::embedded, null, LoginThrottle.Settings.DEFAULT,
                c -> new ServerConfig(c.host(), c.port(), null, c.dataDirectory(), c.store(), interval,
                        ManagementLevel.MONITOR, List.of(new ServerConfig.HostConfig(uri, "kvm")), false, null,
                        c.adminPassword(), c.loginThrottle(), null, c.balancing()));
    }

    private static String virsh(String uri, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("virsh", "-c", uri));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("virsh " + String.join(" ", args) + " did not finish");
        }
        assertThat(p.exitValue()).as("virsh %s: %s", String.join(" ", args), out).isZero();
        return out;
    }

    private static Optional<JsonNode> server(TestServer s, String name) {
        for (JsonNode vs : s.http.get("/virtual-servers/detail", s.admin).json().get("virtual-servers")) {
            if (vs.get("name").asText().equals(name)) {
                return Optional.of(vs);
            }
        }
        return Optional.empty();
    }

    /** Polls every 10 ms until {@code name} is listed and satisfies {@code condition}; the time it took. */
    private static Duration await(TestServer s, String name, Predicate<JsonNode> condition, Duration limit) {
        long start = System.nanoTime();
        while (true) {
            Optional<JsonNode> vs = server(s, name);
            if (vs.isPresent() && condition.test(vs.get())) {
                return Duration.ofNanos(System.nanoTime() - start);
            }
            if (System.nanoTime() - start > limit.toNanos()) {
                throw new AssertionError(name + " not as expected within " + limit + ": " + vs.map(JsonNode::toString)
                        .orElse("not listed"));
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private static boolean tagged(JsonNode vs, String tag) {
        return vs.get("tags").toString().equals("[\"" + tag + "\"]");
    }

    @Test
    void update_tagsOnLibvirtGuest_inDumpxmlSurviveRestartsAndClassifyByRule(GuestFixture fixture) throws Exception {
        GuestFixture.Guest guest = fixture.start(GuestFixture.Load.IDLE);
        String uri = fixture.uri();
        try (TestServer first = serve(uri, Duration.ofSeconds(1))) {
            await(first, guest.name(), vs -> true, Duration.ofSeconds(30));
            Http.Response r = first.http.post("/virtual-servers/" + guest.uuid(), first.admin, "{\"tags\": [\"web\"]}");
            assertThat(r.status()).as(r.text()).isEqualTo(200);
            assertThat(r.json().get("tags").toString()).isEqualTo("[\"web\"]");
        }
        String element = "<hpm:tags xmlns:hpm=\"" + NS + "\">";
        assertThat(virsh(uri, "dumpxml", guest.name())).contains(element, "<hpm:tag>web</hpm:tag>");
        assertThat(virsh(uri, "dumpxml", "--inactive", guest.name())).as("in the persistent definition")
                .contains(element, "<hpm:tag>web</hpm:tag>");

        fixture.restart(guest); // a fresh QEMU process from the persistent definition
        assertThat(virsh(uri, "dumpxml", guest.name())).contains("<hpm:tag>web</hpm:tag>");

        long starting = System.nanoTime();
        try (TestServer second = serve(uri, Duration.ofSeconds(1))) { // a new data directory: an empty database
            Http.Response policy = second.http.post("/workload-resource-groups/default", second.admin, """
                    {"performance-policy": {"service-classes": [{"name": "web", "goal": "fast", "importance": "high"},
                                                                {"name": "other", "goal": "discretionary"}],
                                            "rules": [{"service-class": "web", "filters": [{"attribute": "tag", "value": "web"}]}],
                                            "default-class": "other"}}
                    """);
            assertThat(policy.status()).as(policy.text()).isEqualTo(200);
            await(second, guest.name(), vs -> tagged(vs, "web"), Duration.ofSeconds(30));
            System.out.println("figure: on the new server (empty database, 1 s interval) the tags read from the "
                    + "domain's metadata were listed " + (System.nanoTime() - starting) / 1_000_000
                    + " ms after the server was started");
            JsonNode vs = server(second, guest.name()).orElseThrow();
            assertThat(vs.get("service-class").asText()).as(vs.toString()).isEqualTo("web");

            Http.Response cleared = second.http.post("/virtual-servers/" + guest.uuid(), second.admin, "{\"tags\": []}");
            assertThat(cleared.status()).as(cleared.text()).isEqualTo(200);
            assertThat(virsh(uri, "dumpxml", "--inactive", guest.name())).doesNotContain("<hpm:tag>");
            assertThat(server(second, guest.name()).orElseThrow().get("service-class").asText()).isEqualTo("other");
        }
    }

    @Test
    void event_guestStartedOutsideHpm_inInventoryWithinASecond(GuestFixture fixture) throws Exception {
        GuestFixture.Guest guest = fixture.define(GuestFixture.Load.IDLE);
        String uri = fixture.uri();
        try (TestServer s = serve(uri, Duration.ofMinutes(10))) {
            HostConnection<?> host = (HostConnection<?>) s.server.service().hosts().getFirst().driver();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!(host.state() instanceof HostState.Connected) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(host.state()).isInstanceOf(HostState.Connected.class);
            assertThat(server(s, guest.name())).as("not running, not yet in the inventory").isEmpty();

            long launched = System.nanoTime();
            virsh(uri, "start", guest.name());
            long started = System.nanoTime();
            Duration took = await(s, guest.name(), vs -> true, Duration.ofSeconds(5));
            Duration sinceLaunch = Duration.ofNanos(System.nanoTime() - launched);
            System.out.println("figure: virsh start took " + (started - launched) / 1_000_000 + " ms; the guest was in "
                    + "/virtual-servers " + took.toMillis() + " ms after virsh returned (" + sinceLaunch.toMillis()
                    + " ms after it was launched); intervals run: " + s.server.service().intervalsRun());
            assertThat(took).isLessThan(Duration.ofSeconds(1));
            assertThat(s.server.service().intervalsRun()).as("no interval ran: the event did it").isZero();
            assertThat(server(s, guest.name()).orElseThrow().get("id").asText()).isEqualTo(guest.uuid());
        }
    }
}
