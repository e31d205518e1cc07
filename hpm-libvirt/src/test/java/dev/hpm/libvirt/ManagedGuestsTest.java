package dev.hpm.libvirt;

import dev.hpm.core.cpu.Adjustment;
import dev.hpm.core.cpu.ShareChange;
import dev.hpm.core.loop.IntervalReport;
import dev.hpm.core.measure.SampleStatus;
import dev.hpm.core.measure.VsMeasurement;
import dev.hpm.core.model.Importance;
import dev.hpm.core.model.ManagementLevel;
import dev.hpm.core.model.ServiceDefinition;
import dev.hpm.core.model.VelocityLevel;
import dev.hpm.libvirt.fixture.GuestFixture;
import dev.hpm.libvirt.fixture.GuestFixtureExtension;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * HPM managing real QEMU guests on this host (issue 3): three spinning one-vCPU guests on two
 * cores, one of them highest/fast, two low/slow, all at the default shares.
 */
@Tag("libvirt")
@ExtendWith(GuestFixtureExtension.class)
class ManagedGuestsTest {
    static final Duration INTERVAL = Duration.ofSeconds(5);

    static ServiceDefinition goldAndBatch(GuestFixture.Guest gold, GuestFixture.Guest... batch) {
        Set<String> batchNames = new java.util.HashSet<>();
        for (GuestFixture.Guest b : batch) {
            batchNames.add(b.name());
        }
        return RealLoop.definition(
                new Object[]{"Gold", Importance.HIGHEST, VelocityLevel.FAST, Set.of(gold.name())},
                new Object[]{"Batch", Importance.LOW, VelocityLevel.SLOW, batchNames});
    }

    static String pis(IntervalReport r) {
        StringBuilder s = new StringBuilder();
        for (VsMeasurement m : r.measurement().servers()) {
            s.append(String.format(Locale.ROOT, " %s velocity %.1f PI %.2f;", m.name().replaceAll(".*-", "#"),
                    m.velocity(), m.pi()));
        }
        return s.toString();
    }

    @Test
    void manage_highestGuestReachesGoalWithinThreeIntervals_thenManagementOffRestoresShares(GuestFixture fixture)
            throws Exception {
        List<GuestFixture.Guest> guests = fixture.start(GuestFixture.Load.SPIN, 3);
        GuestFixture.Guest gold = guests.getFirst();
        long[] before = new long[3];
        for (int i = 0; i < 3; i++) {
            before[i] = RealLoop.virshShares(fixture.uri(), guests.get(i).name());
        }
        Thread.sleep(2000);
        try (RealLoop loop = new RealLoop(fixture.uri(), goldAndBatch(gold, guests.get(1), guests.get(2)),
                RealLoop.all(ManagementLevel.MANAGE), INTERVAL)) {
            loop.start();
            List<Double> goldPi = new ArrayList<>();
            for (int i = 1; i <= 5; i++) {
                IntervalReport r = loop.interval();
                goldPi.add(RealLoop.server(r, gold.name()).orElseThrow().pi());
                System.out.printf(Locale.ROOT, "ManagedGuestsTest interval %d:%s %s%n", i, pis(r),
                        r.decision().decision().summary());
            }
            assertThat(goldPi.subList(0, 3)).as("gold PI in intervals 1-3").anyMatch(pi -> pi <= 1.0);
            assertThat(goldPi.getLast()).as("gold PI stays on goal").isLessThanOrEqualTo(1.0);

            long hpmShares = loop.connection.schedulerParameters(gold.uuid()).cpuShares();
            long virsh = RealLoop.virshShares(fixture.uri(), gold.name());
            System.out.printf("ManagedGuestsTest: gold cpu_shares set by HPM %d, virsh schedinfo shows %d; before HPM %d%n",
                    hpmShares, virsh, before[0]);
            assertThat(virsh).isEqualTo(hpmShares).isGreaterThan(before[0]);
            assertThat(RealLoop.virshShares(fixture.uri(), guests.get(1).name())).isLessThan(before[1]);

            loop.levels = RealLoop.all(ManagementLevel.NONE);
            IntervalReport off = loop.interval();
            assertThat(off.applied()).extracting(ShareChange::role).containsOnly(ShareChange.Role.RESTORE);
            for (int i = 0; i < 3; i++) {
                assertThat(RealLoop.virshShares(fixture.uri(), guests.get(i).name()))
                        .as("shares of %s after management off", guests.get(i).name()).isEqualTo(before[i]);
            }
        }
    }

