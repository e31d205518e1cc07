package dev.hpm.sim.run;

import dev.hpm.core.cpu.GroupLimits;
import dev.hpm.core.model.ClassInfo;
import dev.hpm.core.model.Importance;
import dev.hpm.sim.host.CfsScheduler;
import dev.hpm.sim.host.CpuScheduler;
import dev.hpm.sim.host.SimDomain;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The limit no controller can beat: each tick it knows every server's true demand and allocates
 * to maximise goal attainment in importance order. Level by level (highest first) it grants each
 * server exactly what its velocity goal needs (goal × demand), cheapest first, which maximises the
 * number of servers on goal at that level (a unit-value knapsack is solved greedily by size);
 * whatever is left goes to the remaining demand in proportion to shares, so no CPU idles while
 * someone wants it. It obeys the operator's group limits as every policy does ({@link GroupLimits}):
 * before any goal, each server gets its part of its group's CPU minimum (up to what it wants), and
 * never more than its cap (its part of its group's maximum, set as the domain's cap).
 */
public final class OracleScheduler implements CpuScheduler {
    private final Map<String, ClassInfo> classes;
    private final double minSampleCpus;
    private final Map<String, Double> minimum;

    /**
     * @param classes       the service class of each domain, by UUID
     * @param minSampleCpus servers wanting less than this have no velocity and need no grant
     * @param minimum       CPU minimum per group name, for groups that have one
     */
    public OracleScheduler(Map<String, ClassInfo> classes, double minSampleCpus, Map<String, Double> minimum) {
        this.classes = Map.copyOf(classes);
        this.minSampleCpus = minSampleCpus;
        this.minimum = Map.copyOf(minimum);
    }

    /** An oracle for groups without CPU minima. */
    public OracleScheduler(Map<String, ClassInfo> classes, double minSampleCpus) {
        this(classes, minSampleCpus, Map.of());
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

    private double need(SimDomain domain, double wanted) {
        ClassInfo c = classes.get(domain.uuid());
        return wanted * c.goalVelocity() / 100.0 * (1 + 1e-9);
    }
}
