package dev.hpm.core.measure;

import dev.hpm.core.driver.DomainSample;
import dev.hpm.core.driver.DomainStatsDecoder;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MeasurerTest {
    static final long SECOND = 1_000_000_000L;
    static final long INTERVAL = 10 * SECOND;

    /** A two-vCPU domain's counters at time {@code t} seconds. */
    static DomainSample sample(String uuid, long t, long cpu, long[] time, long[] delay) {
        DomainStatsDecoder d = new DomainStatsDecoder().begin(uuid, "vm-" + uuid, t * SECOND)
                .field("state.state", 1).field("cpu.time", cpu).field("vcpu.current", time.length);
        for (int i = 0; i < time.length; i++) {
            d.field("vcpu." + i + ".time", time[i]);
            if (delay != null) {
                d.field("vcpu." + i + ".delay", delay[i]);
            }
        }
        return d.build();
    }

    @Test
    void update_firstSampleIsBaseline_secondGivesDeltas() {
        Measurer m = new Measurer(MeasurementSettings.DEFAULT);
        VsDelta first = m.update(List.of(sample("a", 0, 5 * SECOND, new long[]{2 * SECOND, 3 * SECOND},
                new long[]{SECOND, 0})), INTERVAL).getFirst();
        assertThat(first.status()).isEqualTo(SampleStatus.FIRST);

        // over 10 s: vCPU0 ran 6 s and waited 3 s, vCPU1 ran 4 s and waited 1 s
        VsDelta next = m.update(List.of(sample("a", 10, 16 * SECOND, new long[]{8 * SECOND, 7 * SECOND},
                new long[]{4 * SECOND, SECOND})), INTERVAL).getFirst();
        assertThat(next.status()).isEqualTo(SampleStatus.MEASURED);
        assertThat(next.elapsedNanos()).isEqualTo(10 * SECOND);
        assertThat(next.usingNanos()).isEqualTo(10 * SECOND);
        assertThat(next.delayNanos()).isEqualTo(4 * SECOND);
        assertThat(next.cpuTimeNanos()).isEqualTo(11 * SECOND);
    }

    @Test
    void update_counterGoesBackwards_isRestartNotData() {
        Measurer m = new Measurer(MeasurementSettings.DEFAULT);
        m.update(List.of(sample("a", 0, 50 * SECOND, new long[]{40 * SECOND}, new long[]{9 * SECOND})), INTERVAL);
        VsDelta restarted = m.update(List.of(sample("a", 10, SECOND, new long[]{SECOND / 2}, new long[]{0})), INTERVAL)
                .getFirst();
        assertThat(restarted.status()).isEqualTo(SampleStatus.RESTARTED);
        assertThat(restarted.usingNanos()).isZero();

        VsDelta after = m.update(List.of(sample("a", 20, 6 * SECOND, new long[]{5 * SECOND}, new long[]{SECOND})), INTERVAL)
                .getFirst();
        assertThat(after.status()).isEqualTo(SampleStatus.MEASURED);
        assertThat(after.usingNanos()).isEqualTo(4_500_000_000L);
        assertThat(after.delayNanos()).isEqualTo(SECOND);
    }

    @Test
    void update_longGap_isDiscardedNotAveraged() {
        Measurer m = new Measurer(MeasurementSettings.DEFAULT);
        m.update(List.of(sample("a", 0, 0, new long[]{0}, new long[]{0})), INTERVAL);
        VsDelta gap = m.update(List.of(sample("a", 60, 30 * SECOND, new long[]{30 * SECOND}, new long[]{0})), INTERVAL)
                .getFirst();
        assertThat(gap.status()).isEqualTo(SampleStatus.GAP);
        VsDelta next = m.update(List.of(sample("a", 70, 35 * SECOND, new long[]{35 * SECOND}, new long[]{SECOND})), INTERVAL)
                .getFirst();
        assertThat(next.status()).isEqualTo(SampleStatus.MEASURED);
        assertThat(next.usingNanos()).isEqualTo(5 * SECOND);
    }

    @Test
    void update_moreCpuThanVcpusCouldUse_isInconsistent() {
        Measurer m = new Measurer(MeasurementSettings.DEFAULT);
        m.update(List.of(sample("a", 0, 0, new long[]{0}, new long[]{0})), INTERVAL);
        VsDelta bad = m.update(List.of(sample("a", 10, 10 * SECOND, new long[]{10 * SECOND}, new long[]{8 * SECOND})),
                INTERVAL).getFirst();
        assertThat(bad.status()).isEqualTo(SampleStatus.INCONSISTENT);
    }

    @Test
    void update_noDelayCounter_measuresUsingButIsNotData() {
        Measurer m = new Measurer(MeasurementSettings.DEFAULT);
        m.update(List.of(sample("a", 0, 0, new long[]{0}, null)), INTERVAL);
        VsDelta d = m.update(List.of(sample("a", 10, 4 * SECOND, new long[]{4 * SECOND}, null)), INTERVAL).getFirst();
        assertThat(d.status()).isEqualTo(SampleStatus.NO_DELAY_COUNTER);
        assertThat(d.status().isData()).isFalse();
        assertThat(d.usingNanos()).isEqualTo(4 * SECOND);
    }

    @Test
    void update_vanishedDomain_isForgottenAndStartsAfreshWhenBack() {
        Measurer m = new Measurer(MeasurementSettings.DEFAULT);
        m.update(List.of(sample("a", 0, 0, new long[]{0}, new long[]{0})), INTERVAL);
        m.update(List.of(), INTERVAL);
        VsDelta back = m.update(List.of(sample("a", 20, 9 * SECOND, new long[]{9 * SECOND}, new long[]{0})), INTERVAL)
                .getFirst();
        assertThat(back.status()).isEqualTo(SampleStatus.FIRST);
    }

    @Test
    void update_pausedDomain_isNotRunning() {
        Measurer m = new Measurer(MeasurementSettings.DEFAULT);
        DomainSample paused = new DomainStatsDecoder().begin("p", "paused", 0).field("state.state", 3).build();
        assertThat(m.update(List.of(paused), INTERVAL).getFirst().status()).isEqualTo(SampleStatus.NOT_RUNNING);
    }
}
