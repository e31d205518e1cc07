package dev.hpm.core.pool;

import dev.hpm.core.dwm.Efficacy;
import dev.hpm.core.dwm.MaintenanceProgress;
import dev.hpm.core.dwm.Plan;

import java.time.Instant;
import java.util.List;

/** What {@link DwmStep} records: one entry per interval and one per plan with actions. */
public final class DwmRecords {
    private DwmRecords() {
    }

    /** Where a plan is. */
    public enum Status {
        /** Recommend mode: waits for an operator. */
        PENDING,
        /** Approved (or automatic) and being executed. */
        EXECUTING,
        /** Every action finished; the achieved indicators are measured on the next view. */
        EXECUTED,
        /** Rejected by an operator. */
        REJECTED,
        /** A newer recommendation replaced it before it was approved. */
        SUPERSEDED
    }

    /** How one action of a plan ended (state RUNNING while it runs; FAILED with why if cancelled). */
    public record Outcome(String action, PoolActuator.State state, String detail) {
    }

    /**
     * One plan with actions.
     *
     * @param achieved the plan's indicators as measured once it was executed (null until then)
     */
    public record PlanRecord(String id, long interval, Plan plan, Status status, List<Outcome> outcomes,
                             Efficacy achieved) {
        public PlanRecord {
            outcomes = List.copyOf(outcomes);
        }
    }

    /** The pool's indicators measured on one view, computed as the planner projects them. */
    public record Indicators(double watts, int loaded, double cpuStdDev, int poweredHosts) {
    }

    /**
     * One pool interval of DWM.
     *
     * @param plan         the id of the plan made this interval, null when it had no actions
     * @param why          why nothing was proposed or done (empty when something was)
     * @param running      actions in progress after this interval's starts
     * @param plannerNanos the planner's time this interval, by the step's ticker
     */
    public record IntervalRecord(long index, Instant at, String plan, List<String> why,
                                 List<MaintenanceProgress> maintenance, int running, Indicators indicators,
                                 long plannerNanos) {
        public IntervalRecord {
            why = List.copyOf(why);
            maintenance = List.copyOf(maintenance);
        }
    }
}
