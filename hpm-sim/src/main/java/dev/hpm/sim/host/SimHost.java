package dev.hpm.sim.host;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A simulated KVM host: a number of CPUs shared by its domains under a {@link CpuScheduler}.
 * Every tick it asks each domain's demand, divides the CPUs and advances every counter as the
 * kernel and libvirt would. It can be made unreachable to test how HPM copes. Ticks and
 * {@link SimDriver} calls synchronise on the host, so a real-time driver thread and the control
 * loop may share it.
 */
public final class SimHost {
    private final String name;
    private final int cpus;
    private final long memoryKiB;
    private final CpuScheduler scheduler;
    private final List<SimDomain> domains = new ArrayList<>();
    private double busyNanos;
    private double idleNanos;
    private boolean reachable = true;
    private double[] wanted = new double[0];
    private double[] allocation = new double[0];
    private double overhead;
    private double lastUsed;
    private final java.util.Map<SimDomain, Double> degraded = new java.util.HashMap<>();

    public SimHost(String name, int cpus, long memoryKiB, CpuScheduler scheduler) {
        if (cpus < 1) {
            throw new IllegalArgumentException(name + ": cpus must be at least 1, was " + cpus);
        }
        this.name = name;
        this.cpus = cpus;
        this.memoryKiB = memoryKiB;
        this.scheduler = scheduler;
    }

    public String name() {
        return name;
    }

    public int cpus() {
        return cpus;
    }

    public long memoryKiB() {
        return memoryKiB;
    }

    public synchronized void add(SimDomain domain) {
        domains.add(domain);
    }

    /** Takes a domain off this host (it migrated away or was shut down); false if it was not here. */
    public synchronized boolean remove(SimDomain domain) {
        degraded.remove(domain);
        return domains.remove(domain);
    }

    /**
     * CPUs busy outside the domains from now on (host processes, e.g. the migration threads of QEMU),
     * taken before the domains share the rest and counted in the host's busy time as libvirt's
     * node statistics count them.
     */
    public synchronized void overhead(double cpus) {
        overhead = Math.clamp(cpus, 0, this.cpus);
    }

    /** From now on {@code domain} gets {@code fraction} less CPU than the scheduler gives it (0: none). */
    public synchronized void degrade(SimDomain domain, double fraction) {
        if (fraction <= 0) {
            degraded.remove(domain);
        } else {
            degraded.put(domain, Math.min(fraction, 1));
        }
    }

    /** CPUs used in the last tick, overhead included. */
    public synchronized double lastUsedCpus() {
        return lastUsed;
    }

    public List<SimDomain> domains() {
        return Collections.unmodifiableList(domains);
    }

    public boolean reachable() {
        return reachable;
    }

    /** Makes the host's libvirt connection fail (or work again); the domains keep running. */
    public void reachable(boolean value) {
        reachable = value;
    }

    double busyNanos() {
        return busyNanos;
    }

    double idleNanos() {
        return idleNanos;
    }

    /** Runs the host for one tick of {@code tickNanos} starting at simulated time {@code nowNanos}. */
    public synchronized void tick(long nowNanos, long tickNanos) {
        int n = domains.size();
        if (wanted.length < n) {
            wanted = new double[n];
            allocation = new double[n];
        }
        for (int i = 0; i < n; i++) {
            wanted[i] = domains.get(i).wanted(nowNanos);
        }
        scheduler.allocate(cpus - overhead, domains, wanted, allocation);
        double seconds = tickNanos / 1e9;
        double used = overhead;
        for (int i = 0; i < n; i++) {
            Double loss = degraded.isEmpty() ? null : degraded.get(domains.get(i));
            if (loss != null) {
                allocation[i] *= 1 - loss;
            }
            domains.get(i).account(wanted[i], allocation[i], seconds);
            used += allocation[i];
        }
        lastUsed = used;
        busyNanos += used * tickNanos;
        idleNanos += Math.max(0, cpus - used) * tickNanos;
    }
}
