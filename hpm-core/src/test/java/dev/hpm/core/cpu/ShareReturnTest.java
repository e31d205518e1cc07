package dev.hpm.core.cpu;

import dev.hpm.core.model.ClassInfo;
import dev.hpm.core.model.Importance;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import static dev.hpm.core.cpu.CpuManagerTest.byName;
import static dev.hpm.core.cpu.Views.cls;
import static org.assertj.core.api.Assertions.assertThat;

/** Share return (docs/cpu-manager.md, "Share return"): {@link ShareReturn} through {@link CpuManager}. */
class ShareReturnTest {
    static final CpuManagerSettings S = CpuManagerSettings.DEFAULT;
    static final ClassInfo GOLD = cls("gold", Importance.HIGHEST, 70);
    static final ClassInfo MID = cls("mid", Importance.MEDIUM, 50);
    static final ClassInfo LOW = cls("low", Importance.LOW, 50);
    static final double INF = Double.POSITIVE_INFINITY;
    final CpuManager manager = new CpuManager(S);

    /** A ledger in which HPM moved {@code server} from {@code before} to {@code after} shares in {@code interval}. */
    static void moved(ShareLedger ledger, String server, ClassInfo c, long before, long after, long interval) {
        ledger.applied(new ShareChange(server, server, c.key(), after > before ? ShareChange.Role.RECEIVER
                : ShareChange.Role.DONOR, before, after, INF, INF), interval);
    }

    /** Gold was raised from 1024 to 4096 and low lowered from 1024 to 512 in interval 1. */
    static ShareLedger goldTookFromLow() {
        ShareLedger ledger = new ShareLedger();
        moved(ledger, "gold-1", GOLD, 1024, 4096, 1);
        moved(ledger, "gold-2", GOLD, 1024, 4096, 1);
        moved(ledger, "low-1", LOW, 1024, 512, 1);
        moved(ledger, "low-2", LOW, 1024, 512, 1);
        return ledger;
    }

    /**
     * 4 CPUs, 4 CPUs of demand: everybody gets what it wants, gold at velocity 100 (PI 0.70); gold gets its whole
     * vCPU even if it wants it all.
     */
    static HostView quiet() {
        return new Views(4).vs("gold-1", GOLD, 1, 4096, 0.5).vs("gold-2", GOLD, 1, 4096, 0.5)
                .vs("low-1", LOW, 2, 512, 1.5).vs("low-2", LOW, 2, 512, 1.5).build();
    }

    @Test
    void decide_receiverOnGoalForKIntervals_returnsABoundedStepToTheDonorBelowItsShares() {
        HostDecision d = manager.decide(quiet(), goldTookFromLow(), 1 + S.returnAfterIntervals() + 1);

        Adjustment a = (Adjustment) d.decision();
        Map<String, ShareChange> c = byName(d);
        // a step of at most returnStepFactor (2): 512 -> 1024, never past the 1024 from before HPM
        assertThat(c.get("low-1").sharesAfter()).isEqualTo(1024);
        assertThat(c.get("low-1").role()).isEqualTo(ShareChange.Role.RECEIVER);
        // as many shares leave gold as reach low, and gold stays above its 1024
        assertThat(c.get("gold-1").sharesAfter()).isEqualTo(4096 - 512);
        assertThat(c.get("gold-1").role()).isEqualTo(ShareChange.Role.DONOR);
        assertThat(a.receiver().serviceClass()).isEqualTo(LOW.key());
        assertThat(a.donors()).singleElement().satisfies(g -> {
            assertThat(g.serviceClass()).isEqualTo(GOLD.key());
            assertThat(g.piProjected()).isLessThanOrEqualTo(S.returnPi());
        });
        assertThat(a.reason()).startsWith("g/gold (highest, velocity goal 70) beat its goal with PI 0.70")
                .contains("returned 1024 shares to g/low (low, PI 0.50) from g/gold; projected PI 0.70 for g/gold");
    }

