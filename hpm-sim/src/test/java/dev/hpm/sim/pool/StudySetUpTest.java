package dev.hpm.sim.pool;

import dev.hpm.sim.scenario.PoolScenario;
import dev.hpm.sim.scenario.PoolScenarioLoader;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** CloudSim's start of the study and its trace replay (cloudsim.md §4.4, §4.6). */
class StudySetUpTest {
    @Test
    void cloudSimPlacement_day20110303_givesCloudSimsHostCounts() {
        PoolScenario s = PoolScenarioLoader.load(Path.of("scenarios/planetlab-pool.yaml"), null);
        SimPool pool = new PoolScenarioRunner(s, () -> 0).pool();
        Map<Integer, Integer> hostsBySize = new TreeMap<>();
        for (int h = 0; h < pool.hostCount(); h++) {
            hostsBySize.merge(pool.vms[h].size(), 1, Integer::sum);
        }
        // cloudsim.md §4.6 (verified with a probe of allocateHostForVm): 548 hosts get 1 VM, 252 get 2
        assertThat(hostsBySize).isEqualTo(Map.of(1, 548, 2, 252));
        // type-0/1 VMs (2500, 2000 MIPS) only fit a G5's 2660-MIPS CPU at their full request
        for (int v = 0; v < 2 * 263; v++) {
            assertThat(pool.host[v] % 2).as("vm-" + v + " on a G5 (odd id)").isEqualTo(1);
        }
    }

    @Test
    void traceDemand_betweenSamples_interpolatesAsCloudSim() {
        TraceDemand d = new TraceDemand(new double[]{10, 40, 0}, 300_000_000_000L, 2.5);
        assertThat(d.utilisation(300_000_000_000L)).isEqualTo(0.4);
        // at 300.1 s: data[1] + (data[2] − data[1]) · 0.1 / 300
        assertThat(d.utilisation(300_100_000_000L)).isCloseTo(0.4 - 0.4 * 0.1 / 300, within(1e-15));
        assertThat(d.applyAsDouble(150_000_000_000L)).isCloseTo(0.25 * 2.5, within(1e-15));
        // after the last sample, the last value
        assertThat(d.utilisation(900_100_000_000L)).isZero();
    }
}
