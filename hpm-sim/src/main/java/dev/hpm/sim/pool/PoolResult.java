package dev.hpm.sim.pool;

import dev.hpm.core.model.Importance;

import java.util.Map;

/**
 * How one pool policy did on one pool scenario, with CloudSim 3.0.3's measures (fractions, not
 * percentages) and HPM's goal attainment.
 *
 * @param attainment         per importance level, the share of server-intervals with PI ≤ 1
 * @param plannerMeanMs      the planner's time per interval, mean (ms)
 * @param plannerMaxMs       and maximum
 * @param maxMigrationsPerServerHour the most migrations of one server within any hour (no ping-pong)
 * @param meanActiveHosts    active host-seconds ÷ the run's length (a cloudsim.md diagnostic)
 * @param vmSecondsMigrating server-seconds spent migrating (a cloudsim.md diagnostic)
 */
public record PoolResult(String policy, double energyKwh, int migrations, double slatah, double pdm, double slav,
                         double esv, Map<Importance, Double> attainment, double plannerMeanMs, double plannerMaxMs,
                         int maxMigrationsPerServerHour, double meanActiveHosts, double vmSecondsMigrating,
                         int decisions, long wallMillis) {
    public PoolResult {
        attainment = Map.copyOf(attainment);
    }

    static PoolResult of(String policy, PoolRun.Outcome o, double seconds, long wallMillis) {
        PoolMetrics m = o.metrics();
        return new PoolResult(policy, m.energyKwh(), m.migrations(), m.slatah(), m.pdm(), m.slav(), m.esv(),
                o.attainment(), o.plannerMeanMs(), o.plannerMaxMs(), o.maxMigrationsPerServerHour(),
                m.meanActiveHosts(seconds), m.vmSecondsMigrating(), o.decisions(), wallMillis);
    }
}