    @Test
    void monitor_measuresAndReportsButNeverChangesShares(GuestFixture fixture) throws Exception {
        List<GuestFixture.Guest> guests = fixture.start(GuestFixture.Load.SPIN, 3);
        Thread.sleep(2000);
        try (RealLoop loop = new RealLoop(fixture.uri(), goldAndBatch(guests.getFirst(), guests.get(1), guests.get(2)),
                RealLoop.all(ManagementLevel.MONITOR), INTERVAL)) {
            loop.start();
            for (int i = 1; i <= 3; i++) {
                IntervalReport r = loop.interval();
                System.out.printf(Locale.ROOT, "ManagedGuestsTest monitor interval %d:%s %s%n", i, pis(r),
                        r.decision().decision().summary());
                assertThat(r.applied()).isEmpty();
                assertThat(r.decision().decision()).isNotInstanceOf(Adjustment.class);
                assertThat(r.measurement().servers()).hasSize(3)
                        .allSatisfy(m -> assertThat(m.velocity()).isBetween(1.0, 100.0));
                assertThat(RealLoop.cls(r, "Gold")).hasValueSatisfying(c -> assertThat(c.pi()).isPositive());
                for (GuestFixture.Guest g : guests) {
                    assertThat(RealLoop.virshShares(fixture.uri(), g.name())).isEqualTo(1024);
                }
            }
        }
    }

    @Test
    void restart_midRun_countersStartAfreshWithoutNegativeOrAbsurdVelocity(GuestFixture fixture) throws Exception {
        List<GuestFixture.Guest> guests = fixture.start(GuestFixture.Load.SPIN, 2);
        GuestFixture.Guest restarted = guests.getFirst();
        Thread.sleep(2000);
        try (RealLoop loop = new RealLoop(fixture.uri(), goldAndBatch(restarted, guests.get(1)),
                RealLoop.all(ManagementLevel.MANAGE), INTERVAL)) {
            loop.start();
            List<IntervalReport> reports = new ArrayList<>();
            reports.add(loop.interval());
            reports.add(loop.interval());
            fixture.restart(restarted);
            for (int i = 0; i < 3; i++) {
                reports.add(loop.interval());
            }
            for (IntervalReport r : reports) {
                System.out.printf(Locale.ROOT, "ManagedGuestsTest restart interval %d:%s%n", r.interval(),
                        r.measurement().servers().stream().map(m -> " " + m.name().replaceAll(".*-", "#") + " "
                                + m.status() + " " + String.format(Locale.ROOT, "%.1f", m.velocity())).toList());
                for (VsMeasurement m : r.measurement().servers()) {
                    assertThat(m.usingCpus()).isBetween(0.0, 1.25);
                    assertThat(m.delayCpus()).isBetween(0.0, 1.25);
                    if (m.hasVelocity()) {
                        assertThat(m.velocity()).isBetween(0.0, 100.0);
                        assertThat(m.pi()).isPositive();
                    }
                }
            }
            VsMeasurement atRestart = RealLoop.server(reports.get(2), restarted.name()).orElseThrow();
            assertThat(atRestart.status()).isIn(SampleStatus.RESTARTED, SampleStatus.FIRST);
            assertThat(atRestart.hasVelocity()).isFalse();
            assertThat(RealLoop.server(reports.get(3), restarted.name()).orElseThrow().status())
                    .isEqualTo(SampleStatus.MEASURED);
            assertThat(RealLoop.server(reports.getLast(), restarted.name()).orElseThrow().hasVelocity()).isTrue();
        }
    }
}
