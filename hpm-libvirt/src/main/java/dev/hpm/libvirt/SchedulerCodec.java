package dev.hpm.libvirt;

import dev.hpm.core.driver.HypervisorDriver.Affect;
import dev.hpm.core.driver.SchedulerParameters;
import dev.hpm.core.driver.SchedulerUpdate;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Translates between HPM's scheduler records and the typed parameters of the QEMU driver's
 * {@code virDomainGet/SetSchedulerParametersFlags}: {@code cpu_shares} (ullong), {@code vcpu_period}
 * (ullong, µs), {@code vcpu_quota} (llong, µs), {@code global_period} (ullong, µs) and
 * {@code global_quota} (llong, µs; -1 is no limit).
 */
public final class SchedulerCodec {
    /** {@code VIR_DOMAIN_SCHEDULER_CPU_SHARES}. */
    public static final String CPU_SHARES = "cpu_shares";
    /** {@code VIR_DOMAIN_SCHEDULER_VCPU_PERIOD}. */
    public static final String VCPU_PERIOD = "vcpu_period";
    /** {@code VIR_DOMAIN_SCHEDULER_VCPU_QUOTA}. */
    public static final String VCPU_QUOTA = "vcpu_quota";
    /** {@code VIR_DOMAIN_SCHEDULER_GLOBAL_PERIOD}. */
    public static final String GLOBAL_PERIOD = "global_period";
    /** {@code VIR_DOMAIN_SCHEDULER_GLOBAL_QUOTA}. */
    public static final String GLOBAL_QUOTA = "global_quota";

    /** {@code VIR_DOMAIN_AFFECT_LIVE}. */
    static final int AFFECT_LIVE = 1;
    /** {@code VIR_DOMAIN_AFFECT_CONFIG}. */
    static final int AFFECT_CONFIG = 2;

    private SchedulerCodec() {
    }

    /**
     * The parameters HPM models, from what libvirt reported. A parameter the hypervisor did not
     * report (the {@code test://} driver reports only {@code weight}) takes its value from
     * {@link SchedulerParameters#defaults()}, the values a QEMU domain has when nothing was set; the
     * raw list from {@link LibvirtDomains#schedulerParameters} shows what was really there.
     */
    public static SchedulerParameters decode(List<TypedParam> params) {
        SchedulerParameters d = SchedulerParameters.defaults();
        return new SchedulerParameters(
                value(params, CPU_SHARES, d.cpuShares()), value(params, VCPU_PERIOD, d.vcpuPeriod()),
                value(params, VCPU_QUOTA, d.vcpuQuota()), value(params, GLOBAL_PERIOD, d.globalPeriod()),
                value(params, GLOBAL_QUOTA, d.globalQuota()));
    }

    /** The typed parameters that carry {@code update}, in libvirt's types; empty if it changes nothing. */
    public static List<TypedParam> encode(SchedulerUpdate update) {
        List<TypedParam> params = new ArrayList<>(3);
        update.cpuShares().ifPresent(v -> params.add(new TypedParam.ULLongValue(CPU_SHARES, v)));
        update.globalPeriod().ifPresent(v -> params.add(new TypedParam.ULLongValue(GLOBAL_PERIOD, v)));
        update.globalQuota().ifPresent(v -> params.add(new TypedParam.LLongValue(GLOBAL_QUOTA, v)));
        return params;
    }

    /** {@code VIR_DOMAIN_AFFECT_*} bits; the empty set is {@code VIR_DOMAIN_AFFECT_CURRENT} (0). */
    public static int affectFlags(Set<Affect> affect) {
        return (affect.contains(Affect.LIVE) ? AFFECT_LIVE : 0) | (affect.contains(Affect.CONFIG) ? AFFECT_CONFIG : 0);
    }

    private static long value(List<TypedParam> params, String field, long absent) {
        for (TypedParam p : params) {
            if (p.field().equals(field)) {
                return p.numeric().orElse(absent);
            }
        }
        return absent;
    }
}
