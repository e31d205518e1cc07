package dev.hpm.core.cpu;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The one rule for a workload resource group's CPU minimum and maximum on a host, used by HPM's
 * CPU manager and by every comparison policy of the simulator alike (docs/cpu-manager.md, group
 * limits). Both limits are per host and split over the group's limited servers on the host in
 * proportion to their vCPUs:
 * <ul>
 *   <li><b>maximum</b>: each server may use at most its part ({@link Allowance#cap}); enforced as a
 *       CFS bandwidth cap;</li>
 *   <li><b>minimum</b>, as z/OS WLM's resource-group minimum: each server is entitled to its part
 *       of the minimum whenever it wants it, before the goals of others are weighed
 *       ({@link Allowance#floor} = min(part, demand, cap)). If the floors of all groups together
 *       exceed the host's CPUs they are scaled down in proportion.</li>
 * </ul>
 * Pure and allocation-light; a policy that does not know demand (a fixed setting made by hand)
 * passes +∞ and gets the whole part as floor.
 */
public final class GroupLimits {
    /** Projections and measurements within this fraction of a limit count as at the limit. */
    public static final double TOLERANCE = 0.03;

    private GroupLimits() {
    }

    /**
     * One server on the host as the rule sees it.
     *
     * @param group      its workload resource group
     * @param vcpus      its vCPUs (the weight of its part)
     * @param demandCpus what it wants, in CPUs (+∞ if unknown)
     * @param limited    whether the group's limits apply to it (HPM: it is managed)
     */
    public record Member(String group, int vcpus, double demandCpus, boolean limited) {
    }

    /**
     * Per server (in the order given) the CPUs it is entitled to and the most it may use; NaN-free,
     * floor 0 and cap +∞ where no limit applies.
     */
    public record Allowance(double[] floor, double[] cap) {
        /** Whether any server has a floor above zero. */
        public boolean anyFloor() {
            for (double f : floor) {
                if (f > 0) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * Applies the rule.
     *
     * @param capacityCpus CPUs of the host available to the servers
     * @param minimum      CPU minimum per group name, for groups that have one
     * @param maximum      CPU maximum per group name, for groups that have one
     */
    public static Allowance allowed(double capacityCpus, List<Member> members, Map<String, Double> minimum,
                                    Map<String, Double> maximum) {
        int n = members.size();
        Map<String, Integer> vcpusPerGroup = new HashMap<>();
        for (Member m : members) {
            if (m.limited()) {
                vcpusPerGroup.merge(m.group(), weight(m), Integer::sum);
            }
        }
        double[] floor = new double[n];
        double[] cap = new double[n];
        double floors = 0;
        for (int i = 0; i < n; i++) {
            Member m = members.get(i);
            cap[i] = Double.POSITIVE_INFINITY;
            if (!m.limited()) {
                continue;
            }
            double fraction = (double) weight(m) / vcpusPerGroup.get(m.group());
            Double max = maximum.get(m.group());
            if (max != null) {
                cap[i] = max * fraction;
            }
            Double min = minimum.get(m.group());
            if (min != null && min > 0) {
                floor[i] = Math.max(0, Math.min(Math.min(min * fraction, m.demandCpus()), Math.min(cap[i], m.vcpus())));
                floors += floor[i];
            }
        }
        if (floors > capacityCpus && floors > 0) {
            double scale = Math.max(capacityCpus, 0) / floors;
            for (int i = 0; i < n; i++) {
                floor[i] *= scale;
            }
        }
        return new Allowance(floor, cap);
    }

    /** The rule applied to the CPU manager's view of a host: managed servers are limited, demand as measured. */
    public static Allowance of(HostView view) {
        if (view.groupMinimum().isEmpty() && view.groupMaximum().isEmpty()) {
            double[] cap = new double[view.servers().size()];
            java.util.Arrays.fill(cap, Double.POSITIVE_INFINITY);
            return new Allowance(new double[cap.length], cap);
        }
        List<Member> members = view.servers().stream().map(v -> new Member(v.serviceClass().key().group(),
                v.vcpus(), Math.min(Math.max(v.demandCpus(), 0), Math.max(v.vcpus(), 0)), v.managed())).toList();
        return allowed(view.capacityCpus(), members, view.groupMinimum(), view.groupMaximum());
    }

    private static int weight(Member m) {
        return Math.max(m.vcpus(), 1);
    }
}
