package dev.hpm.libvirt;

import dev.hpm.core.driver.HypervisorDriver.Affect;
import dev.hpm.core.driver.SchedulerParameters;
import dev.hpm.core.driver.SchedulerUpdate;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class SchedulerCodecTest {
    @Test
    void encode_sharesAndCap_usesLibvirtTypes() {
        assertThat(SchedulerCodec.encode(SchedulerUpdate.sharesAndCap(2048, 0.5))).containsExactly(
                new TypedParam.ULLongValue("cpu_shares", 2048),
                new TypedParam.ULLongValue("global_period", 100_000),
                new TypedParam.LLongValue("global_quota", 50_000));
    }

    @Test
    void encode_removeCap_sendsMinusOneQuota() {
        assertThat(SchedulerCodec.encode(SchedulerUpdate.sharesAndCap(512, Double.POSITIVE_INFINITY)))
                .containsExactly(new TypedParam.ULLongValue("cpu_shares", 512),
                        new TypedParam.LLongValue("global_quota", -1));
    }

    @Test
    void decode_qemuParameters_areRead() {
        List<TypedParam> qemu = List.of(new TypedParam.ULLongValue("cpu_shares", 1024),
                new TypedParam.ULLongValue("vcpu_period", 100_000), new TypedParam.LLongValue("vcpu_quota", -1),
                new TypedParam.ULLongValue("emulator_period", 100_000),
                new TypedParam.ULLongValue("global_period", 50_000), new TypedParam.LLongValue("global_quota", 20_000));
        assertThat(SchedulerCodec.decode(qemu)).isEqualTo(new SchedulerParameters(1024, 100_000, -1, 50_000, 20_000));
    }

    @Test
    void decode_absentParameters_takeDefaults() {
        assertThat(SchedulerCodec.decode(List.of(new TypedParam.UIntValue("weight", 50))))
                .isEqualTo(SchedulerParameters.defaults());
    }

    @Test
    void affectFlags_sets_mapToLibvirtBits() {
        assertThat(SchedulerCodec.affectFlags(Set.of())).isZero();
        assertThat(SchedulerCodec.affectFlags(EnumSet.of(Affect.LIVE))).isEqualTo(1);
        assertThat(SchedulerCodec.affectFlags(EnumSet.of(Affect.LIVE, Affect.CONFIG))).isEqualTo(3);
    }
}
