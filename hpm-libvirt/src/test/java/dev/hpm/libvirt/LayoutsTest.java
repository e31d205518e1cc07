package dev.hpm.libvirt;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The structure sizes and offsets libvirt 9.x's headers imply on x86_64 (LP64). */
class LayoutsTest {
    @Test
    void typedParameter_matchesHeader() {
        assertThat(Layouts.TP_SIZE).isEqualTo(96);
        assertThat(Layouts.TP_TYPE).isEqualTo(80);
        assertThat(Layouts.TP_VALUE).isEqualTo(88);
    }

    @Test
    void statsRecord_matchesHeader() {
        assertThat(Layouts.STATS_RECORD.byteSize()).isEqualTo(24);
        assertThat(Layouts.SR_DOM).isZero();
        assertThat(Layouts.SR_PARAMS).isEqualTo(8);
        assertThat(Layouts.SR_NPARAMS).isEqualTo(16);
    }

    @Test
    void nodeStructs_matchHeader() {
        assertThat(Layouts.NODE_INFO.byteSize()).isEqualTo(64);
        assertThat(Layouts.offset(Layouts.NODE_INFO, "memory")).isEqualTo(32);
        assertThat(Layouts.offset(Layouts.NODE_INFO, "threads")).isEqualTo(60);
        assertThat(Layouts.NODE_CPU_STATS.byteSize()).isEqualTo(88);
        assertThat(Layouts.NCS_VALUE).isEqualTo(80);
    }

    @Test
    void domainInfoAndError_matchHeader() {
        assertThat(Layouts.DOMAIN_INFO.byteSize()).isEqualTo(40);
        assertThat(Layouts.offset(Layouts.DOMAIN_INFO, "nrVirtCpu")).isEqualTo(24);
        assertThat(Layouts.offset(Layouts.DOMAIN_INFO, "cpuTime")).isEqualTo(32);
        assertThat(Layouts.ERR_CODE).isZero();
        assertThat(Layouts.ERR_MESSAGE).isEqualTo(8);
    }
}
