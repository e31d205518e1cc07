package dev.hpm.sim.run;

import dev.hpm.core.cpu.AdjustmentRules;
import dev.hpm.core.cpu.GroupLimits;
import dev.hpm.core.model.ClassInfo;
import dev.hpm.core.model.Goal;
import dev.hpm.core.model.Importance;
import dev.hpm.sim.host.CfsScheduler;
import dev.hpm.sim.host.CpuScheduler;
import dev.hpm.sim.host.SimDomain;
import dev.hpm.sim.scenario.Scenario;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The limit no controller can beat: each tick it knows every server's true demand and allocates
 * to maximise goal attainment in importance order. Level by level (highest first) it grants each
 * server exactly what its goal needs, cheapest first, which maximises the
 * number of servers on goal at that level (a unit-value knapsack is solved greedily by size);
 * whatever is left goes to the remaining demand in proportion to shares, so no CPU idles while
 * someone wants it. It obeys the operator's group limits as every policy does ({@link GroupLimits}):
 * before any goal, each server gets its part of its group's CPU minimum (up to what it wants), and
 * never more than its cap (its part of its group's maximum, set as the domain's cap).
 *
 * <p>What a goal needs: for a velocity goal, goal × demand; for a response-time goal of a server
 * the scenario times, the least CPU with which the simulator's response-time model puts it on its
 * goal ({@link SimResponseTimes#cpusFor}, the model the report judges it by); a response-time
 * server the scenario does not time, or whose goal its whole demand cannot meet, is granted
 * nothing in advance and shares what is left.
 */
public final class OracleScheduler implements CpuScheduler {
    private final Map<String, ClassInfo> classes;
    private final double minSampleCpus;
    private final Map<String, Double> minimum;
    private final Map<String, Scenario.ResponseTimeSpec> timed;

    /**
     * @param classes       the service class of each domain, by UUID
     * @param minSampleCpus servers wanting less than this have no velocity and need no grant
     * @param minimum       CPU minimum per group name, for groups that have one
     * @param timed         the response-time model of each domain that has one, by UUID
     */
    public OracleScheduler(Map<String, ClassInfo> classes, double minSampleCpus, Map<String, Double> minimum,
                           Map<String, Scenario.ResponseTimeSpec> timed) {
        this.classes = Map.copyOf(classes);
        this.minSampleCpus = minSampleCpus;
        this.minimum = Map.copyOf(minimum);
        this.timed = Map.copyOf(timed);
    }

    /** An oracle for groups without CPU minima and servers without response-time models. */
    public OracleScheduler(Map<String, ClassInfo> classes, double minSampleCpus) {
        this(classes, minSampleCpus, Map.of(), Map.of());
    }

    @Override
    public void allocate(double cpus, List<SimDomain> domains, double[] wanted, double[] allocation) {
        int n = domains.size();
        double[] limit = CfsScheduler.limits(domains, wanted, allocation);
        double left = cpus - floors(cpus, domains, limit, allocation);
        for (Importance level : Importance.values()) {
            List<Integer> candidates = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                ClassInfo c = classes.get(domains.get(i).uuid());
                if (c != null && !c.isDiscretionary() && c.importance() == level && wanted[i] >= minSampleCpus) {
                    candidates.add(i);
                }
            }
            candidates.sort(Comparator.comparingDouble(i -> need(domains.get(i), wanted[i])));
            for (int i : candidates) {
                double need = need(domains.get(i), wanted[i]);
                double more = need - allocation[i];
                if (need <= limit[i] + 1e-12 && more <= left) {
                    allocation[i] = Math.max(need, allocation[i]);
                    left -= Math.max(more, 0);
                }
            }
        }
        CfsScheduler.fill(left, domains, limit, allocation);
    }

    /** Grants every server its floor (GroupLimits with its true demand); returns the CPUs granted. */
    private double floors(double cpus, List<SimDomain> domains, double[] limit, double[] allocation) {
        if (minimum.isEmpty()) {
            return 0;
        }
        List<GroupLimits.Member> members = new ArrayList<>(domains.size());
        for (int i = 0; i < domains.size(); i++) {
            SimDomain d = domains.get(i);
            ClassInfo c = classes.get(d.uuid());
            members.add(new GroupLimits.Member(c == null ? "" : c.key().group(), d.vcpus(), limit[i], c != null));
        }
        double[] floor = GroupLimits.allowed(cpus, members, minimum, Map.of()).floor();
        double granted = 0;
        for (int i = 0; i < floor.length; i++) {
            allocation[i] = Math.min(floor[i], limit[i]);
            granted += allocation[i];
        }
        return granted;
    }

    /** The CPU that puts the server on its goal this tick (+∞ if the oracle cannot tell or cannot meet it). */
    private double need(SimDomain domain, double wanted) {
        ClassInfo c = classes.get(domain.uuid());
        if (c.goal() instanceof Goal.ResponseTime goal) {
            Scenario.ResponseTimeSpec rt = timed.get(domain.uuid());
            return rt == null ? Double.POSITIVE_INFINITY : SimResponseTimes.cpusFor(goal, rt, wanted) * (1 + 1e-9);
        }
        return wanted * AdjustmentRules.velocityShare(c, 1) * (1 + 1e-9);
    }
}
