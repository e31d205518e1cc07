package dev.hpm.core.driver;

import java.util.Arrays;

/**
 * Turns the typed parameters of one {@code virDomainStatsRecord} into a {@link DomainSample}.
 * This is the one place that knows libvirt's field names; the libvirt driver feeds it the
 * native parameters and the simulator feeds it the same names, so both take the same path.
 * Unknown fields are ignored. A decoder is reused: {@link #begin} starts the next record.
 * Not thread-safe.
 *
 * <p>Field names and units are those of {@code virConnectGetAllDomainStats}: {@code state.state},
 * {@code cpu.time}/{@code cpu.user}/{@code cpu.system} (ns), {@code vcpu.current},
 * {@code vcpu.maximum}, {@code vcpu.N.time} and {@code vcpu.N.delay} (ns), {@code balloon.*}
 * (KiB), {@code net.N.rx.bytes}/{@code net.N.tx.bytes} and {@code block.N.rd.bytes}/
 * {@code block.N.wr.bytes} (bytes).
 */
public final class DomainStatsDecoder {
    private String uuid;
    private String name;
    private long timestamp;
    private int state;
    private long cpuTime;
    private long cpuUser;
    private long cpuSystem;
    private int vcpuCurrent;
    private int vcpuMaximum;
    private long[] vcpuTime = new long[8];
    private long[] vcpuDelay = new long[8];
    private int vcpuSeen;
    private boolean delaySeen;
    private long balloonCurrent;
    private long balloonMaximum;
    private long balloonRss;
    private long balloonAvailable;
    private long balloonUsable;
    private long balloonUnused;
    private long netRx;
    private long netTx;
    private long blockRead;
    private long blockWrite;

    /** Starts a record for the domain {@code uuid} named {@code name}, read at {@code timestampNanos}. */
    public DomainStatsDecoder begin(String uuid, String name, long timestampNanos) {
        this.uuid = uuid;
        this.name = name;
        this.timestamp = timestampNanos;
        state = 0;
        cpuTime = cpuUser = cpuSystem = DomainSample.ABSENT;
        vcpuCurrent = vcpuMaximum = 0;
        Arrays.fill(vcpuTime, DomainSample.ABSENT);
        Arrays.fill(vcpuDelay, DomainSample.ABSENT);
        vcpuSeen = 0;
        delaySeen = false;
        balloonCurrent = balloonMaximum = balloonRss = DomainSample.ABSENT;
        balloonAvailable = balloonUsable = balloonUnused = DomainSample.ABSENT;
        netRx = netTx = blockRead = blockWrite = DomainSample.ABSENT;
        return this;
    }

    /** Takes one numeric typed parameter (int, uint, llong, ullong; doubles are rounded). */
    public DomainStatsDecoder field(String field, long value) {
        switch (field) {
            case "state.state" -> state = (int) value;
            case "cpu.time" -> cpuTime = value;
            case "cpu.user" -> cpuUser = value;
            case "cpu.system" -> cpuSystem = value;
            case "vcpu.current" -> vcpuCurrent = (int) value;
            case "vcpu.maximum" -> vcpuMaximum = (int) value;
            case "balloon.current" -> balloonCurrent = value;
            case "balloon.maximum" -> balloonMaximum = value;
            case "balloon.rss" -> balloonRss = value;
            case "balloon.available" -> balloonAvailable = value;
            case "balloon.usable" -> balloonUsable = value;
            case "balloon.unused" -> balloonUnused = value;
            default -> indexed(field, value);
        }
        return this;
    }

    private void indexed(String field, long value) {
        if (field.startsWith("vcpu.")) {
            int dot = field.indexOf('.', 5);
            if (dot < 0) {
                return;
            }
            int index = parseIndex(field, 5, dot);
            if (index < 0 || index >= 4096) {
                return;
            }
            String leaf = field.substring(dot + 1);
            if (leaf.equals("time")) {
                ensure(index);
                vcpuTime[index] = value;
                vcpuSeen = Math.max(vcpuSeen, index + 1);
            } else if (leaf.equals("delay")) {
                ensure(index);
                vcpuDelay[index] = value;
                vcpuSeen = Math.max(vcpuSeen, index + 1);
                delaySeen = true;
            }
        } else if (field.startsWith("net.") && field.endsWith(".bytes")) {
            if (field.endsWith(".rx.bytes")) {
                netRx = add(netRx, value);
            } else if (field.endsWith(".tx.bytes")) {
                netTx = add(netTx, value);
            }
        } else if (field.startsWith("block.") && field.endsWith(".bytes")) {
            if (field.endsWith(".rd.bytes")) {
                blockRead = add(blockRead, value);
            } else if (field.endsWith(".wr.bytes")) {
                blockWrite = add(blockWrite, value);
            }
        }
    }

    private static long add(long total, long value) {
        return total == DomainSample.ABSENT ? value : total + value;
    }

    private static int parseIndex(String s, int from, int to) {
        if (from >= to || to - from > 4) {
            return -1;
        }
        int n = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }

    private void ensure(int index) {
        if (index >= vcpuTime.length) {
            int size = Math.max(index + 1, vcpuTime.length * 2);
            int old = vcpuTime.length;
            vcpuTime = Arrays.copyOf(vcpuTime, size);
            vcpuDelay = Arrays.copyOf(vcpuDelay, size);
            Arrays.fill(vcpuTime, old, size, DomainSample.ABSENT);
            Arrays.fill(vcpuDelay, old, size, DomainSample.ABSENT);
        }
    }

    /** Finishes the record. */
    public DomainSample build() {
        long[] times = vcpuSeen == 0 ? null : Arrays.copyOf(vcpuTime, vcpuSeen);
        long[] delays = delaySeen ? Arrays.copyOf(vcpuDelay, vcpuSeen) : null;
        return new DomainSample(uuid, name, timestamp, state, cpuTime, cpuUser, cpuSystem, vcpuCurrent,
                vcpuMaximum, times, delays, balloonCurrent, balloonMaximum, balloonRss, balloonAvailable,
                balloonUsable, balloonUnused, netRx, netTx, blockRead, blockWrite);
    }
}
