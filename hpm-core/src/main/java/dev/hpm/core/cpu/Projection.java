package dev.hpm.core.cpu;

import dev.hpm.core.measure.Velocity;
import dev.hpm.core.model.ClassInfo;
import dev.hpm.core.model.ClassKey;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One host's servers as arrays, to project service-class PIs under candidate shares many times
 * per decision (docs/cpu-manager.md, projection). A server's bound is min(demand, vCPUs, cap); its projected
 * velocity is 100 · allocation / demand. A class is judged by its worst server: the highest
 * projected PI among its servers that had a velocity (never below the PI of the class as a whole).
 */
final class Projection {
    final List<VsView> servers;
    final int n;
    final double capacity;
    final double[] shares;
    final double[] bounds;
    final double[] demand;
    final int[] classIndex;
    final boolean[] measured;
    final ClassInfo[] classes;
    /** Each server's entitlement under its group's CPU minimum ({@link GroupLimits}), 0 for none. */
    final double[] floor;
    /** Whether any server has a floor. */
    final boolean anyFloor;
    private final Map<ClassKey, Integer> classIds = new HashMap<>();
    private final CfsProjection cfs = new CfsProjection();
    private final double[] allocation;

    Projection(HostView view, double[] caps) {
        this(view, caps, new double[view.servers().size()]);
    }

    Projection(HostView view, double[] caps, double[] floor) {
        this.floor = floor;
        boolean any = false;
        for (double f : floor) {
            any |= f > 0;
        }
        this.anyFloor = any;
        this.servers = view.servers();
        this.n = servers.size();
        this.capacity = view.capacityCpus();
        this.shares = new double[n];
        this.bounds = new double[n];
        this.demand = new double[n];
        this.classIndex = new int[n];
        this.measured = new boolean[n];
        this.allocation = new double[n];
        List<ClassInfo> infos = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            VsView v = servers.get(i);
            shares[i] = Math.max(v.shares(), 1);
            demand[i] = Math.min(Math.max(v.demandCpus(), 0), Math.max(v.vcpus(), 0));
            bounds[i] = Math.min(demand[i], caps[i]);
            measured[i] = v.hasVelocity();
            Integer id = classIds.get(v.serviceClass().key());
            if (id == null) {
                id = infos.size();
                classIds.put(v.serviceClass().key(), id);
                infos.add(v.serviceClass());
            }
            classIndex[i] = id;
        }
        this.classes = infos.toArray(ClassInfo[]::new);
    }

    int classId(ClassKey key) {
        Integer id = classIds.get(key);
        return id == null ? -1 : id;
    }

    /** Projects under {@code weights}; returns the per-server allocation (a reused array). */
    double[] allocate(double[] weights) {
        cfs.allocate(capacity, weights, bounds, allocation);
        return allocation;
    }

    /** Projects under {@code weights} and fills {@code pis} with each class's worst-server PI (NaN if unmeasured). */
    void classPis(double[] weights, double[] pis) {
        allocate(weights);
        java.util.Arrays.fill(pis, Double.NaN);
        for (int i = 0; i < n; i++) {
            if (measured[i] && demand[i] > 0) {
                int c = classIndex[i];
                double pi = Velocity.pi(classes[c], 100 * allocation[i] / demand[i]);
                if (Double.isNaN(pis[c]) || pi > pis[c]) {
                    pis[c] = pi;
                }
            }
        }
    }

    /**
     * Whether the allocation last projected gives every server at least {@code required} (a server's
     * floor, or what it gets now if that is less).
     */
    boolean holds(double[] required) {
        if (!anyFloor) {
            return true;
        }
        for (int i = 0; i < n; i++) {
            if (allocation[i] < required[i]) {
                return false;
            }
        }
        return true;
    }

    /** The projected PI of one class under {@code weights}. */
    double classPi(double[] weights, int classId, double[] scratch) {
        classPis(weights, scratch);
        return scratch[classId];
    }
}
