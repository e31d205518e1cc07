package dev.hpm.core.dwm;

/**
 * A pool policy: one {@link Plan} per pool interval from the {@link PoolView}. The production
 * planner and the simulator's reference policies (CloudSim's THR-MMT, none) implement it, so the
 * pool runner and the simulator run any of them the same way. Implementations may keep state
 * between intervals (how long a host has been loaded, per-server cool-downs) but read time only
 * from the view; they do no I/O.
 */
public interface PoolPlanner {
    Plan plan(PoolView view);

    /**
     * Told which actions of earlier plans finished or failed, so that it can mark a host that
     * failed to power on and start a moved server's history afresh. The default ignores it.
     */
    default void outcome(PoolAction action, boolean succeeded, String detail) {
    }
}
