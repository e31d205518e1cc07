package dev.hpm.core.cpu;

import dev.hpm.core.measure.Completions;
import dev.hpm.core.model.ClassInfo;
import dev.hpm.core.model.Goal;
import dev.hpm.core.model.Importance;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

import static dev.hpm.core.cpu.Views.discretionary;
import static dev.hpm.core.cpu.Views.responseTime;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The CPU manager with a class whose goal is "90 % of requests within 200 ms" (docs/cpu-manager.md). */
class ResponseTimeManagerTest {
    static final ClassInfo WEB = responseTime("web", Importance.HIGH, new Goal.PercentileResponseTime(90, 200));
    static final ClassInfo BATCH = discretionary("batch");
    final CpuManager manager = new CpuManager(CpuManagerSettings.DEFAULT);

    static Completions requests(int n, double millis) {
        double[] times = new double[n];
        Arrays.fill(times, millis);
        return Completions.of(times);
    }

    /** 2 CPUs: web wants 2, batch wants 2, equal shares: web gets 1 CPU. */
    static Views contended(Completions web) {
        return new Views(2).vs("web-1", WEB, 2, 1024, 2.0, web).vs("batch-1", BATCH, 2, 1024, 2.0);
    }

    @Test
    void decide_latencyAboveTheGoal_classIsTheReceiverAndBatchDonates() {
        HostView view = contended(requests(100, 400)).build();
        assertThat(view.classes().get(WEB.key()).pi()).isCloseTo(2.0, within(0.1));

        HostDecision d = manager.decide(view, new ShareLedger(), 1);

        Adjustment a = (Adjustment) d.decision();
        assertThat(a.receiver().serviceClass()).isEqualTo(WEB.key());
        assertThat(a.receiver().piBefore()).isCloseTo(2.0, within(0.1));
        assertThat(a.reason()).startsWith("g/web (high, goal p90 200ms) missed its goal with PI %.2f".formatted(
                        a.receiver().piBefore()))
                .contains("from g/batch (discretionary)");
        Map<String, ShareChange> changes = d.changes().stream().collect(Collectors.toMap(ShareChange::name, c -> c));
        assertThat(changes.get("web-1").sharesAfter()).isGreaterThan(1024);
        assertThat(changes.get("batch-1").sharesAfter()).isLessThan(1024);
    }

    @Test
    void decide_projectedPi_followsTheCpuStretchModel() {
        HostView view = contended(requests(100, 400)).build();
        HostDecision d = manager.decide(view, new ShareLedger(), 1);
        Adjustment a = (Adjustment) d.decision();
        Map<String, Long> after = d.changes().stream().collect(Collectors.toMap(ShareChange::name, ShareChange::sharesAfter));
        double[] now = new CfsProjection().allocate(2, new double[]{1024, 1024}, new double[]{2, 2});
        double[] then = new CfsProjection().allocate(2, new double[]{after.get("web-1"), after.get("batch-1")},
                new double[]{2, 2});

        // PI' = PI · allocation now / allocation projected
        assertThat(a.receiver().piProjected())
                .isCloseTo(a.receiver().piBefore() * now[0] / then[0], within(1e-6))
                .isLessThan(a.receiver().piBefore());
    }

    @Test
    void decide_latencyWithinTheGoal_noReceiver() {
        HostDecision d = manager.decide(contended(requests(100, 100)).build(), new ShareLedger(), 1);

        assertThat(d.decision()).isInstanceOf(NoAction.class);
        assertThat(((NoAction) d.decision()).reason()).isEqualTo(NoAction.Reason.GOALS_MET);
    }

    @Test
    void decide_tooFewCompletions_noPiAndNoReceiver() {
        HostView view = contended(requests(5, 400)).build();

        assertThat(view.classes().get(WEB.key()).pi()).isNaN();
        assertThat(((NoAction) manager.decide(view, new ShareLedger(), 1).decision()).reason())
                .isEqualTo(NoAction.Reason.GOALS_MET);
    }

    @Test
    void decide_serverGetsItsWholeDemand_moreSharesProjectNoGain() {
        // 4 CPUs, web wants 2 and gets 2: slow for another reason than CPU, more shares cannot help
        HostView view = new Views(4).vs("web-1", WEB, 2, 1024, 2.0, requests(100, 400))
                .vs("batch-1", BATCH, 2, 1024, 1.0).build();

        NoAction n = (NoAction) manager.decide(view, new ShareLedger(), 1).decision();

        assertThat(n.assessed()).hasSize(1);
        assertThat(n.assessed().getFirst().receiver().serviceClass()).isEqualTo(WEB.key());
        assertThat(n.reason()).isEqualTo(NoAction.Reason.NO_MATERIAL_IMPROVEMENT);
        assertThat(n.assessed().getFirst().receiver().piBefore()).isCloseTo(2.0, within(0.1));
        assertThat(n.message()).startsWith("g/web misses its goal (PI %.2f) but the best move improves its projected PI"
                .formatted(n.assessed().getFirst().receiver().piBefore()));
    }

    @Test
    void decide_oneSlowServerOfTwo_theSlowOneGetsTheShares() {
        // 3 CPUs, web-1 and web-2 want 2 each, batch 2: everybody gets 1; only web-1 is slow
        HostView view = new Views(3).vs("web-1", WEB, 2, 1024, 2.0, requests(100, 400))
                .vs("web-2", WEB, 2, 1024, 2.0, requests(100, 100)).vs("batch-1", BATCH, 2, 1024, 2.0).build();

        HostDecision d = manager.decide(view, new ShareLedger(), 1);

        Map<String, ShareChange> changes = d.changes().stream().collect(Collectors.toMap(ShareChange::name, c -> c));
        assertThat(((Adjustment) d.decision()).receiver().piBefore()).isCloseTo(2.0, within(0.1));
        assertThat(changes.get("web-1").sharesAfter()).isGreaterThan(1024);
        assertThat(changes).doesNotContainKey("web-2");
        assertThat(changes.get("batch-1").sharesAfter()).isLessThan(1024);
    }
}
