package dev.hpm.sim.pool;

import dev.hpm.core.dwm.DwmPolicy;
import dev.hpm.sim.scenario.PoolScenario;
import dev.hpm.sim.scenario.PoolScenarioLoader;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Point 2 of issue 9: on scenarios/planetlab-pool.yaml (CloudSim's rules) with each shared day's
 * traces, {@code hpm} with its one set of defaults ({@link DwmPolicy#DEFAULT}: the scenario has no
 * {@code dwm} section) beats CloudSim's best: energy below LR-MMT 1.2, SLAV below THR-MMT 0.8, at
 * most half of LR-MMT's migrations (table B of ../shared/data/planetlab/cloudsim.md); and no
 * server migrates more than twice in any hour (point 7). About two seconds per day.
 */
class HpmStudyTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "20110303, 163.4772, 3.1758e-05, 27859",
            "20110306, 123.2842, 3.5960e-05, 20878",
            "20110309, 142.0937, 4.0516e-05, 24959"})
    void hpm_sharedDay_beatsCloudSimsBest(String day, double lrEnergyKwh, double thrSlav, int lrMigrations) {
        PoolScenario scenario = PoolScenarioLoader.load(Path.of("scenarios/planetlab-pool.yaml"),
                Path.of("../shared/data/planetlab", day));
        PoolResult r = new PoolScenarioRunner(scenario, System::nanoTime).run("hpm");
        System.out.printf(Locale.ROOT, "%s hpm: %.2f kWh, %d migrations, SLATAH %.3f %%, PDM %.4f %%, SLAV %.5f %%, "
                        + "ESV %.3e, max %d per server-hour, planner %.1f ms mean %.1f max, mean active %.1f%n", day,
                r.energyKwh(), r.migrations(), 100 * r.slatah(), 100 * r.pdm(), 100 * r.slav(), r.esv(),
                r.maxMigrationsPerServerHour(), r.plannerMeanMs(), r.plannerMaxMs(), r.meanActiveHosts());
        assertThat(r.energyKwh()).as("energy kWh").isLessThan(lrEnergyKwh);
        assertThat(r.slav()).as("SLAV").isLessThan(thrSlav);
        assertThat(r.migrations()).as("migrations").isLessThanOrEqualTo(lrMigrations / 2);
        assertThat(r.maxMigrationsPerServerHour()).as("most migrations of one server in an hour").isLessThanOrEqualTo(2);
    }
}
