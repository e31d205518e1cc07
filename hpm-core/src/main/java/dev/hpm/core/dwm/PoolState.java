package dev.hpm.core.dwm;

import dev.hpm.core.cpu.CfsProjection;
import dev.hpm.core.model.ClassInfo;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The pool as one planning interval sees it, with the plan's moves applied tentatively: each
 * host's current demand, its headroom load (the sum of its servers' mean demand plus
 * {@code sigmas} times the square root of the sum of their variances) and its memory, indexed by
 * free headroom so that a destination is found in O(log hosts) rather than by projecting every
 * host. Servers and hosts are addressed by index. Not thread-safe; one per plan.
 */
final class PoolState {
    final PoolHost[] hosts;
    final PoolServer[] servers;
    /** Each server's PI for the goal projection: its own, or its class's over the pool ({@link PoolView#piOf}). */
    final double[] pi;
    final Map<String, Integer> hostIndex = new HashMap<>();
    final Map<String, Integer> serverIndex = new HashMap<>();
    final int[] hostOf;
    final int[] originalHost;
    final double[] demand;
    final double[] mean;
    final double[] variance;
    final List<List<Integer>> members = new ArrayList<>();
    final double[] load;
    final double[] meanLoad;
    final double[] varLoad;
    final double[] reserved;
    final long[] memory;
    final int[] migrations;
    /** Host accepts new work in this plan (on, reachable, not in maintenance, not being emptied). */
    final boolean[] open;
    /** Host had no server and no migration in when the view was taken. */
    final boolean[] emptyInView;
    /** Host is powered (or will be, by this plan). */
    final boolean[] powered;
    final double target;
    final double sigmas;
    int poolMigrations;
    private final TreeSet<Long> byFree = new TreeSet<>();
    private final TreeSet<Long> empty = new TreeSet<>();
    private final long[] freeKey;
    /** The goal projection of hosts, with each server's CPU in the view's placement as its base. */
    private final GoalProjection goals;

    PoolState(PoolView view, DwmPolicy policy, DemandHistory history, double sigmas) {
        this.target = policy.evenDistribution().fraction();
        this.sigmas = sigmas;
        List<PoolHost> hs = view.hosts();
        int nh = hs.size();
        hosts = hs.toArray(PoolHost[]::new);
        load = new double[nh];
        meanLoad = new double[nh];
        varLoad = new double[nh];
        reserved = new double[nh];
        memory = new long[nh];
        migrations = new int[nh];
        open = new boolean[nh];
        powered = new boolean[nh];
        freeKey = new long[nh];
        for (int h = 0; h < nh; h++) {
            hostIndex.put(hosts[h].id(), h);
            members.add(new ArrayList<>());
            open[h] = hosts[h].acceptsWork();
            powered[h] = hosts[h].power().isOn() || hosts[h].power() == PowerState.BOOTING;
        }
        List<PoolServer> ss = view.servers();
        int ns = ss.size();
        servers = ss.toArray(PoolServer[]::new);
        hostOf = new int[ns];
        originalHost = new int[ns];
        demand = new double[ns];
        mean = new double[ns];
        variance = new double[ns];
        pi = new double[ns];
        for (int s = 0; s < ns; s++) {
            PoolServer v = servers[s];
            pi[s] = view.piOf(v);
            serverIndex.put(v.id(), s);
            Integer h = hostIndex.get(v.host());
            hostOf[s] = h == null ? -1 : h;
            originalHost[s] = hostOf[s];
            demand[s] = bound(v, v.demand());
            mean[s] = sigmas > 0 ? Math.max(bound(v, history.mean(v.id())), demand[s]) : demand[s];
            variance[s] = sigmas > 0 ? history.variance(v.id()) : 0;
            if (h != null) {
                add(s, h);
            }
        }
        for (PoolView.InFlight f : view.inFlight()) {
            Integer from = hostIndex.get(f.from());
            Integer to = hostIndex.get(f.to());
            Integer s = serverIndex.get(f.server());
            if (to != null && s != null) {
                reserved[to] += mean[s];
                memory[to] += servers[s].memoryMb();
            }
            count(from, to);
        }
        goals = new GoalProjection(this);
        emptyInView = new boolean[nh];
        for (int h = 0; h < nh; h++) {
            emptyInView[h] = isEmpty(h);
            index(h);
        }
    }

    private static double bound(PoolServer v, double d) {
        double max = v.maxCpu() > 0 ? v.maxCpu() : Double.POSITIVE_INFINITY;
        return Math.clamp(d, 0, max);
    }

    private void add(int s, int h) {
        members.get(h).add(s);
        load[h] += demand[s];
        meanLoad[h] += mean[s];
        varLoad[h] += variance[s];
        memory[h] += servers[s].memoryMb();
    }

    private void remove(int s, int h) {
        members.get(h).remove((Integer) s);
        load[h] -= demand[s];
        meanLoad[h] -= mean[s];
        varLoad[h] = Math.max(varLoad[h] - variance[s], 0);
        memory[h] -= servers[s].memoryMb();
    }

    void count(Integer from, Integer to) {
        if (from != null) {
            migrations[from]++;
        }
        if (to != null && !to.equals(from)) {
            migrations[to]++;
        }
        poolMigrations++;
    }

    /** Moves server {@code s} to host {@code to} in this plan's projection. */
    void move(int s, int to) {
        int from = hostOf[s];
        if (from >= 0) {
            remove(s, from);
            index(from);
        }
        add(s, to);
        hostOf[s] = to;
        index(to);
        count(from >= 0 ? from : null, to);
    }

