package dev.hpm.core.driver;

import java.util.OptionalLong;

/**
 * The scheduler parameters HPM changes: {@code cpu_shares} and the domain-wide cap
 * ({@code global_period}/{@code global_quota}, µs; quota -1 removes the cap). Absent values stay as
 * they are.
 */
public record SchedulerUpdate(OptionalLong cpuShares, OptionalLong globalPeriod, OptionalLong globalQuota) {

    public static SchedulerUpdate shares(long cpuShares) {
        return new SchedulerUpdate(OptionalLong.of(cpuShares), OptionalLong.empty(), OptionalLong.empty());
    }

    /** Sets shares and a cap of {@code capCpus} CPUs (+∞ removes the cap). */
    public static SchedulerUpdate sharesAndCap(long cpuShares, double capCpus) {
        if (Double.isInfinite(capCpus)) {
            return new SchedulerUpdate(OptionalLong.of(cpuShares), OptionalLong.empty(), OptionalLong.of(-1));
        }
        long period = SchedulerParameters.DEFAULT_PERIOD;
        long quota = Math.max(1000, Math.round(capCpus * period));
        return new SchedulerUpdate(OptionalLong.of(cpuShares), OptionalLong.of(period), OptionalLong.of(quota));
    }

    public boolean isEmpty() {
        return cpuShares.isEmpty() && globalPeriod.isEmpty() && globalQuota.isEmpty();
    }
}
