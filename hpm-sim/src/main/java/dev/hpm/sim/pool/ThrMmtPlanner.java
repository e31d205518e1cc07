package dev.hpm.sim.pool;

import dev.hpm.core.dwm.DwmMode;
import dev.hpm.core.dwm.Efficacy;
import dev.hpm.core.dwm.Plan;
import dev.hpm.core.dwm.PoolAction;
import dev.hpm.core.dwm.PoolPlanner;
import dev.hpm.core.dwm.PoolView;
import dev.hpm.core.dwm.Reason;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * CloudSim 3.0.3's THR-MMT policy rebuilt as a pool planner, as a check of the simulator: a
 * static utilisation threshold for overload, minimum-migration-time selection, power-aware
 * best-fit-decreasing placement, then the under-load consolidation pass (A. Beloglazov and R.
 * Buyya, "Optimal online deterministic algorithms and adaptive heuristics for energy and
 * performance efficient dynamic consolidation of virtual machines in cloud data centers", CCPE
 * 24(13), 2012, §5–6; {@code PowerVmAllocationPolicyMigrationStaticThreshold} with
 * {@code PowerVmSelectionPolicyMinimumMigrationTime}).
 *
 * <p>CloudSim's quirks are kept (../shared/data/planetlab/cloudsim.md §5): the under-load pass has
 * no threshold and runs until no candidate is left; hosts that received servers from overloaded
 * hosts in the same round are not excluded from being emptied (so a server can be planned twice,
 * both migrations start and count); the emptied host's servers stay on it in the tentative state;
 * if any of its servers finds no host, the whole host is cancelled. Host utilisation and power are
 * those of the last measurement ({@code PoolHost.cpuUsed}); a host with none is switched off.
 * Servers are taken in the view's order, which for each host is its arrival order.
 */
public final class ThrMmtPlanner implements PoolPlanner {
    /** CloudSim's examples' static threshold. */
    public static final double DEFAULT_THRESHOLD = 0.8;
    private final double threshold;
    private final double floorPerUnit;
    private int nextId;

    /**
     * @param floorPerUnit MIPS per CPU unit for CloudSim's flooring of oversubscribed shares (0 for none)
     */
    public ThrMmtPlanner(double threshold, double floorPerUnit) {
        if (!(threshold > 0 && threshold <= 1)) {
            throw new IllegalArgumentException("threshold must be in (0, 1], was " + threshold);
        }
        this.threshold = threshold;
        this.floorPerUnit = floorPerUnit;
    }

    @Override
    public Plan plan(PoolView view) {
        PabfdModel m = new PabfdModel(view, threshold, floorPerUnit);
        List<PoolAction> actions = new ArrayList<>();
        boolean[] overloaded = new boolean[m.hosts];
        List<Integer> moving = new ArrayList<>();
        List<Integer> movingFrom = new ArrayList<>();
        for (int h = 0; h < m.hosts; h++) {
            if (m.overloaded(h)) {
                overloaded[h] = true;
                while (true) {
                    int s = m.minimumMigrationTime(h);
                    if (s < 0) {
                        break;
                    }
                    moving.add(s);
                    movingFrom.add(h);
                    m.destroy(h, s);
                    if (!m.overloaded(h)) {
                        break;
                    }
                }
            }
        }
        List<Integer> order = byDemandDescending(m, moving);
        for (int i : order) {
            int s = moving.get(i);
            int to = m.findHost(s, overloaded);
            if (to >= 0) {
                m.create(to, s);
                actions.add(migrate(m, s, movingFrom.get(i), to, Reason.Kind.LOADED_HOST,
                        "host " + m.hostId[movingFrom.get(i)] + " requests more than " + percent(threshold)));
            }
        }
        underloadPass(m, overloaded, actions);
        List<String> idle = actions.isEmpty() ? List.of("no host above " + percent(threshold) + " and none could be emptied")
                : List.of();
        Efficacy efficacy = new Efficacy(Double.NaN, Double.NaN, actions.size(), 0, count(overloaded), 0, Double.NaN,
                Double.NaN);
        return new Plan(view.at(), DwmMode.AUTOMATIC, actions, efficacy, idle);
    }

