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

    public void add(SimDomain domain) {
        domains.add(domain);
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
        scheduler.allocate(cpus, domains, wanted, allocation);
        double seconds = tickNanos / 1e9;
        double used = 0;
        for (int i = 0; i < n; i++) {
            domains.get(i).account(wanted[i], allocation[i], seconds);
            used += allocation[i];
        }
        busyNanos += used * tickNanos;
        idleNanos += Math.max(0, cpus - used) * tickNanos;
    }
}
