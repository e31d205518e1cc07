package dev.hpm.sim.pool;

import dev.hpm.core.dwm.PowerModel;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The SPECpower tables and CloudSim's CPU division, against hand-worked numbers. */
class PowerAndShareTest {
    @Test
    void watts_specPowerTables_interpolateLinearlyBetweenSteps() {
        PowerModel g4 = PowerModel.HP_PROLIANT_ML110_G4;
        PowerModel g5 = PowerModel.HP_PROLIANT_ML110_G5;
        assertThat(g4.watts(0)).isEqualTo(86);
        assertThat(g4.watts(1)).isEqualTo(117);
        assertThat(g4.watts(0.3)).isCloseTo(96, within(1e-9));
        // 25 %: halfway between 92.6 (20 %) and 96 (30 %)
        assertThat(g4.watts(0.25)).isCloseTo(94.3, within(1e-9));
        // 2500 MIPS on a G5 (5320 MIPS): 47 % → 110 + 0.7·(116 − 110)
        assertThat(g5.watts(2500.0 / 5320)).isCloseTo(110 + (116 - 110) * (25000.0 / 5320 - 4), within(1e-9));
        assertThat(g5.watts(0.47)).isCloseTo(114.2, within(1e-9));
        assertThat(g5.idleWatts()).isEqualTo(93.7);
    }

    @Test
    void allocate_fits_eachGetsItsRequestMigrationsAdjusted() {
        double[] alloc = new double[3];
        double left = ProportionalShare.allocate(3.72, 1.86, 3, new double[]{1.0, 0.5, 1.0}, new int[]{1, 1, 1},
                new byte[]{ProportionalShare.NORMAL, ProportionalShare.OUT, ProportionalShare.IN}, 1000, alloc);
        assertThat(alloc).containsExactly(1.0, 0.45, 0.1);
        // charged: 1.0 + 0.5 (the source keeps the whole request) + 0.1 (10 % at the destination)
        assertThat(left).isCloseTo(3.72 - 1.6, within(1e-12));
        assertThat(ProportionalShare.used(0.45, ProportionalShare.OUT)).isCloseTo(0.5, within(1e-15));
    }

    @Test
    void allocate_perCpuCap_limitsOneVcpuToOneCpu() {
        double[] alloc = new double[1];
        // a 2500-MIPS VM asking 2.0 on a G4 (1860 MIPS per CPU) gets 1.86
        ProportionalShare.allocate(3.72, 1.86, 1, new double[]{2.0}, new int[]{1}, new byte[]{ProportionalShare.NORMAL}, 1000, alloc);
        assertThat(alloc[0]).isEqualTo(1.86);
    }

    @Test
    void allocate_oversubscribed_scalesAndFloorsToWholeMips() {
        double[] alloc = new double[3];
        // 1.5 + 1.5 + 1.0 = 4.0 on 3.72: scale 0.93 → 1.395, 1.395, 0.93
        double left = ProportionalShare.allocate(3.72, 1.86, 3, new double[]{1.5, 1.5, 1.0}, new int[]{1, 1, 1},
                new byte[3], 1000, alloc);
        assertThat(left).isZero();
        assertThat(alloc[0]).isCloseTo(1.395, within(1e-12));
        assertThat(alloc[2]).isCloseTo(0.93, within(1e-12));
        double[] thirds = new double[3];
        // 3 × 1.0 on 1.0: 333.33 MIPS each, floored to 333
        ProportionalShare.allocate(1.0, 1.0, 3, new double[]{1.0, 1.0, 1.0}, new int[]{1, 1, 1}, new byte[3], 1000, thirds);
        assertThat(thirds).containsExactly(0.333, 0.333, 0.333);
    }
}
