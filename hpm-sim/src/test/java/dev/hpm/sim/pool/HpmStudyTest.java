package dev.hpm.sim.pool;

import dev.hpm.core.dwm.DwmPolicy;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Point 2 of issue 9: with its one set of defaults ({@link DwmPolicy#DEFAULT}), {@code hpm} beats
 * CloudSim's best on every shared day: energy below LR-MMT 1.2, SLAV below THR-MMT 0.8, at most
 * half of LR-MMT's migrations (table B of ../shared/data/planetlab/cloudsim.md); and no server
 * migrates more than twice in any hour (point 7).
 */
class HpmStudyTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "20110303, 163.4772, 3.1758e-05, 27859",
            "20110306, 123.2842, 3.5960e-05, 20878",
            "20110309, 142.0937, 4.0516e-05, 24959"})
    void hpm_sharedDay_beatsCloudSimsBest(String day, double lrEnergyKwh, double thrSlav, int lrMigrations) {
        SimPool pool = PlanetLabStudy.pool(Path.of("../shared/data/planetlab", day), 800, i -> null);
        PoolRun.Outcome o = new PoolRun(pool, DwmStudyPlanners.create("hpm", DwmPolicy.DEFAULT, PoolRules.cloudSim())
                .orElseThrow(), PoolEvents.NONE, System::nanoTime).run(PlanetLabStudy.FIRST_DECISION_NANOS,
                PlanetLabStudy.INTERVAL_NANOS, PlanetLabStudy.END_NANOS);
        PoolMetrics m = o.metrics();
        System.out.printf(Locale.ROOT, "%s hpm: %.2f kWh, %d migrations, SLATAH %.3f %%, PDM %.4f %%, SLAV %.5f %%, "
                        + "ESV %.3e, max %d per server-hour, planner %.1f ms mean %.1f max, mean active %.1f%n", day,
                m.energyKwh(), m.migrations(), 100 * m.slatah(), 100 * m.pdm(), 100 * m.slav(), m.esv(),
                o.maxMigrationsPerServerHour(), o.plannerMeanMs(), o.plannerMaxMs(), m.meanActiveHosts(86_400));
        assertThat(m.energyKwh()).as("energy kWh").isLessThan(lrEnergyKwh);
        assertThat(m.slav()).as("SLAV").isLessThan(thrSlav);
        assertThat(m.migrations()).as("migrations").isLessThanOrEqualTo(lrMigrations / 2);
        assertThat(o.maxMigrationsPerServerHour()).as("most migrations of one server in an hour").isLessThanOrEqualTo(2);
    }
}
