package dev.hpm.core.cpu;

import dev.hpm.core.measure.ClassMeasurement;
import dev.hpm.core.measure.Velocity;
import dev.hpm.core.model.ClassInfo;
import dev.hpm.core.model.ClassKey;
import dev.hpm.core.model.Goal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One host's servers as arrays, to project service-class PIs under candidate shares many times
 * per decision (docs/cpu-manager.md, projection). A server's bound is min(demand, vCPUs, cap); its projected
 * velocity is 100 · allocation / demand. A class is judged by its worst server: the highest
 * projected PI among its servers that had a velocity (never below the PI of the class as a whole).
 *
 * <p>A server of a class with a response-time goal is projected by the <em>CPU-stretch model</em>
 * (docs/cpu-manager.md, "Response-time goals"): a request's time in the server is the CPU it needs
 * stretched by the CPU the server gets, so its response time scales with
 * allocation now ÷ allocation projected, and so does its PI:
 * {@code PI' = PI · a(current shares) / a(proposed shares)}. More CPU for a contended server
 * lowers its projected PI; a server that already gets its whole demand gains nothing. The model
 * assumes the response time is all CPU-bound and so overstates the gain of a server that also
 * waits for I/O; the next interval's measured PI corrects that (the class stays a receiver).
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
    /** A response-time server's measured PI (its own, or its class's if it had too few completions), NaN otherwise. */
    private final double[] responsePi;
    /** Each server's allocation under the current shares, the base of the response-time model. */
    private final double[] allocationNow;

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
        this.responsePi = new double[n];
        for (int i = 0; i < n; i++) {
            VsView v = servers.get(i);
            ClassMeasurement c = view.classes().get(v.serviceClass().key());
            responsePi[i] = !Double.isNaN(v.responsePi()) ? v.responsePi() : c == null ? Double.NaN : c.pi();
            if (!(v.serviceClass().goal() instanceof Goal.ResponseTime)) {
                responsePi[i] = Double.NaN;
            }
        }
        this.allocationNow = allocate(shares).clone();
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

    /** Whether {@code allocation} gives every managed server {@code promised}, but for the fraction {@code tolerance}. */
    boolean covers(double[] allocation, double[] promised, double tolerance) {
        double keep = 1 - tolerance;
        for (int i = 0; i < n; i++) {
            if (servers.get(i).managed() && allocation[i] < promised[i] * keep) {
                return false;
            }
        }
        return true;
    }

    /** Projects under {@code weights} and fills {@code pis} with each class's worst-server PI (NaN if unmeasured). */
    void classPis(double[] weights, double[] pis) {
        allocate(weights);
        classPisOf(allocation, pis);
    }

    /** Server {@code i}'s PI under the weights last given to {@link #classPis} (NaN if it has none). */
    double serverPi(int i) {
        return serverPi(i, allocation[i]);
    }

    private double serverPi(int i, double allocated) {
        if (!measured[i] || !(demand[i] > 0)) {
            return Double.NaN;
        }
        ClassInfo c = classes[classIndex[i]];
        return c.goal() instanceof Goal.ResponseTime ? responsePi(i, allocated) : Velocity.pi(c, 100 * allocated / demand[i]);
    }

    private void classPisOf(double[] allocation, double[] pis) {
        java.util.Arrays.fill(pis, Double.NaN);
        for (int i = 0; i < n; i++) {
            if (measured[i] && demand[i] > 0) {
                int c = classIndex[i];
                double pi = serverPi(i, allocation[i]);
                if (Double.isNaN(pi)) {
                    continue;
                }
                if (Double.isNaN(pis[c]) || pi > pis[c]) {
                    pis[c] = pi;
                }
            }
        }
    }

    /**
     * Server {@code i}'s measured response-time PI: its own, or its class's if it had too few completions;
     * NaN for a server of a velocity class.
     */
    double measuredResponsePi(int i) {
        return responsePi[i];
    }

    /** The CPU-stretch model ({@link ResponseTimeModel}) for server {@code i} at {@code allocated} CPUs. */
    private double responsePi(int i, double allocated) {
        return ResponseTimeModel.projectedPi(responsePi[i], allocationNow[i], allocated);
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
