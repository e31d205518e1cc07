package dev.hpm.sim.pool;

import dev.hpm.core.dwm.DwmPlanners;
import dev.hpm.core.dwm.DwmPolicy;
import dev.hpm.core.dwm.Plan;
import dev.hpm.core.dwm.PoolAction;
import dev.hpm.core.dwm.PoolHost;
import dev.hpm.core.dwm.PoolPlanner;
import dev.hpm.core.dwm.PoolView;

import java.util.List;
import java.util.Optional;

/**
 * The production DWM planners ({@code hpm}, {@code threshold}) for a simulated pool, by name. Under
 * rules where memory does not constrain placement (CloudSim's, whose memory requests are 0 after
 * the start: cloudsim.md §4.8), the planner is shown hosts with unbounded memory, so that it runs
 * the same work CloudSim does; the servers' memory still gives each migration its duration.
 */
public final class DwmStudyPlanners {
    private DwmStudyPlanners() {
    }

    /** The planner named {@code name} with {@code policy}, empty for a name that is not a DWM planner. */
    public static Optional<PoolPlanner> create(String name, DwmPolicy policy, PoolRules rules) {
        return DwmPlanners.byName(name).map(p -> {
            PoolPlanner planner = p.create(policy);
            return rules.memoryConstrains() ? planner : new MemoryFree(planner);
        });
    }

    /** Shows the planner every host with unbounded memory. */
    private record MemoryFree(PoolPlanner planner) implements PoolPlanner {
        @Override
        public Plan plan(PoolView view) {
            List<PoolHost> hosts = view.hosts().stream().map(h -> new PoolHost(h.id(), h.capacity(), h.cpus(),
                    Long.MAX_VALUE / 4, h.power(), h.maintenance(), h.reachable(), h.powerModel(), h.cpuUsed())).toList();
            return planner.plan(new PoolView(view.at(), hosts, view.servers(), view.inFlight(), view.classPis()));
        }

        @Override
        public void outcome(PoolAction action, boolean succeeded, String detail) {
            planner.outcome(action, succeeded, detail);
        }
    }
}