    private void underloadPass(PabfdModel m, boolean[] overloaded, List<PoolAction> actions) {
        boolean[] notCandidate = new boolean[m.hosts];
        boolean[] notTarget = new boolean[m.hosts];
        int excluded = 0;
        for (int h = 0; h < m.hosts; h++) {
            boolean off = m.uLast[h] == 0;
            if (overloaded[h] || off) {
                notCandidate[h] = true;
                notTarget[h] = true;
                excluded++;
            }
        }
        while (excluded < m.hosts) {
            int h = leastUtilised(m, notCandidate);
            if (h < 0) {
                break;
            }
            notCandidate[h] = true;
            notTarget[h] = true;
            excluded++;
            List<Integer> servers = new ArrayList<>();
            for (int i = 0; i < m.vms[h].size(); i++) {
                int s = m.vms[h].get(i);
                if (!m.migrating[s] && !m.in[h].contains(s)) {
                    servers.add(s);
                }
            }
            if (servers.isEmpty()) {
                continue;
            }
            List<int[]> placed = new ArrayList<>();
            boolean cancelled = false;
            for (int i : byDemandDescending(m, servers)) {
                int s = servers.get(i);
                int to = m.findHost(s, notTarget);
                if (to < 0) {
                    cancelled = true;
                    break;
                }
                m.create(to, s);
                placed.add(new int[]{s, to});
            }
            if (cancelled) {
                for (int[] p : placed) {
                    m.destroy(p[1], p[0]);
                }
                continue;
            }
            for (int[] p : placed) {
                if (!notCandidate[p[1]]) {
                    notCandidate[p[1]] = true;
                    excluded++;
                }
                actions.add(migrate(m, p[0], h, p[1], Reason.Kind.CONSOLIDATE,
                        "host " + m.hostId[h] + " is the least utilised (" + percent(m.uLast[h]) + ") and can be emptied"));
            }
        }
    }

    /** The host with the lowest last utilisation in (0, 1) that still has a server not moving. */
    private static int leastUtilised(PabfdModel m, boolean[] excluded) {
        double min = 1;
        int best = -1;
        for (int h = 0; h < m.hosts; h++) {
            double u = m.uLast[h];
            if (!excluded[h] && u > 0 && u < min && !allMovingOutOrAnyMovingIn(m, h)) {
                min = u;
                best = h;
            }
        }
        return best;
    }

    /** CloudSim's areAllVmsMigratingOutOrAnyVmMigratingIn, with its scan order. */
    private static boolean allMovingOutOrAnyMovingIn(PabfdModel m, int h) {
        for (int i = 0; i < m.vms[h].size(); i++) {
            int s = m.vms[h].get(i);
            boolean in = m.in[h].contains(s);
            if (!in && !m.migrating[s]) {
                return false;
            }
            if (in) {
                return true;
            }
        }
        return true;
    }

    /** Indices into {@code servers} by request, highest first, stable (CloudSim's sortByCpuUtilization). */
    private static List<Integer> byDemandDescending(PabfdModel m, List<Integer> servers) {
        List<Integer> idx = new ArrayList<>(servers.size());
        for (int i = 0; i < servers.size(); i++) {
            idx.add(i);
        }
        idx.sort(Comparator.comparingDouble((Integer i) -> m.req[servers.get(i)]).reversed());
        return idx;
    }

    private PoolAction migrate(PabfdModel m, int s, int from, int to, Reason.Kind kind, String why) {
        return new PoolAction.Migrate("m" + (++nextId), m.serverId[s], m.hostId[from], m.hostId[to], List.of(),
                new Reason(kind, why), null);
    }

    private static int count(boolean[] flags) {
        int n = 0;
        for (boolean f : flags) {
            n += f ? 1 : 0;
        }
        return n;
    }

    private static String percent(double fraction) {
        return Math.round(fraction * 1000) / 10.0 + " %";
    }
}
