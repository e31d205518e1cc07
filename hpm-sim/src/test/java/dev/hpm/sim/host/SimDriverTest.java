package dev.hpm.sim.host;

import dev.hpm.core.driver.DomainSample;
import dev.hpm.core.driver.DriverException;
import dev.hpm.core.driver.HypervisorDriver;
import dev.hpm.core.driver.SchedulerUpdate;
import dev.hpm.core.driver.StatsGroup;
import dev.hpm.sim.SimClock;
import dev.hpm.sim.demand.DemandModel;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SimDriverTest {
    static final long S = 1_000_000_000L;

    /** One CPU, two one-vCPU domains that each want a whole CPU, run for 10 one-second ticks. */
    static SimHost contended(SimClock clock) {
        SimHost host = new SimHost("h", 1, 8 << 20, CfsScheduler.exact());
        host.add(new SimDomain("u-a", "a", 1, 1 << 20, new DemandModel.Constant(1), 1024));
        host.add(new SimDomain("u-b", "b", 1, 1 << 20, new DemandModel.Constant(1), 3072));
        for (int t = 0; t < 10; t++) {
            host.tick(clock.nanos(), S);
            clock.advance(S);
        }
        return host;
    }

    @Test
    void domainStats_countersAdvanceInLibvirtNamesAndUnits() {
        SimClock clock = new SimClock();
        SimDriver driver = new SimDriver(contended(clock), clock);
        List<DomainSample> samples = driver.domainStats(StatsGroup.ALL);
        DomainSample a = samples.get(0);
        DomainSample b = samples.get(1);
        // shares 1:3 on one CPU for 10 s: a ran 2.5 s and waited 7.5 s; b ran 7.5 s and waited 2.5 s
        assertThat(a.timestampNanos()).isEqualTo(10 * S);
        assertThat(a.state()).isEqualTo(DomainSample.STATE_RUNNING);
        assertThat(a.vcpuTimeNanos()).containsExactly(2_500_000_000L);
        assertThat(a.vcpuDelayNanos()).containsExactly(7_500_000_000L);
        assertThat(b.usingNanos()).isEqualTo(7_500_000_000L);
        assertThat(b.delayNanos()).isEqualTo(2_500_000_000L);
        assertThat(a.cpuTimeNanos()).isEqualTo(2_500_000_000L);
        assertThat(a.balloonCurrentKiB()).isEqualTo(1 << 20);
        assertThat(driver.nodeInfo().cpus()).isEqualTo(1);
        assertThat(driver.nodeCpuStats().busyNanos()).isEqualTo(10 * S);
        assertThat(driver.nodeCpuStats().idleNanos()).isZero();
    }

    @Test
    void domainStats_cpuGroupsOnly_leaveBalloonAbsent() {
        SimClock clock = new SimClock();
        DomainSample a = new SimDriver(contended(clock), clock).domainStats(StatsGroup.CPU).getFirst();
        assertThat(a.balloonCurrentKiB()).isEqualTo(DomainSample.ABSENT);
        assertThat(a.vcpuTimeNanos()).isNotNull();
    }

    @Test
    void updateScheduler_changesShares_andRejectsWhatLibvirtRejects() {
        SimClock clock = new SimClock();
        SimDriver driver = new SimDriver(contended(clock), clock);
        driver.updateScheduler("u-a", SchedulerUpdate.shares(5000), EnumSet.of(HypervisorDriver.Affect.LIVE));
        assertThat(driver.schedulerParameters("u-a").cpuShares()).isEqualTo(5000);
        assertThatThrownBy(() -> driver.updateScheduler("u-a", SchedulerUpdate.shares(1),
                EnumSet.of(HypervisorDriver.Affect.LIVE)))
                .isInstanceOf(DriverException.class).hasMessageContaining("cpu_shares' is out of range");
        assertThatThrownBy(() -> driver.schedulerParameters("nope"))
                .isInstanceOfSatisfying(DriverException.class, e -> assertThat(e.code()).isEqualTo(SimDriver.NO_DOMAIN));
    }

    @Test
    void calls_unreachableHost_failWithLibvirtsMessage() {
        SimClock clock = new SimClock();
        SimHost host = contended(clock);
        SimDriver driver = new SimDriver(host, clock);
        host.reachable(false);
        assertThatThrownBy(() -> driver.domainStats(StatsGroup.CPU)).isInstanceOf(DriverException.class)
                .hasMessageContaining("Connection reset by peer");
        host.reachable(true);
        assertThat(driver.domainStats(StatsGroup.CPU)).hasSize(2);
    }

    @Test
    void restart_countersStartAgainAtZero() {
        SimClock clock = new SimClock();
        SimHost host = contended(clock);
        host.domains().getFirst().restart();
        DomainSample a = new SimDriver(host, clock).domainStats(StatsGroup.CPU).getFirst();
        assertThat(a.cpuTimeNanos()).isZero();
        assertThat(a.usingNanos()).isZero();
    }

    private static int state(SimDriver driver, String uuid) {
        return driver.domainStats(EnumSet.of(StatsGroup.STATE)).stream().filter(d -> d.uuid().equals(uuid))
                .mapToInt(DomainSample::state).findFirst().orElseThrow();
    }

    @Test
    void changeState_transitions_asLibvirtAllowsThem() {
        SimClock clock = new SimClock();
        SimHost host = contended(clock);
        SimDriver driver = new SimDriver(host, clock);
        driver.changeState("u-a", dev.hpm.core.driver.DomainAction.PAUSE);
        assertThat(state(driver, "u-a")).isEqualTo(3);
        assertThatThrownBy(() -> driver.changeState("u-a", dev.hpm.core.driver.DomainAction.START))
                .isInstanceOfSatisfying(DriverException.class, e -> assertThat(e.code()).isEqualTo(HypervisorDriver.OPERATION_INVALID))
                .hasMessage("Requested operation is not valid: domain is already running");
        driver.changeState("u-a", dev.hpm.core.driver.DomainAction.RESUME);
        driver.changeState("u-a", dev.hpm.core.driver.DomainAction.SHUTDOWN);
        assertThat(state(driver, "u-a")).isEqualTo(5);
        long before = driver.domainStats(EnumSet.of(StatsGroup.CPU_TOTAL)).getFirst().cpuTimeNanos();
        host.tick(clock.nanos(), S);
        assertThat(driver.domainStats(EnumSet.of(StatsGroup.CPU_TOTAL)).getFirst().cpuTimeNanos())
                .as("a shut-off domain uses no CPU").isEqualTo(before);
        assertThatThrownBy(() -> driver.changeState("u-a", dev.hpm.core.driver.DomainAction.PAUSE))
                .hasMessage("Requested operation is not valid: domain is not running");
        driver.changeState("u-a", dev.hpm.core.driver.DomainAction.START);
        assertThat(state(driver, "u-a")).isEqualTo(1);
        assertThatThrownBy(() -> driver.changeState("nope", dev.hpm.core.driver.DomainAction.START))
                .isInstanceOfSatisfying(DriverException.class, e -> assertThat(e.code()).isEqualTo(SimDriver.NO_DOMAIN));
    }

    @Test
    void devices_oneVirtioDiskAndInterface_macFromTheUuid() {
        SimClock clock = new SimClock();
        SimHost host = new SimHost("h", 1, 8 << 20, CfsScheduler.exact());
        host.add(new SimDomain("0a1b2c3d-0000-0000-0000-000000000000", "web", 1, 1 << 20, new DemandModel.Constant(1), 1024));
        var devices = new SimDriver(host, clock).devices("0a1b2c3d-0000-0000-0000-000000000000");
        assertThat(devices.disks()).containsExactly(new dev.hpm.core.driver.DomainDevices.Disk("vda", "disk",
                "/var/lib/libvirt/images/web.qcow2"));
        assertThat(devices.nics()).containsExactly(new dev.hpm.core.driver.DomainDevices.Nic("52:54:00:0a:1b:2c", "network",
                "default", "virtio"));
    }
}
