package dev.hpm.core.driver;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DomainStatsDecoderTest {
    @Test
    void build_libvirtFieldNames_areDecodedAndSummed() {
        DomainSample s = new DomainStatsDecoder().begin("u-1", "web-1", 42)
                .field("state.state", 1).field("state.reason", 1)
                .field("cpu.time", 9_000).field("cpu.user", 7_000).field("cpu.system", 1_500)
                .field("vcpu.current", 2).field("vcpu.maximum", 4)
                .field("vcpu.0.state", 1).field("vcpu.0.time", 3_000).field("vcpu.0.wait", 0).field("vcpu.0.delay", 200)
                .field("vcpu.1.state", 1).field("vcpu.1.time", 5_000).field("vcpu.1.delay", 800)
                .field("balloon.current", 1_048_576).field("balloon.maximum", 2_097_152).field("balloon.rss", 900_000)
                .field("net.count", 2).field("net.0.rx.bytes", 100).field("net.0.tx.bytes", 10)
                .field("net.1.rx.bytes", 50).field("net.1.tx.bytes", 5)
                .field("block.count", 1).field("block.0.rd.bytes", 4096).field("block.0.wr.bytes", 8192)
                .field("something.new", 7)
                .build();
        assertThat(s.uuid()).isEqualTo("u-1");
        assertThat(s.timestampNanos()).isEqualTo(42);
        assertThat(s.state()).isEqualTo(DomainSample.STATE_RUNNING);
        assertThat(s.cpuTimeNanos()).isEqualTo(9_000);
        assertThat(s.vcpus()).isEqualTo(2);
        assertThat(s.vcpuMaximum()).isEqualTo(4);
        assertThat(s.usingNanos()).isEqualTo(8_000);
        assertThat(s.delayNanos()).isEqualTo(1_000);
        assertThat(s.balloonCurrentKiB()).isEqualTo(1_048_576);
        assertThat(s.balloonRssKiB()).isEqualTo(900_000);
        assertThat(s.netRxBytes()).isEqualTo(150);
        assertThat(s.netTxBytes()).isEqualTo(15);
        assertThat(s.blockReadBytes()).isEqualTo(4096);
        assertThat(s.blockWriteBytes()).isEqualTo(8192);
    }

    @Test
    void build_withoutDelayFields_reportsDelayAbsent() {
        DomainSample s = new DomainStatsDecoder().begin("u", "n", 0).field("vcpu.0.time", 5).build();
        assertThat(s.vcpuDelayNanos()).isNull();
        assertThat(s.delayNanos()).isEqualTo(DomainSample.ABSENT);
        assertThat(s.balloonCurrentKiB()).isEqualTo(DomainSample.ABSENT);
    }

    @Test
    void begin_reusedDecoder_startsClean() {
        DomainStatsDecoder d = new DomainStatsDecoder();
        for (int i = 0; i < 12; i++) {
            d.field("vcpu." + i + ".time", 1).field("vcpu." + i + ".delay", 1);
        }
        d.build();
        DomainSample second = d.begin("b", "b", 1).field("vcpu.0.time", 10).build();
        assertThat(second.vcpuTimeNanos()).containsExactly(10);
        assertThat(second.vcpuDelayNanos()).isNull();
    }

    @Test
    void field_malformedIndex_isIgnored() {
        DomainSample s = new DomainStatsDecoder().begin("u", "n", 0)
                .field("vcpu.x.time", 5).field("vcpu.99999.time", 5).field("vcpu.0.time", 1).build();
        assertThat(s.vcpuTimeNanos()).containsExactly(1);
    }
}
