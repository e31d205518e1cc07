package dev.hpm.sim.run;

import dev.hpm.core.pool.DwmRecords;

import java.util.List;

/**
 * How one pool policy did on a scenario with a DWM pool, run by {@link DwmScenarioRunner}.
 *
 * @param cpu               the CPU-manager figures (attainment per importance level…) of the run
 * @param energyKwh         energy the hosts drew
 * @param migrations        live migrations completed
 * @param failedMigrations  live migrations that failed
 * @param topMissedIntervals intervals in which a server of the most important level with a goal missed it
 * @param mustViolations    server-intervals in which a must rule was broken
 * @param plans             every plan with actions and what became of it (empty for {@code none})
 * @param intervals         every interval of DWM: why it did nothing, maintenance progress, planner time
 * @param plannerMeanMs     the planner's time per interval, mean
 * @param plannerMaxMs      and maximum
 */
public record DwmResult(String policy, PolicyResult cpu, double energyKwh, int migrations, int failedMigrations,
                        int topMissedIntervals, int mustViolations, List<DwmRecords.PlanRecord> plans,
                        List<DwmRecords.IntervalRecord> intervals, double plannerMeanMs, double plannerMaxMs) {
    public DwmResult {
        plans = List.copyOf(plans);
        intervals = List.copyOf(intervals);
    }
}
