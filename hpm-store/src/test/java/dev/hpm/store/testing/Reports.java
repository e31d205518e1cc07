package dev.hpm.store.testing;

import dev.hpm.core.cpu.HostView;
import dev.hpm.core.cpu.VsView;
import dev.hpm.core.driver.DomainSample;
import dev.hpm.core.driver.NodeCpuStats;
import dev.hpm.core.loop.HostStatus;
import dev.hpm.core.loop.IntervalReport;
import dev.hpm.core.measure.Aggregation;
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
import dev.hpm.core.model.VelocityMapping;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds interval reports the way the control loop does (the measurement through
 * {@link Aggregation}, so class figures are consistent with server figures), with deterministic raw
 * counters: cumulative counters grow with the report's time. For history tests and benchmarks.
 */
public final class Reports {
    /** The interval reports are built for. */
    public static final long INTERVAL_NANOS = 10_000_000_000L;

    private Reports() {
    }

    /** A service class with the default velocity mapping; the group's importance is medium. */
    public static ClassInfo serviceClass(String group, String name, Goal goal, Importance importance) {
        int goalVelocity = goal instanceof Goal.Velocity(VelocityLevel level) ? VelocityMapping.DEFAULT.percentFor(level) : 0;
        return new ClassInfo(new ClassKey(group, name), goal, goalVelocity, importance, Importance.MEDIUM);
    }

    /**
     * One server in one interval: its CPU figures over the interval and what the CPU manager saw of
     * its scheduler settings (cap +∞: none).
     */
    public record Server(String uuid, String name, ClassInfo serviceClass, int vcpus, double usingCpus,
                         double delayCpus, long shares, double capCpus) {
        public static Server of(String uuid, String name, ClassInfo serviceClass, double usingCpus, double delayCpus) {
            return new Server(uuid, name, serviceClass, 2, usingCpus, delayCpus, 1024, Double.POSITIVE_INFINITY);
        }

        public Server withScheduler(long newShares, double newCap) {
            return new Server(uuid, name, serviceClass, vcpus, usingCpus, delayCpus, newShares, newCap);
        }
    }

    /** A connected host's report at {@code time} (interval {@code index}) with these servers. */
    public static IntervalReport report(String host, int cpus, Instant time, long index, List<Server> servers) {
        return report(host, cpus, time, index, servers, Map.of());
    }

    /** The same, with the requests some servers completed (by UUID), for response-time goals. */
    public static IntervalReport report(String host, int cpus, Instant time, long index, List<Server> servers,
                                        Map<String, dev.hpm.core.measure.Completions> completions) {
        long nanos = time.toEpochMilli() * 1_000_000L;
        List<VsDelta> deltas = new ArrayList<>(servers.size());
        Map<String, ServerContext> contexts = new HashMap<>();
        for (Server s : servers) {
            long using = (long) (s.usingCpus() * INTERVAL_NANOS);
            long delay = (long) (s.delayCpus() * INTERVAL_NANOS);
            deltas.add(new VsDelta(s.uuid(), s.name(), SampleStatus.MEASURED, INTERVAL_NANOS, using, delay,
                    using + using / 20, s.vcpus(), sample(s, nanos)));
            contexts.put(s.uuid(), new ServerContext(s.serviceClass(), ManagementLevel.MANAGE, completions.get(s.uuid())));
        }
        HostMeasurement m = Aggregation.host(host, cpus, deltas, (uuid, name) -> contexts.get(uuid),
                MeasurementSettings.DEFAULT);
        List<VsView> views = servers.stream().map(s -> new VsView(s.uuid(), s.name(), s.serviceClass(),
                ManagementLevel.MANAGE, s.vcpus(), s.shares(), s.capCpus(), s.usingCpus() + s.delayCpus(), s.usingCpus(),
                s.usingCpus() + s.delayCpus() >= MeasurementSettings.DEFAULT.minSampleCpus())).toList();
        HostView view = new HostView(host, ManagementLevel.MANAGE, cpus, views, m.classes(), Map.of());
        NodeCpuStats node = new NodeCpuStats(nanos / 7, nanos / 3, nanos / 2, nanos / 100, nanos);
        return new IntervalReport(host, index, time, HostStatus.ok(), m, view, node, null, List.of(), List.of(),
                1_500_000L + servers.size() * 1_000L);
    }

    /** A report of a host that did not answer. */
    public static IntervalReport unreachable(String host, Instant time, long index) {
        return new IntervalReport(host, index, time, new HostStatus(false, time.minusSeconds(30), "connection refused"),
                null, null, null, null, List.of(), List.of(), 2_000_000_000L);
    }

    /** Cumulative counters at {@code nanos}: functions of the time and the server, distinct per field. */
    private static DomainSample sample(Server s, long nanos) {
        long t = nanos / 1000;
        int h = Math.abs(s.uuid().hashCode() % 1000);
        long[] vcpuTime = new long[s.vcpus()];
        long[] vcpuDelay = new long[s.vcpus()];
        for (int i = 0; i < s.vcpus(); i++) {
            vcpuTime[i] = (long) (t * s.usingCpus() / s.vcpus()) + h + i;
            vcpuDelay[i] = (long) (t * s.delayCpus() / s.vcpus()) + h + 2 * i;
        }
        return new DomainSample(s.uuid(), s.name(), nanos, DomainSample.STATE_RUNNING, t + h, t / 10, t / 20,
                s.vcpus(), s.vcpus(), vcpuTime, vcpuDelay, 1_048_576 + h, 2_097_152, 900_000 + h, 500_000, 400_000,
                300_000, t / 1000 + 1, t / 2000 + 2, t / 3000 + 3, t / 4000 + 4);
    }
}
