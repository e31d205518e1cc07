package dev.hpm.core.cpu;

import dev.hpm.core.measure.Velocity;
import dev.hpm.core.model.ClassInfo;
import dev.hpm.core.model.ClassKey;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One host's servers as arrays, to project service-class PIs under candidate shares many times
 * per decision. A server's bound is min(demand, vCPUs, cap); a class's projected velocity is
 * 100 · Σ allocation / Σ demand over its servers that had a velocity (DESIGN §3 step 3).
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
    private final Map<ClassKey, Integer> classIds = new HashMap<>();
    private final CfsProjection cfs = new CfsProjection();
    private final double[] allocation;
    private final double[] classAllocated;
    private final double[] classDemand;

    Projection(HostView view, double[] caps) {
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
        this.classAllocated = new double[classes.length];
        this.classDemand = new double[classes.length];
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

    /** Projects under {@code weights} and fills {@code pis} with each class's PI (NaN if unmeasured). */
    void classPis(double[] weights, double[] pis) {
        allocate(weights);
        java.util.Arrays.fill(classAllocated, 0);
        java.util.Arrays.fill(classDemand, 0);
        for (int i = 0; i < n; i++) {
            if (measured[i]) {
                classAllocated[classIndex[i]] += allocation[i];
                classDemand[classIndex[i]] += demand[i];
            }
        }
        for (int c = 0; c < classes.length; c++) {
            double velocity = classDemand[c] > 0 ? 100 * classAllocated[c] / classDemand[c] : Double.NaN;
            pis[c] = Velocity.pi(classes[c], velocity);
        }
    }

    /** The projected PI of one class under {@code weights}. */
    double classPi(double[] weights, int classId, double[] scratch) {
        classPis(weights, scratch);
        return scratch[classId];
    }
}