    /** Undoes a {@link #move} of server {@code s} that came from {@code from}, counts included. */
    void undo(int s, int from) {
        int to = hostOf[s];
        remove(s, to);
        migrations[to]--;
        if (from >= 0) {
            add(s, from);
            migrations[from]--;
            index(from);
        }
        hostOf[s] = from;
        poolMigrations--;
        index(to);
    }

    /** Takes a host out of (or back into) the destinations of this plan. */
    void setOpen(int h, boolean value) {
        open[h] = value;
        index(h);
    }

    /** Headroom load of host {@code h}, optionally with server {@code plus} added. */
    double headroomLoad(int h, int plus) {
        double m = meanLoad[h] + reserved[h];
        double v = varLoad[h];
        if (plus >= 0) {
            m += mean[plus];
            v += variance[plus];
        }
        return m + sigmas * Math.sqrt(v);
    }

    double utilisation(int h) {
        return hosts[h].capacity() > 0 ? (load[h] + reserved[h]) / hosts[h].capacity() : 0;
    }

    double free(int h) {
        return target * hosts[h].capacity() - headroomLoad(h, -1);
    }

    /** CPU one vCPU of host {@code h} can give. */
    double perCpu(int h) {
        return hosts[h].capacity() / Math.max(hosts[h].cpus(), 1);
    }

    private void index(int h) {
        if (freeKey[h] != 0) {
            byFree.remove(freeKey[h]);
            empty.remove(freeKey[h]);
            freeKey[h] = 0;
        }
        if (open[h]) {
            if (isEmpty(h)) {
                PoolHost host = hosts[h];
                freeKey[h] = key((float) (host.powerModel().idleWatts() / Math.max(host.capacity(), 1e-9)), h);
                empty.add(freeKey[h]);
            } else {
                freeKey[h] = key((float) Math.max(free(h), 0), h);
                byFree.add(freeKey[h]);
            }
        }
    }

    boolean isEmpty(int h) {
        return members.get(h).isEmpty() && reserved[h] == 0;
    }

    /** Open empty hosts, most CPU per idle watt first: destinations only when no host in use fits. */
    Iterable<Long> emptyHosts() {
        return empty;
    }

    private static long key(float free, int h) {
        return ((long) Float.floatToRawIntBits(free) << 32) | (h + 1L);
    }

    /** Open hosts in use with at least {@code need} free headroom, tightest first. */
    Iterable<Long> withFree(double need) {
        return byFree.tailSet(key((float) Math.max(need, 0), -1), true);
    }

    static int hostOfKey(long key) {
        return (int) (key & 0xffffffffL) - 1;
    }

    /** Open hosts, empty ones (most efficient first), then those in use with the most free headroom first. */
    Iterable<Long> mostFreeFirst() {
        List<Long> all = new ArrayList<>(empty);
        all.addAll(byFree.descendingSet());
        return all;
    }

    /**
     * True if server {@code s} fits on host {@code h} by CPU and memory: the destination stays
     * below the loaded threshold with its current demand and with headroom, the server's headroom
     * demand fits its vCPUs there, and the memory fits.
     */
    boolean fits(int s, int h) {
        PoolHost host = hosts[h];
        double limit = target * host.capacity();
        return load[h] + reserved[h] + demand[s] < limit && headroomLoad(h, s) <= limit && fitsAtAll(s, h);
    }

    /** True if server {@code s} could run on host {@code h} at all: its vCPUs and its memory fit. */
    boolean fitsAtAll(int s, int h) {
        return headroomDemand(s) <= servers[s].vcpus() * perCpu(h) + 1e-9
                && memory[h] + servers[s].memoryMb() <= hosts[h].memoryMb();
    }

    /**
     * A server's demand with headroom: its mean plus sigmas of its spread, at most what it can use
     * ({@link PoolServer#maxCpu}): a busy one-vCPU server whose demand varies still needs one vCPU's
     * worth, not more, so it fits wherever its vCPUs run as fast.
     */
    double headroomDemand(int s) {
        return bound(servers[s], mean[s] + sigmas * Math.sqrt(variance[s]));
    }

    /**
     * Projects host {@code h} as CFS would divide it ({@link CfsProjection}: water-filling by
     * shares, each server bound by its demand and vCPUs) with server {@code plus} added and
     * {@code minus} removed (either may be -1), and returns the worst PI among servers of goal
     * classes at least as important as {@code from} (every goal class when {@code from} is null);
     * 0 when there is none. An unsaturated host gives every server its bound, without a projection.
     */
    double worstPi(int h, int plus, int minus, ClassInfo from) {
        return goals.worst(h, plus, minus, from).pi();
    }

    /** {@link #worstPi} with the class it belongs to ({@link GoalProjection#worst}). */
    GoalProjection.Worst worst(int h, int plus, int minus, ClassInfo from) {
        return goals.worst(h, plus, minus, from);
    }

    /** Pool power (W) at the projected state: powered hosts by their utilisation, off hosts nothing. */
    double watts() {
        double w = 0;
        for (int h = 0; h < hosts.length; h++) {
            if (powered[h]) {
                w += hosts[h].powerModel().watts(utilisation(h));
            }
        }
        return w;
    }

    int loadedNow() {
        int n = 0;
        for (int h = 0; h < hosts.length; h++) {
            if (powered[h] && utilisation(h) >= target) {
                n++;
            }
        }
        return n;
    }

    double cpuStdDev() {
        double sum = 0, sq = 0;
        int n = 0;
        for (int h = 0; h < hosts.length; h++) {
            if (powered[h] && hosts[h].power().isOn()) {
                double u = utilisation(h);
                sum += u;
                sq += u * u;
                n++;
            }
        }
        if (n == 0) {
            return 0;
        }
        double m = sum / n;
        return Math.sqrt(Math.max(sq / n - m * m, 0));
    }
}
