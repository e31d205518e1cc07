package dev.hpm.core.driver;

import java.util.Arrays;

/**
 * One domain's counters from one {@code virConnectGetAllDomainStats} record, decoded by
 * {@link DomainStatsDecoder}. Times are cumulative nanoseconds, memory KiB, I/O bytes summed over
 * devices; a counter the record did not carry is {@link #ABSENT}. {@code vcpuDelayNanos} is
 * {@code null} when the hypervisor does not report {@code vcpu.N.delay} (libvirt before 7.2).
 *
 * @param timestampNanos monotonic time at which the record was read
 */
public record DomainSample(String uuid, String name, long timestampNanos, int state,
                           long cpuTimeNanos, long cpuUserNanos, long cpuSystemNanos,
                           int vcpuCurrent, int vcpuMaximum, long[] vcpuTimeNanos, long[] vcpuDelayNanos,
                           long balloonCurrentKiB, long balloonMaximumKiB, long balloonRssKiB,
                           long balloonAvailableKiB, long balloonUsableKiB, long balloonUnusedKiB,
                           long netRxBytes, long netTxBytes, long blockReadBytes, long blockWriteBytes) {

    public static final long ABSENT = -1;

    /** {@code VIR_DOMAIN_RUNNING}. */
    public static final int STATE_RUNNING = 1;

    /** Σ {@code vcpu.N.time}: the time the vCPUs ran, or {@link #ABSENT}. */
    public long usingNanos() {
        return sum(vcpuTimeNanos);
    }

    /** Σ {@code vcpu.N.delay}: the time runnable vCPUs waited for a physical CPU, or {@link #ABSENT}. */
    public long delayNanos() {
        return sum(vcpuDelayNanos);
    }

    /** Number of vCPUs: {@code vcpu.current}, else the number of vCPUs reported. */
    public int vcpus() {
        if (vcpuCurrent > 0) {
            return vcpuCurrent;
        }
        return vcpuTimeNanos == null ? 0 : vcpuTimeNanos.length;
    }

    private static long sum(long[] values) {
        if (values == null) {
            return ABSENT;
        }
        long total = 0;
        for (long v : values) {
            if (v > 0) {
                total += v;
            }
        }
        return total;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DomainSample s && uuid.equals(s.uuid) && timestampNanos == s.timestampNanos
                && cpuTimeNanos == s.cpuTimeNanos && Arrays.equals(vcpuTimeNanos, s.vcpuTimeNanos)
                && Arrays.equals(vcpuDelayNanos, s.vcpuDelayNanos);
    }

    @Override
    public int hashCode() {
        return uuid.hashCode() * 31 + Long.hashCode(timestampNanos);
    }

    @Override
    public String toString() {
        return "DomainSample[" + name + " " + uuid + " t=" + timestampNanos + " cpu.time=" + cpuTimeNanos
                + " vcpu.time=" + Arrays.toString(vcpuTimeNanos) + " vcpu.delay=" + Arrays.toString(vcpuDelayNanos) + "]";
    }
}
