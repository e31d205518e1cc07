package dev.hpm.core.cpu;

import dev.hpm.core.measure.Aggregation;
import dev.hpm.core.measure.ClassMeasurement;
import dev.hpm.core.measure.Completions;
import dev.hpm.core.measure.HostMeasurement;
import dev.hpm.core.measure.MeasurementSettings;
import dev.hpm.core.measure.SampleStatus;
import dev.hpm.core.measure.ServerContext;
import dev.hpm.core.measure.VsDelta;
import dev.hpm.core.model.ClassInfo;
import dev.hpm.core.model.ClassKey;
import dev.hpm.core.model.Goal;
import dev.hpm.core.model.Importance;
import dev.hpm.core.model.ManagementLevel;
import dev.hpm.core.model.VelocityLevel;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds CPU-manager inputs for tests the way the control loop does: servers with shares and
 * demand; what each got is worked out by the CFS projection (as on a real host), then measured.
 */
final class Views {
    static ClassInfo cls(String name, Importance importance, int goal) {
        return new ClassInfo(new ClassKey("g", name), Goal.velocity(goalLevel(goal)), goal, importance, Importance.MEDIUM);
    }

    static ClassInfo responseTime(String name, Importance importance, Goal.ResponseTime goal) {
        return new ClassInfo(new ClassKey("g", name), goal, 0, importance, Importance.MEDIUM);
    }

    static ClassInfo discretionary(String name) {
        return new ClassInfo(new ClassKey("g", name), Goal.discretionary(), 0, Importance.LOWEST, Importance.MEDIUM);
    }

    private static VelocityLevel goalLevel(int goal) {
        return switch (goal) {
            case 90 -> VelocityLevel.FASTEST;
            case 70 -> VelocityLevel.FAST;
            case 50 -> VelocityLevel.MODERATE;
            case 30 -> VelocityLevel.SLOW;
            default -> VelocityLevel.SLOWEST;
        };
    }

    private final double cpus;
    private final List<VsView> servers = new ArrayList<>();
    private final Map<String, Double> maxima = new HashMap<>();
    private final Map<String, Completions> completions = new HashMap<>();
    private ManagementLevel hostLevel = ManagementLevel.MANAGE;

    Views(double cpus) {
        this.cpus = cpus;
    }

    Views vs(String name, ClassInfo c, int vcpus, long shares, double demand) {
        return vs(name, c, vcpus, shares, demand, ManagementLevel.MANAGE, Double.POSITIVE_INFINITY);
    }

    Views vs(String name, ClassInfo c, int vcpus, long shares, double demand, ManagementLevel level, double cap) {
        servers.add(new VsView(name, name, c, level, vcpus, shares, cap, demand, 0, true));
        return this;
    }

    /** A server whose requests this interval were {@code done} (for response-time goals). */
    Views vs(String name, ClassInfo c, int vcpus, long shares, double demand, Completions done) {
        completions.put(name, done);
        return vs(name, c, vcpus, shares, demand);
    }

    Views hostLevel(ManagementLevel level) {
        hostLevel = level;
        return this;
    }

    Views maximum(String group, double cpus) {
        maxima.put(group, cpus);
        return this;
    }

    /** The view after one interval in which each server got what CFS gives it under its shares. */
    HostView build() {
        double[] w = servers.stream().mapToDouble(VsView::shares).toArray();
        double[] b = servers.stream().mapToDouble(v -> Math.min(Math.min(v.demandCpus(), v.vcpus()), v.capCpus())).toArray();
        double[] a = new CfsProjection().allocate(cpus, w, b);
        long s = 1_000_000_000L;
        List<VsDelta> deltas = new ArrayList<>();
        List<VsView> measured = new ArrayList<>();
        for (int i = 0; i < servers.size(); i++) {
            VsView v = servers.get(i);
            double demand = Math.min(v.demandCpus(), v.vcpus());
            deltas.add(new VsDelta(v.uuid(), v.name(), SampleStatus.MEASURED, 10 * s, (long) (a[i] * 10 * s),
                    (long) ((demand - a[i]) * 10 * s), (long) (a[i] * 10 * s), v.vcpus(), null));
            measured.add(new VsView(v.uuid(), v.name(), v.serviceClass(), v.level(), v.vcpus(), v.shares(), v.capCpus(),
                    demand, a[i], demand >= 0.05));
        }
        Map<String, VsView> byId = new HashMap<>();
        measured.forEach(v -> byId.put(v.uuid(), v));
        HostMeasurement m = Aggregation.host("h", (int) cpus, deltas,
                (u, n) -> new ServerContext(byId.get(u).serviceClass(), byId.get(u).level(), completions.get(u)),
                MeasurementSettings.DEFAULT);
        List<VsView> withPi = new ArrayList<>();
        for (int i = 0; i < measured.size(); i++) {
            VsView v = measured.get(i);
            double pi = v.serviceClass().goal() instanceof Goal.ResponseTime ? m.servers().get(i).pi() : Double.NaN;
            withPi.add(new VsView(v.uuid(), v.name(), v.serviceClass(), v.level(), v.vcpus(), v.shares(), v.capCpus(),
                    v.demandCpus(), v.usingCpus(), v.hasVelocity(), pi));
        }
        Map<ClassKey, ClassMeasurement> classes = m.classes();
        return new HostView("h", hostLevel, cpus, withPi, classes, maxima);
    }
}
