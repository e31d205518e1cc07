package dev.hpm.sim.pool;

import dev.hpm.core.dwm.PoolHost;
import dev.hpm.core.dwm.PoolServer;
import dev.hpm.core.dwm.PoolView;
import dev.hpm.core.dwm.PowerModel;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A tentative copy of a pool for CloudSim's planners: servers can be created on and destroyed
 * from hosts, each host's allocation is kept as CloudSim's scheduler keeps it, and
 * {@link #findHost} is CloudSim's power-aware best-fit-decreasing host choice (PABFD: A. Beloglazov
 * and R. Buyya, "Optimal online deterministic algorithms and adaptive heuristics for energy and
 * performance efficient dynamic consolidation of virtual machines in cloud data centers", CCPE
 * 24(13), 2012, Algorithm 1; CloudSim 3.0.3 {@code PowerVmAllocationPolicyMigrationAbstract}).
 */
final class PabfdModel {
    final int hosts;
    final String[] hostId;
    final double[] cap;
    final double[] perCpu;
    final PowerModel[] model;
    final double[] uLast;
    final double[] pLast;
    final boolean[] accepts;
    final IntList[] vms;
    final IntList[] in;
    final double[] sumReq;
    final double[] sumAlloc;
    final double[] avail;
    final int servers;
    final String[] serverId;
    final double[] req;
    final int[] vcpus;
    final long[] ram;
    final boolean[] migrating;
    final int[] home;
    private final double threshold;
    private final double floorPerUnit;
    private double[] sReq = new double[16];
    private double[] sAlloc = new double[16];
    private int[] sVcpus = new int[16];
    private byte[] sKind = new byte[16];

    /**
     * @param threshold    a host is overloaded when its requested CPU ÷ capacity exceeds this
     * @param floorPerUnit MIPS per CPU unit, for CloudSim's flooring of oversubscribed shares
     */
    PabfdModel(PoolView view, double threshold, double floorPerUnit) {
        this.threshold = threshold;
        this.floorPerUnit = floorPerUnit;
        List<PoolHost> hs = view.hosts();
        hosts = hs.size();
        hostId = new String[hosts];
        cap = new double[hosts];
        perCpu = new double[hosts];
        model = new PowerModel[hosts];
        uLast = new double[hosts];
        pLast = new double[hosts];
        accepts = new boolean[hosts];
        vms = new IntList[hosts];
        in = new IntList[hosts];
        sumReq = new double[hosts];
        sumAlloc = new double[hosts];
        avail = new double[hosts];
        Map<String, Integer> index = new HashMap<>(hosts * 2);
        for (int h = 0; h < hosts; h++) {
            PoolHost p = hs.get(h);
            hostId[h] = p.id();
            index.put(p.id(), h);
            cap[h] = p.capacity();
            perCpu[h] = p.capacity() / p.cpus();
            model[h] = p.powerModel();
            double u = Double.isNaN(p.cpuUsed()) ? 0 : SimPool.utilisation(p.cpuUsed(), p.capacity());
            uLast[h] = p.power().isOn() ? u : 0;
            pLast[h] = model[h].watts(uLast[h]);
            accepts[h] = p.acceptsWork();
            vms[h] = new IntList();
            in[h] = new IntList();
        }
        List<PoolServer> ss = view.servers();
        servers = ss.size();
        serverId = new String[servers];
        req = new double[servers];
        vcpus = new int[servers];
        ram = new long[servers];
        migrating = new boolean[servers];
        home = new int[servers];
        Map<String, Integer> serverIndex = new HashMap<>(servers * 2);
        for (int s = 0; s < servers; s++) {
            PoolServer p = ss.get(s);
            serverId[s] = p.id();
            serverIndex.put(p.id(), s);
            req[s] = p.demand();
            vcpus[s] = p.vcpus();
            ram[s] = p.memoryMb();
            migrating[s] = p.migrating();
            home[s] = index.get(p.host());
            vms[home[s]].add(s);
        }
        for (PoolView.InFlight f : view.inFlight()) {
            Integer s = serverIndex.get(f.server());
            Integer to = index.get(f.to());
            if (s != null && to != null) {
                vms[to].add(s);
                in[to].add(s);
            }
        }
        for (int h = 0; h < hosts; h++) {
            recompute(h);
        }
    }

    /** CloudSim's scheduler state for host {@code h}: requested sum, allocated sum, MIPS left. */
    void recompute(int h) {
        IntList list = vms[h];
        int n = list.size();
        if (sReq.length < n) {
            sReq = new double[n * 2];
            sAlloc = new double[n * 2];
            sVcpus = new int[n * 2];
            sKind = new byte[n * 2];
        }
        double requested = 0;
        for (int i = 0; i < n; i++) {
            int s = list.get(i);
            sReq[i] = req[s];
            sVcpus[i] = vcpus[s];
            sKind[i] = in[h].contains(s) ? ProportionalShare.IN
                    : migrating[s] && home[s] == h ? ProportionalShare.OUT : ProportionalShare.NORMAL;
            requested += req[s];
        }
        avail[h] = ProportionalShare.allocate(cap[h], perCpu[h], n, sReq, sVcpus, sKind, floorPerUnit, sAlloc);
        double allocated = 0;
        for (int i = 0; i < n; i++) {
            // CloudSim's getUtilizationOfCpuMips counts a server moving in at its full request
            allocated += sKind[i] == ProportionalShare.IN ? sAlloc[i] * 0.9 / 0.1 + sAlloc[i] : sAlloc[i];
        }
        sumReq[h] = requested;
        sumAlloc[h] = allocated;
    }

    void create(int h, int s) {
        vms[h].add(s);
        recompute(h);
    }

    void destroy(int h, int s) {
        vms[h].remove(s);
        recompute(h);
    }

    /** The static-threshold test of THR (strict: requested ÷ capacity &gt; threshold). */
    boolean overloaded(int h) {
        return sumReq[h] / cap[h] > threshold;
    }

    /**
     * PABFD: the host whose power rises least if {@code s} is added, scanning hosts in order and
     * keeping the first of equals; a host qualifies if it has a CPU and the free CPU for the request
     * and, unless it has nothing allocated, would not be overloaded with it. −1 if none.
     */
    int findHost(int s, boolean[] excluded) {
        double r = req[s];
        double perVcpu = r / vcpus[s];
        double minPower = Double.MAX_VALUE;
        int best = -1;
        for (int h = 0; h < hosts; h++) {
            if (excluded[h] || !accepts[h] || perCpu[h] < perVcpu || avail[h] < r) {
                continue;
            }
            if (sumAlloc[h] != 0 && (sumReq[h] + r) / cap[h] > threshold) {
                continue;
            }
            double diff = model[h].watts((sumAlloc[h] + r) / cap[h]) - pLast[h];
            if (diff < minPower) {
                minPower = diff;
                best = h;
            }
        }
        return best;
    }

    /** CloudSim's MMT pick: the non-migrating server with the least memory, the first of equals; −1 if none. */
    int minimumMigrationTime(int h) {
        IntList list = vms[h];
        int best = -1;
        for (int i = 0; i < list.size(); i++) {
            int s = list.get(i);
            if (!migrating[s] && !in[h].contains(s) && (best < 0 || ram[s] < ram[best])) {
                best = s;
            }
        }
        return best;
    }
}
