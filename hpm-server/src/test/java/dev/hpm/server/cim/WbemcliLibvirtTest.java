package dev.hpm.server.cim;

import dev.hpm.core.model.ManagementLevel;
import dev.hpm.libvirt.fixture.GuestFixture;
import dev.hpm.libvirt.fixture.GuestFixtureExtension;
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
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * wbemcli against {@code hpm serve} managing the system libvirtd with a real QEMU guest (the
 * fixture's TCG guest): the guest appears as a {@code KVM_ComputerSystem} with libvirt's UUID, its
 * processor setting's {@code Weight} is the {@code cpu_shares} virsh shows, its vCPU, 16 MiB of memory
 * and floppy image are its devices, RequestStateChange
 * pauses, resumes, powers off and starts it ({@code virsh domstate} confirms each), and
 * ModifyResourceSettings sets its {@code cpu_shares} and cap ({@code virsh schedinfo} confirms). The
 * guest's boot sector answers the ACPI power button ({@link GuestFixture.Load#ACPI}), so shut down (4)
 * is an orderly shut-down the guest carries out, and power off (3) is the hard one. The server runs
 * at management level monitor, so it changes no other domain of the host.
 */
@Tag("libvirt")
@Tag("wbem")
@ExtendWith(GuestFixtureExtension.class)
class WbemcliLibvirtTest {
    private static String virsh(String uri, String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("virsh", "-c", uri));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("virsh " + String.join(" ", args) + " did not finish");
        }
        return out.strip();
    }

    private static void awaitDomstate(String uri, String name, String state) {
        CimFixture.await(Duration.ofSeconds(30), () -> {
            try {
                return virsh(uri, "domstate", name).equals(state);
            } catch (IOException | InterruptedException e) {
                throw new AssertionError(e);
            }
        }, name + " " + state + " by virsh domstate");
    }

    @Test
    void cm_realGuest_stateChangesAndSchedulerSettings(GuestFixture fixture) throws Exception {
        GuestFixture.Guest guest = fixture.start(GuestFixture.Load.ACPI);
        String uri = fixture.uri();
        try (TestServer server = new TestServer(StoreSettings::embedded, null, LoginThrottle.Settings.DEFAULT,
                c -> new ServerConfig(c.host(), c.port(), null, c.dataDirectory(), c.store(), c.interval(),
                        ManagementLevel.MONITOR, List.of(new ServerConfig.HostConfig(uri, "kvm")), false, null,
                        c.adminPassword(), c.loginThrottle(), new ServerConfig.Cim("127.0.0.1", 0), c.balancing()))) {
            String base = "http://admin:" + TestServer.ADMIN_PASSWORD + "@127.0.0.1:" + server.server.cimPort() + "/";
            String system = base + CimFixture.system(guest.name());
            CimFixture.await(Duration.ofSeconds(30), () -> Wbemcli.run("gi", system, "Name").exit() == 0,
                    guest.name() + " in the CIM inventory");
            Wbemcli.Result names = Wbemcli.run("ein", base + "root/virt:KVM_ComputerSystem");
            assertThat(names.out()).contains("KVM_ComputerSystem.CreationClassName=\"KVM_ComputerSystem\",Name=\"" + guest.name() + "\"");
            Wbemcli.Result one = Wbemcli.run("gi", system);
            assertThat(one.out()).contains("UUID=\"" + guest.uuid() + "\"", "EnabledState=2");
            Wbemcli.Result proc = Wbemcli.run("gi", base + "root/virt:KVM_ProcResourceAllocationSettingData.InstanceID=\""
                    + guest.name() + "/proc\"");
            String shares = virsh(uri, "schedinfo", guest.name()).lines().filter(l -> l.startsWith("cpu_shares"))
                    .map(l -> l.replaceAll("\\D", "")).findFirst().orElseThrow();
            assertThat(proc.out()).as("Weight is the cpu_shares virsh shows").contains("Weight=" + shares + ",", "VirtualQuantity=1");
            Wbemcli.Result devices = Wbemcli.run("ai", "-ac", "KVM_SystemDevice", system);
            assertThat(devices.lines()).as(devices.all()).hasSize(3);
            assertThat(devices.out()).contains("KVM_Processor.SystemCreationClassName=\"KVM_ComputerSystem\",SystemName=\""
                            + guest.name() + "\",CreationClassName=\"KVM_Processor\",DeviceID=\"" + guest.name() + "/0\"",
                    "DeviceID=\"" + guest.name() + "/mem\"", "BlockSize=1024", "NumberOfBlocks=16384",
                    "DeviceID=\"" + guest.name() + "/fda\"", "Name=\"" + guest.image().toAbsolutePath() + "\"");
            Wbemcli.Result host = Wbemcli.run("ain", "-ac", "KVM_HostedDependency", system);
            assertThat(host.out()).contains("KVM_HostSystem.CreationClassName=\"KVM_HostSystem\",Name=\"kvm\"");

            assertThat(Wbemcli.run("cm", system, "RequestStateChange.RequestedState=9").out()).contains("RequestStateChange: 0");
            awaitDomstate(uri, guest.name(), "paused");
            assertThat(Wbemcli.run("cm", system, "RequestStateChange.RequestedState=2").out()).contains("RequestStateChange: 0");
            awaitDomstate(uri, guest.name(), "running");
            assertThat(Wbemcli.run("cm", system, "RequestStateChange.RequestedState=4").out()).contains("RequestStateChange: 0");
            awaitDomstate(uri, guest.name(), "shut off");
            assertThat(Wbemcli.run("cm", system, "RequestStateChange.RequestedState=2").out()).contains("RequestStateChange: 0");
            awaitDomstate(uri, guest.name(), "running");
            assertThat(Wbemcli.run("cm", system, "RequestStateChange.RequestedState=3").out()).contains("RequestStateChange: 0");
            awaitDomstate(uri, guest.name(), "shut off");
            assertThat(Wbemcli.run("cm", system, "RequestStateChange.RequestedState=9").out())
                    .as("pausing a shut-off guest").contains("RequestStateChange: 4097");
            assertThat(Wbemcli.run("cm", system, "RequestStateChange.RequestedState=2").out()).contains("RequestStateChange: 0");
            awaitDomstate(uri, guest.name(), "running");

            Wbemcli.Result modify = Wbemcli.run("cm", base + "root/virt:KVM_VirtualSystemManagementService."
                    + "SystemCreationClassName=\"KVM_HostSystem\",SystemName=\"kvm\",CreationClassName="
                    + "\"KVM_VirtualSystemManagementService\",Name=\"Management Service\"",
                    "ModifyResourceSettings.ResourceSettings=\"instance of KVM_ProcResourceAllocationSettingData { "
                            + "InstanceID = \\\"" + guest.name() + "/proc\\\"; Weight = 300; Limit = 50; };\"");
            assertThat(modify.exit()).as(modify.all()).isZero();
            assertThat(modify.out()).contains("ModifyResourceSettings: 0");
            String schedinfo = virsh(uri, "schedinfo", guest.name());
            assertThat(schedinfo).containsPattern("cpu_shares\\s*:\\s*300").containsPattern("global_period\\s*:\\s*100000")
                    .containsPattern("global_quota\\s*:\\s*50000");
        }
    }
}
