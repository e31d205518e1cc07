package dev.hpm.cli.commands;

import dev.hpm.core.model.ManagementLevel;
import dev.hpm.libvirt.fixture.GuestFixture;
import dev.hpm.server.TestServer;
import dev.hpm.server.config.ServerConfig;
import dev.hpm.server.security.LoginThrottle;
import dev.hpm.store.StoreSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code hpm vs-update --tags} on a server of a real libvirt host (the system libvirtd, one TCG
 * guest of {@link GuestFixture}): the tags land in the domain's metadata, as {@code virsh dumpxml}
 * shows, and {@code hpm vs-show} reads them back. The server runs at management level monitor.
 */
@Tag("libvirt")
class VsUpdateLibvirtCliTest extends LiveServerTest {
    private GuestFixture fixture;
    private GuestFixture.Guest guest;

    @Override
    TestServer newServer() {
        fixture = GuestFixture.open();
        guest = fixture.start(GuestFixture.Load.IDLE);
        String uri = fixture.uri();
        return new TestServer(StoreSettings::embedded, null, LoginThrottle.Settings.DEFAULT,
                c -> new ServerConfig(c.host(), c.port(), null, c.dataDirectory(), c.store(), c.interval(),
                        ManagementLevel.MONITOR, List.of(new ServerConfig.HostConfig(uri, "kvm")), false, null,
                        c.adminPassword(), c.loginThrottle(), null, c.balancing()));
    }

    /**
     * The system libvirtd is shared: in CI the soak's forty guests run on it at the same time, and
     * the server's first intervals read all of them (seen once at 3 intervals not done in 25 s).
     */
    @Override
    java.time.Duration startupLimit() {
        return java.time.Duration.ofSeconds(120);
    }

    @AfterAll
    void removeGuest() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private String dumpxml(String... flags) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("virsh", "-c", fixture.uri(), "dumpxml"));
        command.addAll(List.of(flags));
        command.add(guest.name());
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return out;
    }

    @Test
    void vsUpdate_tagsOnLibvirtGuest_inTheDomainsMetadata() throws Exception {
        CliRun r = admin("vs-update", guest.name(), "--tags", "web, prod");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(dumpxml("--inactive")).contains("<hpm:tags xmlns:hpm=\"https://hpm.dev/xmlns/libvirt/1\">",
                "<hpm:tag>web</hpm:tag>", "<hpm:tag>prod</hpm:tag>");
        assertThat(viewer("vs-show", guest.name()).field("Tags")).isEqualTo("prod, web");

        assertThat(admin("vs-update", guest.name(), "--tags", "").code()).isZero();
        assertThat(dumpxml()).contains("<hpm:tags xmlns:hpm=\"https://hpm.dev/xmlns/libvirt/1\"/>")
                .doesNotContain("<hpm:tag>");
    }
}
