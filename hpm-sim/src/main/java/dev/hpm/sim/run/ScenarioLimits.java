package dev.hpm.sim.run;

import dev.hpm.core.cpu.GroupLimits;
import dev.hpm.core.model.ClassInfo;
import dev.hpm.core.model.ServiceDefinition;
import dev.hpm.core.model.WorkloadResourceGroup;
import dev.hpm.sim.scenario.Scenario;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A scenario's group CPU minima and maxima as the comparison policies apply them, by
 * {@link GroupLimits} (the rule HPM's CPU manager applies): a policy without a manager has the
 * settings an administrator would make by hand, once, without knowing demand: each server's part of
 * its group's maximum as its cap, and shares high enough that its part of its group's minimum is
 * its share of the host even when every server on the host wants all it can get
 * ({@link #shares}).
 */
final class ScenarioLimits {
    private final Map<String, Double> minimum = new HashMap<>();
    private final Map<String, Double> maximum = new HashMap<>();
    private final Map<String, Double> floor = new HashMap<>();
    private final Map<String, Double> cap = new HashMap<>();
    private final Map<String, Long> shares = new HashMap<>();

    /**
     * @param baseShares the shares each server would have without any minimum, by UUID
     */
    ScenarioLimits(Scenario scenario, Map<String, ClassInfo> classes, Map<String, Long> baseShares) {
        limits(scenario.definition(), minimum, maximum);
        for (Scenario.HostSpec h : scenario.hosts()) {
            List<Scenario.ServerSpec> on = scenario.servers().stream().filter(s -> s.host().equals(h.name())).toList();
            List<GroupLimits.Member> members = new ArrayList<>();
            for (Scenario.ServerSpec s : on) {
                members.add(new GroupLimits.Member(classes.get(s.uuid()).key().group(), s.vcpus(),
                        Double.POSITIVE_INFINITY, true));
            }
            GroupLimits.Allowance a = GroupLimits.allowed(h.cpus(), members, minimum, maximum);
            for (int i = 0; i < on.size(); i++) {
                floor.put(on.get(i).uuid(), a.floor()[i]);
                cap.put(on.get(i).uuid(), a.cap()[i]);
            }
            hostShares(h.cpus(), on, baseShares);
        }
    }

    /** The minima and maxima of a definition's groups, by group name. */
    static void limits(ServiceDefinition definition, Map<String, Double> minimum, Map<String, Double> maximum) {
        for (WorkloadResourceGroup g : definition.groups()) {
            if (g.cpuMinimum() != null && g.cpuMinimum() > 0) {
                minimum.put(g.name(), g.cpuMinimum());
            }
            if (g.cpuMaximum() != null) {
                maximum.put(g.name(), g.cpuMaximum());
            }
        }
    }

    /**
     * Shares s with s_i / Σs ≥ floor_i / cpus for every server with a floor (so that CFS gives it its
     * floor under full contention), the others at their base shares: a fixed point, since raising one
     * raises the total; it exists while the floors sum to less than the host (GroupLimits scales them).
     */
    private void hostShares(int cpus, List<Scenario.ServerSpec> on, Map<String, Long> base) {
        double[] s = new double[on.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = base.get(on.get(i).uuid());
        }
        for (int round = 0; round < 100; round++) {
            double total = 0;
            for (double v : s) {
                total += v;
            }
            boolean changed = false;
            for (int i = 0; i < s.length; i++) {
                double f = floor.get(on.get(i).uuid()) * (1 + GroupLimits.TOLERANCE);
                double needed = f / cpus * total;
                if (f > 0 && s[i] < needed) {
                    s[i] = needed * 1.001;
                    changed = true;
                }
            }
            if (!changed) {
                break;
            }
        }
        for (int i = 0; i < s.length; i++) {
            shares.put(on.get(i).uuid(), Math.min(262_144, Math.round(Math.ceil(s[i]))));
        }
    }

    Map<String, Double> minimum() {
        return minimum;
    }

    Map<String, Double> maximum() {
        return maximum;
    }

    /** The shares a hand-set policy gives this server: its base, raised as its group's minimum needs. */
    long shares(String uuid) {
        return shares.get(uuid);
    }

    /** The cap a hand-set policy gives this server: the lower of its own cap and its part of its group's maximum. */
    double cap(Scenario.ServerSpec s) {
        return Math.min(s.capCpus(), cap.get(s.uuid()));
    }
}
