package dev.hpm.core.measure;

import dev.hpm.core.model.ClassInfo;
import dev.hpm.core.model.ClassKey;
import dev.hpm.core.model.Goal;
import dev.hpm.core.model.ManagementLevel;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Rolls per-server deltas up into server, service-class, group and host figures (docs/measurement.md),
 * and host figures up into pool figures. Servers at management level {@code none} are left
 * out entirely.
 */
public final class Aggregation {
    private Aggregation() {
    }

    /** The measurement of one host for one interval. */
    public static HostMeasurement host(String host, int cpus, List<VsDelta> deltas, ServerContext.Lookup lookup,
                                       MeasurementSettings settings) {
        List<VsMeasurement> servers = new ArrayList<>(deltas.size());
        Map<String, Completions> completions = new java.util.HashMap<>();
        long elapsed = 0;
        double cpuSum = 0;
        for (VsDelta delta : deltas) {
            ServerContext context = lookup.of(delta.uuid(), delta.name());
            if (context == null || context.level() == ManagementLevel.NONE) {
                continue;
            }
            VsMeasurement m = server(delta, context, settings);
            servers.add(m);
            if (context.completions() != null) {
                completions.put(delta.uuid(), context.completions());
            }
            elapsed = Math.max(elapsed, delta.elapsedNanos());
            cpuSum += m.cpuCpus();
        }
        Totals totals = new Totals();
        Map<ClassKey, ClassMeasurement> classes = classes(servers, completions, totals, settings.minCompletions());
        Map<String, GroupMeasurement> groups = groups(classes.values());
        double utilisation = cpus > 0 ? Math.min(1, cpuSum / cpus) : 0;
        return new HostMeasurement(host, cpus, elapsed, List.copyOf(servers), classes, groups, totals.using,
                totals.delay, utilisation, totals.using + totals.delay > 0 ? Velocity.of(totals.using, totals.delay) : Double.NaN);
    }

    /** Class figures summed over the hosts of a pool, with the default minimum of completions. */
    public static Map<ClassKey, ClassMeasurement> pool(Collection<HostMeasurement> hosts) {
        return pool(hosts, MeasurementSettings.DEFAULT.minCompletions());
    }

    /**
     * Class figures summed over the hosts of a pool; a response-time class's completions are
     * merged over the hosts and its pool PI taken from them.
     */
    public static Map<ClassKey, ClassMeasurement> pool(Collection<HostMeasurement> hosts, long minCompletions) {
        Map<ClassKey, double[]> sums = new TreeMap<>();
        Map<ClassKey, ClassInfo> infos = new TreeMap<>();
        Map<ClassKey, Completions> done = new java.util.HashMap<>();
        for (HostMeasurement host : hosts) {
            for (ClassMeasurement c : host.classes().values()) {
                double[] s = sums.computeIfAbsent(c.serviceClass().key(), k -> new double[]{0, 0, 0, 0, Double.NaN});
                infos.putIfAbsent(c.serviceClass().key(), c.serviceClass());
                if (c.completions() != null) {
                    done.merge(c.serviceClass().key(), c.completions(), Completions::plus);
                }
                s[0] += c.servers();
                s[1] += c.measuredServers();
                if (c.hasVelocity()) {
                    s[2] += c.usingCpus();
                    s[3] += c.delayCpus();
                    s[4] = worse(s[4], c.worstServerPi());
                }
            }
        }
        Map<ClassKey, ClassMeasurement> result = new LinkedHashMap<>();
        sums.forEach((key, s) -> result.put(key, classOf(infos.get(key), (int) s[0], (int) s[1], s[2], s[3], s[4],
                done.get(key), minCompletions)));
        return result;
    }

    private static double worse(double a, double b) {
        return Double.isNaN(a) || b > a ? b : a;
    }