    @Test
    void decide_receiverRaisedWithinKIntervals_returnsNothing() {
        HostDecision d = manager.decide(quiet(), goldTookFromLow(), 1 + S.returnAfterIntervals());

        assertThat(d.decision()).isInstanceOfSatisfying(NoAction.class,
                n -> assertThat(n.reason()).isEqualTo(NoAction.Reason.GOALS_MET));
        assertThat(d.changes()).isEmpty();
    }

    @Test
    void decide_donorLoweredInTheLastIntervals_getsNothingBack() {
        ShareLedger ledger = goldTookFromLow();
        long now = 1 + S.returnAfterIntervals() + 1;
        moved(ledger, "low-1", LOW, 768, 512, now - S.returnHoldIntervals());
        moved(ledger, "low-2", LOW, 768, 512, now - S.returnHoldIntervals());

        HostDecision d = manager.decide(quiet(), ledger, now);

        assertThat(d.decision()).isInstanceOf(NoAction.class);
        assertThat(d.changes()).isEmpty();
    }

    @Test
    void decide_returnWouldPushTheReceiverAboveTheReturnPi_isNotMade() {
        // gold gets 4 * 1024 / 2324 = 1.76 of the 2 CPUs it wants (PI 0.79); a return of the smallest step (5 % of
        // low's shares) would leave it 1.71 (PI 0.82)
        ShareLedger ledger = new ShareLedger();
        moved(ledger, "gold-1", GOLD, 512, 1024, 1);
        moved(ledger, "low-1", LOW, 2048, 1300, 1);
        HostView view = new Views(4).vs("gold-1", GOLD, 2, 1024, 2).vs("low-1", LOW, 3, 1300, 3).build();
        assertThat(view.classes().get(GOLD.key()).worstServerPi()).isBetween(0.79, S.returnPi());

        HostDecision d = manager.decide(view, ledger, 20);

        assertThat(d.decision()).isInstanceOf(NoAction.class);
        assertThat(d.changes()).isEmpty();
    }

    @Test
    void decide_returnWouldSqueezeAMoreImportantClassAtFullAppetite_isNotMade() {
        // mid holds shares it was given and low is below its old shares; nobody is short now (3 CPUs of demand on 4),
        // but gold, wanting all its 4 vCPUs, would get 2.4 CPUs (PI 1.17) now and 2.2 (PI 1.28) after the return
        ShareLedger ledger = new ShareLedger();
        moved(ledger, "mid-1", MID, 1024, 4096, 1);
        moved(ledger, "low-1", LOW, 1024, 256, 1);
        HostView view = new Views(4).vs("gold-1", GOLD, 4, 1024, 0.5).vs("mid-1", MID, 1, 4096, 0.5)
                .vs("low-1", LOW, 2, 256, 2).build();

        HostDecision d = manager.decide(view, ledger, 20);

        assertThat(d.decision()).isInstanceOf(NoAction.class);
        assertThat(d.changes()).isEmpty();
        // the same host without gold: mid returns shares to low
        HostView alone = new Views(4).vs("mid-1", MID, 1, 4096, 0.5).vs("low-1", LOW, 2, 256, 2).build();
        assertThat(manager.decide(alone, ledger, 20).decision()).isInstanceOf(Adjustment.class);
    }

    @Test
    void decide_discretionaryDonorBelowItsShares_getsNothingBack() {
        ClassInfo batch = Views.discretionary("batch");
        ShareLedger ledger = new ShareLedger();
        moved(ledger, "gold-1", GOLD, 1024, 4096, 1);
        moved(ledger, "batch-1", batch, 1024, 256, 1);
        HostView view = new Views(4).vs("gold-1", GOLD, 1, 4096, 0.5).vs("batch-1", batch, 2, 256, 1).build();

        HostDecision d = manager.decide(view, ledger, 20);

        assertThat(d.decision()).isInstanceOf(NoAction.class);
        assertThat(d.changes()).isEmpty();
    }

