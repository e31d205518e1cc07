package dev.hpm.sim.pool;

import java.util.Arrays;

/**
 * The study's measures, accumulated exactly as CloudSim 3.0.3 computes them after a run from its
 * host and VM state histories (A. Beloglazov and R. Buyya, CCPE 24(13), 2012; the definitions as
 * read from the 3.0.3 code are in ../shared/data/planetlab/cloudsim.md §1 and scenarios/README.md).
 *
 * <p>Every update writes one entry per host and one per server on the host it runs on (a server
 * migrating in is not written by its destination). An entry written at the same instant as the
 * previous one replaces it. An interval between two entries is counted from the earlier one:
 * <ul>
 * <li>SLATAH = Σ hosts time with allocated &lt; requested ÷ Σ hosts active time (allocated &gt; 0),
 *     a ratio of sums;</li>
 * <li>PDM = Σ servers (requested − allocated)·dt while flagged as migrating out ÷ Σ servers
 *     requested·dt, a ratio of sums;</li>
 * <li>energy: per host and interval, 0 if the earlier utilisation was 0, otherwise the trapezoid
 *     of the power at both ends (added by the pool, {@link #addEnergy}).</li>
 * </ul>
 */
public final class PoolMetrics {
    private final long[] hostAt;
    private final double[] hostAlloc;
    private final double[] hostReq;
    private final boolean[] hostActive;
    private final long[] serverAt;
    private final double[] serverAlloc;
    private final double[] serverReq;
    private final boolean[] serverMigrating;
    private double activeSeconds;
    private double violationSeconds;
    private double requestedCpuSeconds;
    private double allocatedCpuSeconds;
    private double migrationShortfall;
    private double energyJoules;
    private double vmSecondsMigrating;
    private int migrations;
    private final double[] intervalAlloc;
    private final double[] intervalReq;

    public PoolMetrics(int hosts, int servers) {
        hostAt = new long[hosts];
        Arrays.fill(hostAt, -1);
        hostAlloc = new double[hosts];
        hostReq = new double[hosts];
        hostActive = new boolean[hosts];
        serverAt = new long[servers];
        Arrays.fill(serverAt, -1);
        serverAlloc = new double[servers];
        serverReq = new double[servers];
        serverMigrating = new boolean[servers];
        intervalAlloc = new double[servers];
        intervalReq = new double[servers];
    }

    /** A host's state at {@code at} ns: CPU units allocated (migrations adjusted) and requested. */
    public void host(int h, long at, double allocated, double requested) {
        long last = hostAt[h];
        if (last >= 0 && at > last) {
            double dt = (at - last) / 1e9;
            if (hostActive[h]) {
                activeSeconds += dt;
                if (hostAlloc[h] < hostReq[h]) {
                    violationSeconds += dt;
                }
            }
        }
        hostAt[h] = at;
        hostAlloc[h] = allocated;
        hostReq[h] = requested;
        hostActive[h] = allocated > 0;
    }

    /** A server's state at {@code at} ns on the host it runs on; {@code migrating} while it moves away. */
    public void server(int s, long at, double allocated, double requested, boolean migrating) {
        long last = serverAt[s];
        if (last >= 0 && at > last) {
            double dt = (at - last) / 1e9;
            requestedCpuSeconds += serverReq[s] * dt;
            allocatedCpuSeconds += serverAlloc[s] * dt;
            intervalReq[s] += serverReq[s] * dt;
            intervalAlloc[s] += serverAlloc[s] * dt;
            if (serverMigrating[s]) {
                vmSecondsMigrating += dt;
                if (serverAlloc[s] < serverReq[s]) {
                    migrationShortfall += (serverReq[s] - serverAlloc[s]) * dt;
                }
            }
        }
        serverAt[s] = at;
        serverAlloc[s] = allocated;
        serverReq[s] = requested;
        serverMigrating[s] = migrating;
    }

    /**
     * Server {@code s}'s velocity since the last call, 100 · ∫allocated ÷ ∫requested (HPM's
     * execution velocity with delay = requested − allocated), and starts a new interval; NaN if it
     * requested nothing.
     */
    public double takeVelocity(int s) {
        double r = intervalReq[s];
        double a = intervalAlloc[s];
        intervalReq[s] = 0;
        intervalAlloc[s] = 0;
        return r > 0 ? 100 * Math.min(a, r) / r : Double.NaN;
    }

    public void addEnergy(double joules) {
        energyJoules += joules;
    }

    public void migrationStarted() {
        migrations++;
    }

    public double energyKwh() {
        return energyJoules / 3_600_000.0;
    }

    public int migrations() {
        return migrations;
    }

    /** SLA violation time per active host (fraction). */
    public double slatah() {
        return activeSeconds == 0 ? 0 : violationSeconds / activeSeconds;
    }

    /** Performance degradation due to migration (fraction). */
    public double pdm() {
        return requestedCpuSeconds == 0 ? 0 : migrationShortfall / requestedCpuSeconds;
    }

    public double slav() {
        return slatah() * pdm();
    }

    public double esv() {
        return energyKwh() * slav();
    }

    /** Active host-seconds ÷ {@code seconds}: the mean number of active hosts (a cloudsim.md diagnostic). */
    public double meanActiveHosts(double seconds) {
        return activeSeconds / seconds;
    }

    /** Server-seconds flagged as migrating out (a cloudsim.md diagnostic). */
    public double vmSecondsMigrating() {
        return vmSecondsMigrating;
    }

    /** CloudSim's "overall SLA violation": 1 − Σ allocated·dt ÷ Σ requested·dt. */
    public double overallShortfall() {
        return requestedCpuSeconds == 0 ? 0 : (requestedCpuSeconds - allocatedCpuSeconds) / requestedCpuSeconds;
    }
}