    /** Group figures derived from class figures (of a host or a pool). */
    public static Map<String, GroupMeasurement> groups(Collection<ClassMeasurement> classes) {
        Map<String, List<ClassMeasurement>> byGroup = new TreeMap<>();
        for (ClassMeasurement c : classes) {
            byGroup.computeIfAbsent(c.serviceClass().key().group(), g -> new ArrayList<>()).add(c);
        }
        Map<String, GroupMeasurement> result = new LinkedHashMap<>();
        byGroup.forEach((group, members) -> {
            int servers = 0;
            double using = 0;
            double delay = 0;
            double worst = Double.NaN;
            for (ClassMeasurement c : members) {
                servers += c.servers();
                using += c.usingCpus();
                delay += c.delayCpus();
                if (!c.serviceClass().isDiscretionary() && c.hasVelocity() && !Double.isNaN(c.pi()) && !(c.pi() <= worst)) {
                    worst = c.pi();
                }
            }
            result.put(group, new GroupMeasurement(group, members.getFirst().serviceClass().groupImportance(),
                    servers, using, delay, Velocity.of(using, delay), worst));
        });
        return result;
    }

    private static VsMeasurement server(VsDelta delta, ServerContext context, MeasurementSettings settings) {
        double seconds = delta.elapsedNanos() / 1e9;
        double using = seconds > 0 ? delta.usingNanos() / 1e9 / seconds : 0;
        double delay = seconds > 0 ? delta.delayNanos() / 1e9 / seconds : 0;
        double cpu = seconds > 0 ? delta.cpuTimeNanos() / 1e9 / seconds : 0;
        boolean enough = delta.status().isData() && using + delay >= settings.minSampleCpus();
        double velocity = enough ? Velocity.of(using, delay) : Double.NaN;
        double pi = context.serviceClass().goal() instanceof Goal.ResponseTime rt
                ? ResponseTimePi.pi(rt, context.completions(), settings.minCompletions())
                : Velocity.pi(context.serviceClass(), velocity);
        return new VsMeasurement(delta.uuid(), delta.name(), context.serviceClass(), context.level(), delta.status(),
                delta.vcpus(), delta.elapsedNanos(), delta.usingNanos(), delta.delayNanos(), using, delay, cpu,
                velocity, pi,
                using + delay > 0 ? delay / (using + delay) : Double.NaN, delta.sample());
    }

    private static Map<ClassKey, ClassMeasurement> classes(List<VsMeasurement> servers, Map<String, Completions> completions,
                                                           Totals totals, long minCompletions) {
        Map<ClassKey, double[]> sums = new TreeMap<>();
        Map<ClassKey, ClassInfo> infos = new TreeMap<>();
        Map<ClassKey, Completions> done = new java.util.HashMap<>();
        for (VsMeasurement m : servers) {
            ClassKey key = m.serviceClass().key();
            infos.putIfAbsent(key, m.serviceClass());
            Completions c = completions.get(m.uuid());
            if (c != null) {
                done.merge(key, c, Completions::plus);
            }
            double[] s = sums.computeIfAbsent(key, k -> new double[]{0, 0, 0, 0, Double.NaN});
            s[0]++;
            totals.using += m.usingCpus();
            totals.delay += m.delayCpus();
            if (m.hasVelocity()) {
                s[1]++;
                s[2] += m.usingCpus();
                s[3] += m.delayCpus();
            }
            if (m.hasVelocity() || !Double.isNaN(m.pi())) {
                s[4] = worse(s[4], m.pi());
            }
        }
        Map<ClassKey, ClassMeasurement> result = new LinkedHashMap<>();
        sums.forEach((key, s) -> result.put(key, classOf(infos.get(key), (int) s[0], (int) s[1], s[2], s[3], s[4],
                done.get(key), minCompletions)));
        return result;
    }

    /**
     * A class's figures. A response-time class's PI comes from its completions, and its worst
     * server is never better than the class (a server with too few completions of its own has no
     * PI, the class may still have one); without a class PI it has no worst server either.
     */
    private static ClassMeasurement classOf(ClassInfo info, int servers, int measured, double using, double delay,
                                            double worstServerPi, Completions completions, long minCompletions) {
        double velocity = measured > 0 ? Velocity.of(using, delay) : Double.NaN;
        if (info.goal() instanceof Goal.ResponseTime rt) {
            double pi = ResponseTimePi.pi(rt, completions, minCompletions);
            double worst = Double.isNaN(pi) ? Double.NaN : Math.max(pi, Double.isNaN(worstServerPi) ? pi : worstServerPi);
            return new ClassMeasurement(info, servers, measured, using, delay, velocity, pi, worst, completions);
        }
        return new ClassMeasurement(info, servers, measured, using, delay, velocity, Velocity.pi(info, velocity),
                worstServerPi);
    }

    private static final class Totals {
        double using;
        double delay;
    }
}
