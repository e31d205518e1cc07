package dev.hpm.sim.run;

import dev.hpm.core.measure.VsMeasurement;
import dev.hpm.core.model.Goal;
import dev.hpm.sim.scenario.Scenario;

import java.util.Map;

/**
 * How the scenario report judges a server-interval, the same for every policy: a server of a
 * velocity class by its measured PI; a server of a response-time class that the scenario times
 * ({@code response-time:}) by the PI the simulator's response-time model gives the CPU it ran and
 * waited for ({@link SimResponseTimes#modelPi}: the PI of its time distribution, without the
 * sampling noise of a finite number of requests), so that HPM, {@code static} and the
 * {@code oracle} are compared on what each gave the class, not on the draws of its requests. A
 * response-time server without a model has its measured PI (NaN, not counted, when it had too few
 * completions).
 */
final class GoalJudge {
    private final Map<String, Scenario.ResponseTimeSpec> timed;

    private GoalJudge(Map<String, Scenario.ResponseTimeSpec> timed) {
        this.timed = timed;
    }

    /** Judges by measured PIs only. */
    static GoalJudge measured() {
        return new GoalJudge(Map.of());
    }

    /** Judges the servers of {@code specs} (by UUID) that have a response-time model by that model. */
    static GoalJudge of(Iterable<Scenario.ServerSpec> specs) {
        return new GoalJudge(SimResponseTimes.timed(specs));
    }

    /**
     * The server's PI this interval as the report judges it; NaN when it is not judged (no
     * velocity, no goal, or a response-time server with neither a model nor enough completions).
     */
    double pi(VsMeasurement m) {
        if (!m.hasVelocity() || m.serviceClass().isDiscretionary()) {
            return Double.NaN;
        }
        Scenario.ResponseTimeSpec rt = timed.get(m.uuid());
        if (rt != null && m.serviceClass().goal() instanceof Goal.ResponseTime goal) {
            return SimResponseTimes.modelPi(goal, rt, m.usingCpus(), m.delayCpus());
        }
        return m.pi();
    }
}
