package dev.hpm.libvirt;

import dev.hpm.core.driver.DomainSample;
import dev.hpm.core.driver.HypervisorDriver.Affect;
import dev.hpm.core.driver.SchedulerParameters;
import dev.hpm.core.driver.SchedulerUpdate;
import dev.hpm.libvirt.fixture.GuestFixture;
import dev.hpm.libvirt.fixture.GuestFixture.Guest;
import dev.hpm.libvirt.fixture.GuestFixtureExtension;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import static dev.hpm.libvirt.QemuStats.cpus;
import static dev.hpm.libvirt.QemuStats.sample;
import static dev.hpm.libvirt.QemuStats.sleep;
import static dev.hpm.libvirt.QemuStats.virsh;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * CPU shares and caps set through {@link LibvirtDriver#updateScheduler} on real QEMU guests, and their
 * effect on the CPU each guest gets. Needs root, libvirtd, and {@code virsh} on the PATH.
 */
@Tag("libvirt")
@ExtendWith(GuestFixtureExtension.class)
class QemuSchedulingTest {
    private static final EnumSet<Affect> LIVE = EnumSet.of(Affect.LIVE);

    @Test
    void updateScheduler_shares_visibleInSchedulerParametersAndVirsh(GuestFixture fixture)
            throws IOException, InterruptedException {
        Guest guest = fixture.start(GuestFixture.Load.IDLE);
        fixture.driver().updateScheduler(guest.uuid(), SchedulerUpdate.shares(2048), LIVE);
        assertThat(fixture.driver().schedulerParameters(guest.uuid()).cpuShares()).isEqualTo(2048);
        String schedinfo = virsh(fixture.uri(), "schedinfo", guest.name());
        assertThat(schedinfo).containsPattern("cpu_shares\\s*: 2048");
    }

    @Test
    void updateScheduler_muchHigherShares_getsClearlyMoreCpu(GuestFixture fixture) {
        List<Guest> guests = fixture.start(GuestFixture.Load.SPIN, 3);
        sleep(1_000);
        Map<String, DomainSample> t0 = sample(fixture.driver(), guests);
        sleep(5_000);
        Map<String, DomainSample> t1 = sample(fixture.driver(), guests);
        Guest favoured = guests.getFirst();
        fixture.driver().updateScheduler(favoured.uuid(), SchedulerUpdate.shares(8192), LIVE);
        sleep(1_000);
        Map<String, DomainSample> t2 = sample(fixture.driver(), guests);
        sleep(10_000);
        Map<String, DomainSample> t3 = sample(fixture.driver(), guests);
        double[] equal = cpus(guests, t0, t1);
        double[] weighted = cpus(guests, t2, t3);
        System.out.printf("QemuSchedulingTest shares 1024/1024/1024 for 5 s: CPUs %.2f %.2f %.2f%n",
                equal[0], equal[1], equal[2]);
        System.out.printf("QemuSchedulingTest shares 8192/1024/1024 for 10 s: CPUs %.2f %.2f %.2f"
                + " (favoured/mean of others %.1f)%n", weighted[0], weighted[1], weighted[2],
                weighted[0] / ((weighted[1] + weighted[2]) / 2));
        assertThat(fixture.driver().schedulerParameters(favoured.uuid()).cpuShares()).isEqualTo(8192);
        assertThat(weighted[0]).as("favoured guest's CPUs vs each other guest")
                .isGreaterThan(1.5 * weighted[1]).isGreaterThan(1.5 * weighted[2]);
        assertThat(weighted[0]).as("favoured guest gains against its equal-shares figure")
                .isGreaterThan(1.2 * equal[0]);
    }

    @Test
    void updateScheduler_globalQuota_capsUsageAndIsRemovable(GuestFixture fixture)
            throws IOException, InterruptedException {
        Guest guest = fixture.start(GuestFixture.Load.SPIN);
        List<Guest> one = List.of(guest);
        sleep(1_000);
        Map<String, DomainSample> t0 = sample(fixture.driver(), one);
        sleep(3_000);
        Map<String, DomainSample> t1 = sample(fixture.driver(), one);
        fixture.driver().updateScheduler(guest.uuid(), SchedulerUpdate.sharesAndCap(1024, 0.2), LIVE);
        SchedulerParameters capped = fixture.driver().schedulerParameters(guest.uuid());
        assertThat(capped.globalQuota()).isEqualTo(20_000);
        assertThat(capped.capCpus(1)).isEqualTo(0.2);
        assertThat(virsh(fixture.uri(), "schedinfo", guest.name())).containsPattern("global_quota\\s*: 20000");
        sleep(1_000);
        Map<String, DomainSample> t2 = sample(fixture.driver(), one);
        sleep(5_000);
        Map<String, DomainSample> t3 = sample(fixture.driver(), one);
        fixture.driver().updateScheduler(guest.uuid(), SchedulerUpdate.sharesAndCap(1024, Double.POSITIVE_INFINITY),
                LIVE);
        assertThat(fixture.driver().schedulerParameters(guest.uuid()).capCpus(1)).isInfinite();
        double free = cpus(one, t0, t1)[0];
        double limited = cpus(one, t2, t3)[0];
        System.out.printf("QemuSchedulingTest global_quota: %.2f CPUs uncapped, %.2f CPUs with a 0.20 CPU cap%n",
                free, limited);
        assertThat(limited).isLessThan(0.25).isPositive();
        assertThat(free).isGreaterThan(2 * limited);
    }
}
