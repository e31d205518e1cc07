package dev.hpm.core.driver;

/**
 * The CFS scheduler parameters of a running QEMU domain as libvirt reports them: {@code cpu_shares}
 * and the bandwidth limits (period in µs, quota in µs per period; a quota ≤ 0 means no limit).
 */
public record SchedulerParameters(long cpuShares, long vcpuPeriod, long vcpuQuota, long globalPeriod,
                                  long globalQuota) {
    /** libvirt's largest quota; larger or non-positive values mean unlimited. */
    public static final long MAX_QUOTA = 17_592_186_044_415L;
    /** The KVM default weight of a domain under cgroup v1. */
    public static final long DEFAULT_SHARES = 1024;
    /** The default CFS period, 100 ms. */
    public static final long DEFAULT_PERIOD = 100_000;

    /** Default shares and no limits. */
    public static SchedulerParameters defaults() {
        return new SchedulerParameters(DEFAULT_SHARES, DEFAULT_PERIOD, -1, DEFAULT_PERIOD, -1);
    }

    /** The CPUs this domain may use at most given its quotas, or +∞ if it has no limit. */
    public double capCpus(int vcpus) {
        double cap = Double.POSITIVE_INFINITY;
        if (limited(vcpuQuota) && vcpuPeriod > 0) {
            cap = Math.min(cap, (double) vcpuQuota / vcpuPeriod * vcpus);
        }
        if (limited(globalQuota) && globalPeriod > 0) {
            cap = Math.min(cap, (double) globalQuota / globalPeriod);
        }
        return cap;
    }

    private static boolean limited(long quota) {
        return quota > 0 && quota < MAX_QUOTA;
    }

    public SchedulerParameters with(SchedulerUpdate update) {
        return new SchedulerParameters(
                update.cpuShares().orElse(cpuShares), vcpuPeriod, vcpuQuota,
                update.globalPeriod().orElse(globalPeriod), update.globalQuota().orElse(globalQuota));
    }
}
