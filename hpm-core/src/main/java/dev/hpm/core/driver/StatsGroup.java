package dev.hpm.core.driver;

/**
 * The groups of {@code virConnectGetAllDomainStats} ({@code VIR_DOMAIN_STATS_*}), with their
 * libvirt flag bits. HPM asks for the cheap CPU groups every interval and the costly ones at a
 * slower cadence.
 */
public enum StatsGroup {
    STATE(1 << 0),
    CPU_TOTAL(1 << 1),
    BALLOON(1 << 2),
    VCPU(1 << 3),
    INTERFACE(1 << 4),
    BLOCK(1 << 5),
    PERF(1 << 6);

    /** The groups every CPU-manager interval needs. */
    public static final java.util.Set<StatsGroup> CPU = java.util.Collections.unmodifiableSet(
            java.util.EnumSet.of(STATE, CPU_TOTAL, VCPU));
    /** Every group HPM uses. */
    public static final java.util.Set<StatsGroup> ALL = java.util.Collections.unmodifiableSet(
            java.util.EnumSet.of(STATE, CPU_TOTAL, BALLOON, VCPU, INTERFACE, BLOCK));

    private final int flag;

    StatsGroup(int flag) {
        this.flag = flag;
    }

    /** The {@code VIR_DOMAIN_STATS_*} bit. */
    public int flag() {
        return flag;
    }

    /** The bitwise OR of the groups' flags. */
    public static int flags(java.util.Set<StatsGroup> groups) {
        int flags = 0;
        for (StatsGroup group : groups) {
            flags |= group.flag;
        }
        return flags;
    }
}
