package dev.hpm.libvirt;

import dev.hpm.core.cpu.CpuManagerSettings;
import dev.hpm.core.cpu.ShareChange;
import dev.hpm.core.loop.IntervalReport;
import dev.hpm.core.model.ManagementLevel;
import dev.hpm.libvirt.fixture.GuestFixture;
import dev.hpm.libvirt.fixture.GuestFixtureExtension;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CPU manager's plan strategy on real QEMU guests (docs/cpu-manager.md, "The plan strategy"): three
 * spinning one-vCPU guests on two cores, one highest/fast, two low/slow, from the default shares, which
 * the plan strategy sets by importance when it starts (4096 and 1448). The plan must bring the highest
 * guest to its goal as the receiver strategy does (ManagedGuestsTest), keep it there on a real host's
 * noisy measurements, and then leave the shares alone.
 */
@Tag("libvirt")
@ExtendWith(GuestFixtureExtension.class)
class PlanGuestsTest {
    static final Duration INTERVAL = Duration.ofSeconds(5);
    static final int INTERVALS = 10;

    @Test
    void manage_planStrategy_highestGuestOnGoalWithinThreeIntervals_thenSharesStay(GuestFixture fixture) throws Exception {
        List<GuestFixture.Guest> guests = fixture.start(GuestFixture.Load.SPIN, 3);
        GuestFixture.Guest gold = guests.getFirst();
        Thread.sleep(2000);
        CpuManagerSettings plan = CpuManagerSettings.DEFAULT.withStrategy(CpuManagerSettings.Strategy.PLAN);
        try (RealLoop loop = new RealLoop(fixture.uri(), ManagedGuestsTest.goldAndBatch(gold, guests.get(1), guests.get(2)),
                RealLoop.all(ManagementLevel.MANAGE), INTERVAL, dev.hpm.libvirt.HostConnection.Settings.defaults(), plan)) {
            loop.start();
            List<Double> goldPi = new ArrayList<>();
            Map<String, Integer> direction = new HashMap<>();
            int reversals = 0;
            int changesAfterFive = 0;
            for (int i = 1; i <= INTERVALS; i++) {
                IntervalReport r = loop.interval();
                goldPi.add(RealLoop.server(r, gold.name()).orElseThrow().pi());
                System.out.printf(Locale.ROOT, "PlanGuestsTest interval %d:%s %s%n", i, ManagedGuestsTest.pis(r),
                        r.decision().decision().summary());
                for (ShareChange c : r.applied()) {
                    int d = Long.compare(c.sharesAfter(), c.sharesBefore());
                    if (c.role() == ShareChange.Role.INITIAL) {
                        assertThat(c.sharesAfter()).as("%s's start", c.name()).isEqualTo(c.name().equals(gold.name()) ? 4096 : 1448);
                    } else if (d != 0) {
                        Integer previous = direction.put(c.uuid(), d);
                        reversals += previous != null && previous != d ? 1 : 0;
                        changesAfterFive += i > 5 ? 1 : 0;
                    }
                }
            }
            System.out.printf(Locale.ROOT, "PlanGuestsTest: gold PI %s; share reversals %d; share changes in intervals 6-%d: %d%n",
                    goldPi.stream().map(pi -> String.format(Locale.ROOT, "%.2f", pi)).toList(), reversals, INTERVALS,
                    changesAfterFive);
            assertThat(goldPi.subList(0, 3)).as("gold PI in intervals 1-3").anyMatch(pi -> pi <= 1.0);
            assertThat(goldPi.subList(5, INTERVALS)).as("gold PI in intervals 6-%d", INTERVALS).allMatch(pi -> pi <= 1.0);
            assertThat(RealLoop.virshShares(fixture.uri(), gold.name()))
                    .isGreaterThan(RealLoop.virshShares(fixture.uri(), guests.get(1).name()));
            // steady: at most one change of direction per guest over the run
            assertThat(reversals).as("share reversals over %d intervals", INTERVALS).isLessThanOrEqualTo(guests.size());
        }
    }
}
