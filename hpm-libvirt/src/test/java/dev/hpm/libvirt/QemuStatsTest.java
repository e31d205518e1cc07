package dev.hpm.libvirt;

import dev.hpm.core.driver.DomainSample;
import dev.hpm.core.driver.DriverException;
import dev.hpm.core.driver.SchedulerParameters;
import dev.hpm.core.driver.StatsGroup;
import dev.hpm.core.time.Timebase;
import dev.hpm.libvirt.fixture.GuestFixture;
import dev.hpm.libvirt.fixture.GuestFixture.Guest;
import dev.hpm.libvirt.fixture.GuestFixtureExtension;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.hpm.libvirt.QemuStats.cpus;
import static dev.hpm.libvirt.QemuStats.sample;
import static dev.hpm.libvirt.QemuStats.sleep;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Measurement on real QEMU (TCG) guests through the system libvirtd. Needs root and libvirtd. */
@Tag("libvirt")
@ExtendWith(GuestFixtureExtension.class)
class QemuStatsTest {

    @Test
    void domainStats_threeSpinnersOnTwoCores_vcpuTimeAndDelayAdvance(GuestFixture fixture) {
        List<Guest> guests = fixture.start(GuestFixture.Load.SPIN, 3);
        sleep(1_000);
        Map<String, DomainSample> before = sample(fixture.driver(), guests);
        sleep(4_000);
        Map<String, DomainSample> after = sample(fixture.driver(), guests);
        double[] cpus = cpus(guests, before, after);
        for (int i = 0; i < guests.size(); i++) {
            DomainSample a = before.get(guests.get(i).uuid());
            DomainSample b = after.get(guests.get(i).uuid());
            long using = b.usingNanos() - a.usingNanos();
            long delay = b.delayNanos() - a.delayNanos();
            System.out.printf("QemuStatsTest %s: using %.2f CPUs, Δvcpu.0.time %d ms, Δvcpu.0.delay %d ms,"
                            + " velocity %.0f%%%n", guests.get(i).name(), cpus[i], using / 1_000_000,
                    delay / 1_000_000, 100.0 * using / (using + delay));
            assertThat(b.state()).isEqualTo(DomainSample.STATE_RUNNING);
            assertThat(b.vcpus()).isEqualTo(1);
            assertThat(b.vcpuDelayNanos()).as("vcpu.0.delay reported").isNotNull();
            assertThat(b.cpuTimeNanos()).isGreaterThan(a.cpuTimeNanos());
            assertThat(cpus[i]).as("a spinning vCPU gets a real share").isGreaterThan(0.2);
            assertThat(delay).as("contention: delay of " + guests.get(i).name()).isPositive();
        }
        assertThat(Arrays.stream(cpus).sum()).as("three spinners on two cores").isLessThan(2.1);
    }

    @Test
    void domainStats_restartedGuest_countersGoBackwards(GuestFixture fixture) {
        Guest guest = fixture.start(GuestFixture.Load.SPIN);
        sleep(2_000);
        DomainSample before = sample(fixture.driver(), List.of(guest)).get(guest.uuid());
        fixture.restart(guest);
        DomainSample after = sample(fixture.driver(), List.of(guest)).get(guest.uuid());
        System.out.printf("QemuStatsTest restart: vcpu.0.time %d ms before, %d ms after%n",
                before.usingNanos() / 1_000_000, after.usingNanos() / 1_000_000);
        assertThat(after.usingNanos()).isLessThan(before.usingNanos());
        assertThat(after.cpuTimeNanos()).isLessThan(before.cpuTimeNanos());
    }

    @Test
    void schedulerParameters_defaults_matchCgroupVersion(GuestFixture fixture) {
        Guest guest = fixture.start(GuestFixture.Load.IDLE);
        List<TypedParam> raw = fixture.domains().schedulerParameters(guest.uuid());
        SchedulerParameters params = fixture.driver().schedulerParameters(guest.uuid());
        boolean cgroupV1 = Files.isDirectory(Path.of("/sys/fs/cgroup/cpu"));
        System.out.println("QemuStatsTest scheduler parameters (cgroup " + (cgroupV1 ? "v1" : "v2") + "): " + raw);
        assertThat(raw).extracting(TypedParam::field).contains(SchedulerCodec.CPU_SHARES, SchedulerCodec.VCPU_PERIOD,
                SchedulerCodec.VCPU_QUOTA, SchedulerCodec.GLOBAL_PERIOD, SchedulerCodec.GLOBAL_QUOTA);
        assertThat(params.cpuShares()).isEqualTo(cgroupV1 ? 1024 : 100);
        assertThat(params.vcpuPeriod()).isEqualTo(100_000);
        assertThat(params.globalPeriod()).isEqualTo(100_000);
        assertThat(params.capCpus(1)).isInfinite();
    }

    @Test
    void schedulerParameters_unknownDomain_carriesLibvirtsMessage(GuestFixture fixture) {
        String unknown = UUID.randomUUID().toString();
        assertThatThrownBy(() -> fixture.driver().schedulerParameters(unknown))
                .isInstanceOfSatisfying(DriverException.class,
                        e -> assertThat(e.code()).isEqualTo(LibvirtErrors.NO_DOMAIN))
                .hasMessage("Domain not found: no domain with matching uuid '" + unknown + "'");
    }

    @Test
    void open_keepAliveAndHostConnection_serveTheSameGuests(GuestFixture fixture) {
        Guest guest = fixture.start(GuestFixture.Load.IDLE);
        ConnectOptions options = ConnectOptions.of(fixture.uri()).withKeepAlive(5, 3);
        Timebase time = Timebase.system();
        try (HostConnection<LibvirtDriver> host = HostConnection.libvirt("local", options, time,
                HostConnection.Settings.defaults())) {
            assertThat(host.domainStats(StatsGroup.CPU)).extracting(DomainSample::uuid).contains(guest.uuid());
            assertThat(host.call("isAlive", LibvirtDriver::isAlive)).isTrue();
            assertThat(host.call("noWait", LibvirtDriver::usesNoWait)).isTrue();
            assertThat(host.nodeInfo().cpus()).isPositive();
            assertThat(host.nodeCpuStats().idleNanos()).isPositive();
            assertThat(host.state().connected()).isTrue();
        }
    }
}
