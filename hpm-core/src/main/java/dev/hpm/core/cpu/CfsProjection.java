package dev.hpm.core.cpu;

import java.util.Arrays;

/**
 * Projects how the Linux CFS divides a host's CPUs among virtual servers: each gets CPU in
 * proportion to its weight ({@code cpu_shares}) but never more than its bound (its demand, its
 * vCPUs, its cap), and what one cannot use goes to the others. This is the fluid
 * generalized-processor-sharing model (A. K. Parekh and R. G. Gallager, "A generalized
 * processor sharing approach to flow control in integrated services networks", IEEE/ACM ToN
 * 1993), which CFS approximates (I. Molnar, CFS design notes, 2007), solved exactly by
 * water-filling: servers are taken in order of bound/weight; while a server's bound lies below
 * the current water level λ·weight it is satisfied and leaves the rest to the others; all
 * remaining servers get λ·weight. O(n log n).
 *
 * <p>Instances hold scratch arrays and are not thread-safe.
 */
public final class CfsProjection {
    private long[] order = new long[0];

    /**
     * Fills {@code allocation} with each server's CPUs.
     *
     * @param capacity CPUs available to the servers
     * @param weights  shares, each &gt; 0
     * @param bounds   most CPUs each can use, each ≥ 0
     */
    public void allocate(double capacity, double[] weights, double[] bounds, double[] allocation) {
        int n = weights.length;
        if (order.length < n) {
            order = new long[Math.max(n, order.length * 2)];
        }
        double totalWeight = 0;
        for (int i = 0; i < n; i++) {
            float ratio = (float) (bounds[i] / weights[i]);
            // positive floats order like their bit patterns: pack the ratio above the index
            order[i] = ((long) Float.floatToRawIntBits(Math.max(ratio, 0f)) << 32) | i;
            totalWeight += weights[i];
        }
        Arrays.sort(order, 0, n);
        double remaining = capacity;
        int k = 0;
        for (; k < n && totalWeight > 0; k++) {
            int i = (int) order[k];
            if (bounds[i] * totalWeight <= remaining * weights[i]) {
                allocation[i] = bounds[i];
                remaining -= bounds[i];
                totalWeight -= weights[i];
            } else {
                break;
            }
        }
        double level = totalWeight > 0 ? Math.max(remaining, 0) / totalWeight : 0;
        for (; k < n; k++) {
            int i = (int) order[k];
            allocation[i] = Math.min(bounds[i], level * weights[i]);
        }
    }

    /** Convenience form that allocates the result array. */
    public double[] allocate(double capacity, double[] weights, double[] bounds) {
        double[] allocation = new double[weights.length];
        allocate(capacity, weights, bounds, allocation);
        return allocation;
    }
}
