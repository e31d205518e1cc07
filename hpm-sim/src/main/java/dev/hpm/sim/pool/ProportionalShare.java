package dev.hpm.sim.pool;

/**
 * CloudSim 3.0.3's division of a host's CPU among its servers
 * ({@code VmSchedulerTimeSharedOverSubscription}, as used in A. Beloglazov and R. Buyya, "Optimal
 * online deterministic algorithms and adaptive heuristics for energy and performance efficient
 * dynamic consolidation of virtual machines in cloud data centers", CCPE 24(13), 2012).
 *
 * <p>Each vCPU's request is capped at one physical CPU. Servers are taken in the host's list
 * order; while the capped requests fit in what is left, each gets its request (a server migrating
 * out 90 % of it, one migrating in 10 %, and only that 10 % is charged to the host). Once one does
 * not fit, the host is oversubscribed: every share is scaled by capacity ÷ Σ charged requests and
 * floored to whole MIPS.
 */
public final class ProportionalShare {
    /** A server that runs here and is not moving. */
    public static final byte NORMAL = 0;
    /** A server migrating away from this host. */
    public static final byte OUT = 1;
    /** A server migrating onto this host. */
    public static final byte IN = 2;
    /** CloudSim degrades a migrating server by 10 % of its CPU. */
    public static final double MIGRATION_DEGRADATION = 0.1;

    private ProportionalShare() {
    }

    /** A request capped at one physical CPU per vCPU. */
    public static double capped(double request, int vcpus, double perCpu) {
        double perVcpu = request / vcpus;
        return perVcpu > perCpu ? perCpu * vcpus : request;
    }

    /** What the host is charged for a server's capped request. */
    static double charged(double capped, byte kind) {
        return kind == IN ? capped * MIGRATION_DEGRADATION : capped;
    }

    /**
     * Allocates the host's CPU.
     *
     * @param floorPerUnit when oversubscribed, shares are floored to 1/floorPerUnit CPU units
     *                     (1000 for CloudSim's whole MIPS with a unit of 1000 MIPS); 0 for none
     * @param alloc        receives each server's allocation
     * @return the CPU units left unallocated, 0 when the host was oversubscribed
     */
    public static double allocate(double capacity, double perCpu, int n, double[] request, int[] vcpus, byte[] kind,
                                   double floorPerUnit, double[] alloc) {
        double available = capacity;
        boolean over = false;
        double charged = 0;
        for (int i = 0; i < n; i++) {
            double c = capped(request[i], vcpus[i], perCpu);
            double ch = charged(c, kind[i]);
            charged += ch;
            if (!over && available >= ch) {
                alloc[i] = kind[i] == OUT ? c * (1 - MIGRATION_DEGRADATION) : kind[i] == IN ? c * MIGRATION_DEGRADATION : c;
                available -= ch;
            } else {
                over = true;
            }
        }
        if (!over) {
            return available;
        }
        double scale = capacity / charged;
        for (int i = 0; i < n; i++) {
            double perVcpu = capped(request[i], vcpus[i], perCpu) / vcpus[i];
            double share = switch (kind[i]) {
                case OUT -> perVcpu * scale * (1 - MIGRATION_DEGRADATION);
                case IN -> perVcpu * MIGRATION_DEGRADATION * scale;
                default -> perVcpu * scale;
            };
            alloc[i] = floor(share, floorPerUnit) * vcpus[i];
        }
        return 0;
    }

    /** What the host counts as used for a server's allocation: a server migrating out at its full share. */
    public static double used(double alloc, byte kind) {
        return kind == OUT ? alloc / (1 - MIGRATION_DEGRADATION) : alloc;
    }

    private static double floor(double v, double perUnit) {
        return perUnit > 0 ? Math.floor(v * perUnit) / perUnit : v;
    }
}