    @Test
    void find_donorsMissingTheirGoal_areReturnedToBeforeThoseOnGoal() {
        // low misses its goal (it gets 1 of the 3 CPUs each server wants), mid is on goal below its old shares and
        // takes the CPU low gets back with the shares
        ShareLedger ledger = goldTookFromLow();
        moved(ledger, "mid-1", MID, 1024, 512, 1);
        HostView view = new Views(4).vs("gold-1", GOLD, 1, 4096, 0.5).vs("gold-2", GOLD, 1, 4096, 0.5)
                .vs("mid-1", MID, 1, 512, 1).vs("low-1", LOW, 3, 512, 3).vs("low-2", LOW, 3, 512, 3).build();
        assertThat(view.classes().get(LOW.key()).missesGoal()).isTrue();
        double[] caps = {INF, INF, INF, INF, INF};

        Adjustment a = ShareReturn.find(S, view, new Projection(view, caps), ledger, 10, caps);

        assertThat(a).isNotNull();
        assertThat(a.receiver().serviceClass()).isEqualTo(LOW.key());
        assertThat(a.changes()).extracting(ShareChange::name).containsExactlyInAnyOrder("gold-1", "gold-2", "low-1", "low-2");
        assertThat(a.receiver().piBefore()).isEqualTo(1.5, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(a.receiver().piProjected()).isLessThan(1.4);
    }

    @Test
    void decide_steadyDemandOverManyIntervals_returnsGraduallyAndNeverReverses() {
        // contention: 5.4 CPUs of demand on 4; gold (1.2 each) is at velocity 100 under 4096 shares, low on goal;
        // returns stop where gold, if it wanted both its vCPUs, would reach the return PI
        Map<String, Long> shares = new LinkedHashMap<>(Map.of("gold-1", 4096L, "gold-2", 4096L, "low-1", 256L, "low-2", 256L));
        ShareLedger ledger = new ShareLedger();
        moved(ledger, "gold-1", GOLD, 1024, 4096, 0);
        moved(ledger, "gold-2", GOLD, 1024, 4096, 0);
        moved(ledger, "low-1", LOW, 1024, 256, 0);
        moved(ledger, "low-2", LOW, 1024, 256, 0);
        Map<String, Integer> direction = new HashMap<>();
        int reversals = 0;
        int returns = 0;
        long lastChange = 0;
        HostView view = null;
        for (long interval = 1; interval <= 60; interval++) {
            view = new Views(4).vs("gold-1", GOLD, 2, shares.get("gold-1"), 1.2).vs("gold-2", GOLD, 2, shares.get("gold-2"), 1.2)
                    .vs("low-1", LOW, 2, shares.get("low-1"), 1.5).vs("low-2", LOW, 2, shares.get("low-2"), 1.5).build();
            HostDecision d = manager.decide(view, ledger, interval);
            returns += d.decision() instanceof Adjustment a && a.reason().contains("returned") ? 1 : 0;
            for (ShareChange c : d.changes()) {
                lastChange = interval;
                ledger.applied(c, interval);
                shares.put(c.name(), c.sharesAfter());
                Integer before = direction.put(c.name(), Long.compare(c.sharesAfter(), c.sharesBefore()));
                reversals += before != null && before != Long.compare(c.sharesAfter(), c.sharesBefore()) ? 1 : 0;
            }
        }
        assertThat(returns).as("returns made, a bounded step each").isGreaterThan(1);
        assertThat(reversals).isZero();
        assertThat(lastChange).as("settled: no change in the last 30 intervals").isLessThanOrEqualTo(30);
        assertThat(shares.get("low-1")).isGreaterThan(256).isLessThan(1024);
        assertThat(shares.get("gold-1")).isLessThanOrEqualTo(4096).isGreaterThanOrEqualTo(1024);
        assertThat(view.classes().get(GOLD.key()).worstServerPi()).isLessThanOrEqualTo(S.returnPi() + 1e-6);
        assertThat(view.classes().get(LOW.key()).missesGoal()).isFalse();
    }
}
