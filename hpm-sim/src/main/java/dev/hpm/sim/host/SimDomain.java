package dev.hpm.sim.host;

import dev.hpm.core.driver.DomainDevices;
import dev.hpm.core.driver.DomainSample;
import dev.hpm.core.driver.SchedulerParameters;
import dev.hpm.sim.demand.DemandModel;

import java.util.Arrays;
import java.util.List;

/**
 * A simulated QEMU domain: its vCPUs, scheduler parameters and the cumulative counters libvirt
 * would report for it, advanced by its host every tick.
 */
public final class SimDomain {
    /** {@code VIR_DOMAIN_PAUSED}. */
    public static final int PAUSED = 3;
    /** {@code VIR_DOMAIN_SHUTOFF}. */
    public static final int SHUT_OFF = 5;
    private final String uuid;
    private final String name;
    private final int vcpus;
    private final long memoryKiB;
    private final DemandModel demand;
    private SchedulerParameters scheduler;
    private int state = DomainSample.STATE_RUNNING;
    private double cpuTime;
    private final double[] vcpuTime;
    private final double[] vcpuDelay;
    private double lastDemand;
    private double lastAllocation;

    public SimDomain(String uuid, String name, int vcpus, long memoryKiB, DemandModel demand, long shares) {
        this(uuid, name, vcpus, memoryKiB, demand, shares, Double.POSITIVE_INFINITY);
    }

    /**
     * @param capCpus a cap set by the administrator, as a per-vCPU {@code vcpu_quota}; +∞ for none
     */
    public SimDomain(String uuid, String name, int vcpus, long memoryKiB, DemandModel demand, long shares,
                     double capCpus) {
        if (vcpus < 1) {
            throw new IllegalArgumentException(name + ": vcpus must be at least 1, was " + vcpus);
        }
        this.uuid = uuid;
        this.name = name;
        this.vcpus = vcpus;
        this.memoryKiB = memoryKiB;
        this.demand = demand;
        long period = SchedulerParameters.DEFAULT_PERIOD;
        long vcpuQuota = Double.isInfinite(capCpus) ? -1 : Math.max(1000, Math.round(capCpus / vcpus * period));
        this.scheduler = new SchedulerParameters(shares, period, vcpuQuota, period, -1);
        this.vcpuTime = new double[vcpus];
        this.vcpuDelay = new double[vcpus];
    }

    public String uuid() {
        return uuid;
    }

    public String name() {
        return name;
    }

    public int vcpus() {
        return vcpus;
    }

    public long memoryKiB() {
        return memoryKiB;
    }

    public boolean running() {
        return state == DomainSample.STATE_RUNNING;
    }

    public int state() {
        return state;
    }

    public SchedulerParameters scheduler() {
        return scheduler;
    }

    void scheduler(SchedulerParameters parameters) {
        this.scheduler = parameters;
    }

    /** The CPUs it wants at {@code nanos}, limited by its vCPUs (not yet by its cap). */
    double wanted(long nanos) {
        return running() ? Math.min(Math.max(demand.cpus(nanos), 0), vcpus) : 0;
    }

    /** Its cap in CPUs from its quotas, +∞ if none. */
    public double cap() {
        return scheduler.capCpus(vcpus);
    }

    /**
     * Advances its counters by one tick in which it wanted {@code wanted} CPUs and got
     * {@code allocated}: each vCPU runs {@code allocated / vcpus} and waits for the rest of its part
     * of the demand (runnable but not running, or throttled by its cap).
     */
    void account(double wanted, double allocated, double seconds) {
        lastDemand = wanted;
        lastAllocation = allocated;
        double runPerVcpu = allocated / vcpus * seconds * 1e9;
        double waitPerVcpu = Math.max(0, wanted - allocated) / vcpus * seconds * 1e9;
        for (int i = 0; i < vcpus; i++) {
            vcpuTime[i] += runPerVcpu;
            vcpuDelay[i] += waitPerVcpu;
        }
        cpuTime += allocated * seconds * 1e9;
    }

    /** Restarts the domain: QEMU starts afresh, so every counter starts again at zero. */
    public void restart() {
        cpuTime = 0;
        Arrays.fill(vcpuTime, 0);
        Arrays.fill(vcpuDelay, 0);
        state = DomainSample.STATE_RUNNING;
    }

    /**
     * Its devices as a typical KVM guest has them: one virtio disk {@code vda} on an image named after
     * it and one virtio interface on libvirt's {@code default} network, with a MAC in QEMU's
     * {@code 52:54:00} range taken from its UUID.
     */
    public DomainDevices devices() {
        String hex = uuid.replace("-", "");
        String mac = "52:54:00:" + hex.substring(0, 2) + ":" + hex.substring(2, 4) + ":" + hex.substring(4, 6);
        return new DomainDevices(List.of(new DomainDevices.Disk("vda", "disk", "/var/lib/libvirt/images/" + name + ".qcow2")),
                List.of(new DomainDevices.Nic(mac, "network", "default", "virtio")));
    }

    public void pause() {
        state = PAUSED;
    }

    /** Shuts the domain off ({@code VIR_DOMAIN_SHUTOFF}): it wants no CPU until it is started again. */
    public void shutOff() {
        state = SHUT_OFF;
    }

    public void resume() {
        state = DomainSample.STATE_RUNNING;
    }

    long cpuTimeNanos() {
        return (long) cpuTime;
    }

    long vcpuTimeNanos(int i) {
        return (long) vcpuTime[i];
    }

    long vcpuDelayNanos(int i) {
        return (long) vcpuDelay[i];
    }

    /** Σ of its vCPUs' run time so far (what {@code vcpu.N.time} reports), nanoseconds. */
    public double usingNanos() {
        double sum = 0;
        for (double t : vcpuTime) {
            sum += t;
        }
        return sum;
    }

    /** Σ of its vCPUs' wait for a CPU so far (what {@code vcpu.N.delay} reports), nanoseconds. */
    public double delayNanos() {
        double sum = 0;
        for (double t : vcpuDelay) {
            sum += t;
        }
        return sum;
    }

    /** What it wanted in the last tick, in CPUs. */
    public double lastDemand() {
        return lastDemand;
    }

    /** What it got in the last tick, in CPUs. */
    public double lastAllocation() {
        return lastAllocation;
    }
}
