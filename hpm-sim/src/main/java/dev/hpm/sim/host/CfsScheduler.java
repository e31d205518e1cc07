package dev.hpm.sim.host;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The simulator's model of the Linux CFS for VM cgroups, written independently of the CPU
 * manager's projection so that the manager is judged against a model it does not share:
 * progressive filling (D. Bertsekas and R. Gallager, "Data Networks", 2nd ed., §6.5.2) of a
 * weighted fair share. All domains that still want more receive CPU at a rate proportional to
 * their {@code cpu_shares} until one reaches its limit (its demand, at most one CPU per vCPU, and
 * its CFS bandwidth cap); it then stops and the others continue with what is left, until the
 * CPUs are used up or everybody is satisfied.
 *
 * <p>Optionally {@code noise} perturbs each contended domain's allocation by a seeded random
 * factor within ±noise (keeping the total), standing in for what the fluid model leaves out:
 * load-balancing imbalance between per-CPU run queues, wake-up latency, timer granularity.
 */
public final class CfsScheduler implements CpuScheduler {
    private final double noise;
    private final SplittableRandom random;

    public CfsScheduler(double noise, long seed) {
        if (!(noise >= 0 && noise < 0.5)) {
            throw new IllegalArgumentException("scheduler noise must be from 0 to below 0.5, was " + noise);
        }
        this.noise = noise;
        this.random = new SplittableRandom(seed);
    }

    /** A noise-free CFS model. */
    public static CfsScheduler exact() {
        return new CfsScheduler(0, 0);
    }

    @Override
    public void allocate(double cpus, List<SimDomain> domains, double[] wanted, double[] allocation) {
        int n = domains.size();
        double[] limit = limits(domains, wanted, allocation);
        fill(cpus, domains, limit, allocation);
        if (noise > 0) {
            perturb(limit, allocation, n);
        }
    }

    /** Each domain's limit for the tick: its demand, at most its cap; clears {@code allocation}. */
    public static double[] limits(List<SimDomain> domains, double[] wanted, double[] allocation) {
        double[] limit = new double[domains.size()];
        for (int i = 0; i < limit.length; i++) {
            limit[i] = Math.min(wanted[i], domains.get(i).cap());
            allocation[i] = 0;
        }
        return limit;
    }

    /**
     * Progressive filling: hands out {@code cpus} on top of {@code allocation} to every domain
     * still below its {@code limit}, in proportion to its shares, until the CPUs or the demand
     * run out.
     */
    public static void fill(double cpus, List<SimDomain> domains, double[] limit, double[] allocation) {
        int n = domains.size();
        boolean[] active = new boolean[n];
        for (int i = 0; i < n; i++) {
            active[i] = allocation[i] < limit[i] - 1e-12;
        }
        double left = cpus;
        while (left > 1e-12) {
            double weight = 0;
            double step = Double.POSITIVE_INFINITY; // CPU per unit of weight until the next domain is satisfied
            for (int i = 0; i < n; i++) {
                if (active[i]) {
                    double w = domains.get(i).scheduler().cpuShares();
                    weight += w;
                    step = Math.min(step, (limit[i] - allocation[i]) / w);
                }
            }
            if (weight == 0) {
                return;
            }
            double rate = Math.min(step, left / weight);
            for (int i = 0; i < n; i++) {
                if (active[i]) {
                    allocation[i] += rate * domains.get(i).scheduler().cpuShares();
                    if (allocation[i] >= limit[i] - 1e-12) {
                        allocation[i] = limit[i];
                        active[i] = false;
                    }
                }
            }
            left -= rate * weight;
        }
    }

    /** Jitters the contended domains' allocations, keeping their total (up to their limits). */
    private void perturb(double[] limit, double[] allocation, int n) {
        boolean[] contended = new boolean[n];
        double before = 0;
        double after = 0;
        for (int i = 0; i < n; i++) {
            contended[i] = allocation[i] < limit[i] - 1e-9;
            if (contended[i]) {
                before += allocation[i];
                allocation[i] *= 1 + noise * (2 * random.nextDouble() - 1);
                after += allocation[i];
            }
        }
        double scale = after > 0 ? before / after : 1;
        for (int i = 0; i < n; i++) {
            if (contended[i]) {
                allocation[i] = Math.min(limit[i], allocation[i] * scale);
            }
        }
    }
}
