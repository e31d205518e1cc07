package dev.hpm.sim.pool;

import dev.hpm.core.cpu.CpuPolicy;
import dev.hpm.core.cpu.HostDecision;
import dev.hpm.core.cpu.HostView;
import dev.hpm.core.cpu.ShareChange;
import dev.hpm.core.cpu.ShareLedger;
import dev.hpm.core.cpu.VsView;
import dev.hpm.core.measure.ClassMeasurement;
import dev.hpm.core.measure.MeasurementSettings;
import dev.hpm.core.model.ClassInfo;
import dev.hpm.core.model.ClassKey;
import dev.hpm.core.model.Importance;
import dev.hpm.core.model.ManagementLevel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Goals in the pool: each decision interval every server's velocity (100 · allocated ÷ requested
 * CPU, i.e. using ÷ (using + delay) with delay the CPU it wanted and did not get) and PI, the goal
 * attainment per importance level, and, in CFS pools, HPM's CPU manager run unchanged on every
 * powered host with what it measured, its share changes applied to the pool.
 */
final class PoolGoals {
    private final CpuPolicy cpuPolicy;
    private final double minSampleCpus = MeasurementSettings.DEFAULT.minSampleCpus();
    private final Map<Integer, ShareLedger> ledgers = new HashMap<>();
    private final long[] met = new long[Importance.values().length];
    private final long[] samples = new long[Importance.values().length];
    private double[] pi = new double[0];
    private double[] demand = new double[0];
    private double[] using = new double[0];
    private long intervals;
    private int adjustments;

    /** @param cpuPolicy the CPU manager to run per host, or null for none */
    PoolGoals(CpuPolicy cpuPolicy) {
        this.cpuPolicy = cpuPolicy;
    }

    /** The interval of {@code seconds} just ended: velocities, PIs and attainment; then the CPU manager. */
    void endInterval(SimPool pool, double seconds) {
        int n = pool.serverCount();
        if (pi.length != n) {
            pi = new double[n];
            demand = new double[n];
            using = new double[n];
        }
        Arrays.fill(pi, Double.NaN);
        for (int s = 0; s < n; s++) {
            double req = pool.metrics().intervalRequested(s);
            double alloc = Math.min(req, pool.metrics().intervalAllocated(s));
            pool.metrics().resetInterval(s);
            demand[s] = seconds > 0 ? req / seconds : 0;
            using[s] = seconds > 0 ? alloc / seconds : 0;
            ClassInfo c = pool.servers[s].serviceClass();
            if (!pool.alive[s] || req <= 0 || demand[s] < minSampleCpus) {
                continue;
            }
            double velocity = 100 * alloc / req;
            pi[s] = c.isDiscretionary() ? ClassInfo.DISCRETIONARY_PI : velocity == 0 ? Double.POSITIVE_INFINITY : c.goalVelocity() / velocity;
            if (!c.isDiscretionary()) {
                samples[c.importance().ordinal()]++;
                met[c.importance().ordinal()] += pi[s] <= 1 ? 1 : 0;
            }
        }
        intervals++;
        if (cpuPolicy != null) {
            for (int h = 0; h < pool.hostCount(); h++) {
                if (pool.power[h].isOn() && !pool.vms[h].isEmpty()) {
                    manage(pool, h);
                }
            }
        }
    }

    private void manage(SimPool pool, int h) {
        List<VsView> servers = new ArrayList<>();
        Map<ClassKey, List<Integer>> byClass = new LinkedHashMap<>();
        for (int i = 0; i < pool.vms[h].size(); i++) {
            int s = pool.vms[h].get(i);
            if (pool.incoming[h].contains(s)) {
                continue;
            }
            SimPool.ServerSpec spec = pool.servers[s];
            servers.add(new VsView(spec.id(), spec.id(), spec.serviceClass(), ManagementLevel.MANAGE, spec.vcpus(),
                    pool.shares[s], Double.POSITIVE_INFINITY, demand[s] > 0 ? demand[s] : spec.vcpus(), using[s],
                    !Double.isNaN(pi[s])));
            byClass.computeIfAbsent(spec.serviceClass().key(), k -> new ArrayList<>()).add(s);
        }
        Map<ClassKey, ClassMeasurement> classes = new HashMap<>();
        byClass.forEach((key, members) -> classes.put(key, measure(pool, members)));
        HostView view = new HostView(pool.hosts[h].id(), ManagementLevel.MANAGE, pool.hosts[h].capacity(), servers,
                classes, Map.of());
        ShareLedger ledger = ledgers.computeIfAbsent(h, k -> new ShareLedger());
        HostDecision decision = cpuPolicy.decide(view, ledger, intervals);
        for (ShareChange change : decision.changes()) {
            for (int i = 0; i < pool.vms[h].size(); i++) {
                int s = pool.vms[h].get(i);
                if (pool.servers[s].id().equals(change.uuid())) {
                    pool.setShares(s, change.sharesAfter());
                }
            }
            ledger.applied(change, intervals);
            adjustments++;
        }
    }

    private ClassMeasurement measure(SimPool pool, List<Integer> members) {
        ClassInfo c = pool.servers[members.getFirst()].serviceClass();
        double u = 0;
        double d = 0;
        double worst = Double.NaN;
        int measured = 0;
        for (int s : members) {
            if (!Double.isNaN(pi[s])) {
                measured++;
                u += using[s];
                d += demand[s] - using[s];
                worst = Double.isNaN(worst) ? pi[s] : Math.max(worst, pi[s]);
            }
        }
        double velocity = measured == 0 || u + d <= 0 ? Double.NaN : 100 * u / (u + d);
        double classPi = Double.isNaN(velocity) ? Double.NaN : c.isDiscretionary() ? ClassInfo.DISCRETIONARY_PI
                : velocity == 0 ? Double.POSITIVE_INFINITY : c.goalVelocity() / velocity;
        return new ClassMeasurement(c, members.size(), measured, u, d, velocity, classPi, worst);
    }

    /** A server that moved starts its share history afresh on its new host. */
    void moved(String server, int from) {
        ShareLedger ledger = ledgers.get(from);
        if (ledger != null) {
            ledger.forget(server);
        }
    }

    /** Server {@code s}'s mean requested CPU over the interval just ended (using + delay). */
    double demand(int s) {
        return s < demand.length ? demand[s] : 0;
    }

    double pi(int s) {
        return s < pi.length ? pi[s] : Double.NaN;
    }

    Map<Importance, Double> attainment() {
        Map<Importance, Double> out = new java.util.EnumMap<>(Importance.class);
        for (Importance i : Importance.values()) {
            if (samples[i.ordinal()] > 0) {
                out.put(i, (double) met[i.ordinal()] / samples[i.ordinal()]);
            }
        }
        return out;
    }

    int adjustments() {
        return adjustments;
    }
}
