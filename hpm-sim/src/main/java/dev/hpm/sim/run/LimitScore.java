package dev.hpm.sim.run;

import dev.hpm.core.cpu.GroupLimits;
import dev.hpm.core.measure.HostMeasurement;
import dev.hpm.core.measure.VsMeasurement;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Scores how a run kept the groups' CPU limits, from each host's measurement as an operator would
 * check them, by the one rule ({@link GroupLimits}) with the demand measured: per group and host
 * interval, the CPUs it used against the sum of its servers' floors and caps. A limit
 * <em>binds</em> when it decided what the group got: the group wanted more than its maximum, or
 * wanted more than its minimum and got no more than it (within twice {@link GroupLimits#TOLERANCE}, the
 * margin the policies keep). A
 * limit is <em>broken</em> when the group used more than its caps or, wanting its floors, got less
 * (beyond the tolerance); only intervals after the warm-up count.
 */
final class LimitScore {
    private final Map<String, Double> minimum;
    private final Map<String, Double> maximum;
    private final Map<String, int[]> counts = new TreeMap<>();

    LimitScore(Map<String, Double> minimum, Map<String, Double> maximum) {
        this.minimum = Map.copyOf(minimum);
        this.maximum = Map.copyOf(maximum);
    }

    static LimitScore none() {
        return new LimitScore(Map.of(), Map.of());
    }

    void accept(HostMeasurement m, long interval) {
        if ((minimum.isEmpty() && maximum.isEmpty()) || interval <= Scorer.WARMUP_INTERVALS) {
            return;
        }
        List<VsMeasurement> servers = m.servers();
        List<GroupLimits.Member> members = new ArrayList<>(servers.size());
        for (VsMeasurement s : servers) {
            members.add(new GroupLimits.Member(s.serviceClass().key().group(), s.vcpus(),
                    Math.min(s.demandCpus(), s.vcpus()), true));
        }
        GroupLimits.Allowance a = GroupLimits.allowed(m.cpus(), members, minimum, maximum);
        Map<String, double[]> groups = new TreeMap<>(); // used, demand, floors, caps
        for (int i = 0; i < servers.size(); i++) {
            double[] g = groups.computeIfAbsent(members.get(i).group(), k -> new double[4]);
            g[0] += servers.get(i).usingCpus();
            g[1] += members.get(i).demandCpus();
            g[2] += a.floor()[i];
            g[3] += a.cap()[i];
        }
        double tol = GroupLimits.TOLERANCE;
        groups.forEach((group, g) -> {
            if (maximum.containsKey(group)) {
                int[] c = counts.computeIfAbsent(group + " maximum", k -> new int[3]);
                c[0]++;
                c[1] += g[1] > g[3] * (1 + tol) ? 1 : 0;
                c[2] += g[0] > g[3] * (1 + tol) ? 1 : 0;
            }
            if (minimum.containsKey(group)) {
                int[] c = counts.computeIfAbsent(group + " minimum", k -> new int[3]);
                c[0]++;
                c[1] += g[1] > g[2] * (1 + 2 * tol) && g[0] <= g[2] * (1 + 2 * tol) ? 1 : 0;
                c[2] += g[0] < g[2] * (1 - tol) ? 1 : 0;
            }
        });
    }

    List<PolicyResult.Limit> results() {
        List<PolicyResult.Limit> list = new ArrayList<>();
        counts.forEach((key, c) -> {
            String group = key.substring(0, key.lastIndexOf(' '));
            boolean min = key.endsWith("minimum");
            list.add(new PolicyResult.Limit(group, min ? "minimum" : "maximum",
                    (min ? minimum : maximum).get(group), c[0], c[1], c[2]));
        });
        return list;
    }
}
