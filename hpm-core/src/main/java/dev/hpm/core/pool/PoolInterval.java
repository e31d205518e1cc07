package dev.hpm.core.pool;

import dev.hpm.core.loop.IntervalReport;

import java.time.Instant;
import java.util.List;

/**
 * One interval of a whole pool, after every host has run it: what a pool-level step (recording,
 * printing, scoring, later the DWM planner) receives.
 *
 * @param index   the pool's interval number, from 1
 * @param nanos   the injected clock's monotonic time when the last host had finished
 * @param time    the injected clock's wall time then
 * @param reports every host's report of the interval, in host order (unreachable hosts included)
 */
public record PoolInterval(long index, long nanos, Instant time, List<IntervalReport> reports) {
    public PoolInterval {
        reports = List.copyOf(reports);
    }
}
