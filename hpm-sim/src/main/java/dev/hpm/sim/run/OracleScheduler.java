package dev.hpm.sim.run;

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
 * someone wants it.
 */
public final class OracleScheduler implements CpuScheduler {
    private final Map<String, ClassInfo> classes;
    private final double minSampleCpus;

    /**
     * @param classes       the service class of each domain, by UUID
     * @param minSampleCpus servers wanting less than this have no velocity and need no grant
     */
    public OracleScheduler(Map<String, ClassInfo> classes, double minSampleCpus) {
        this.classes = Map.copyOf(classes);
        this.minSampleCpus = minSampleCpus;
    }

    @Override
    public void allocate(double cpus, List<SimDomain> domains, double[] wanted, double[] allocation) {
        int n = domains.size();
        double[] limit = CfsScheduler.limits(domains, wanted, allocation);
        double left = cpus;
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
                if (need <= limit[i] + 1e-12 && need <= left) {
                    allocation[i] = need;
                    left -= need;
                }
            }
        }
        CfsScheduler.fill(left, domains, limit, allocation);
    }

    private double need(SimDomain domain, double wanted) {
        ClassInfo c = classes.get(domain.uuid());
        return wanted * c.goalVelocity() / 100.0 * (1 + 1e-9);
    }
}
