package dev.hpm.server.prometheus;

import dev.hpm.core.driver.DomainSample;
import dev.hpm.core.measure.ClassMeasurement;
import dev.hpm.core.measure.VsMeasurement;
import dev.hpm.core.pool.IntervalTimings;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * HPM's metric families, as callback metrics of the Prometheus Java client that read the
 * {@link Scrape} being written: per-domain metrics under the names the common libvirt exporters
 * use (counters in seconds and bytes, memory as gauges), and {@code hpm_*} figures of hosts,
 * virtual servers, service classes and groups. A figure the interval did not give (NaN, or a
 * counter the hypervisor did not report) has no sample.
 */
final class HpmMetrics {
    private static final String[] HOST = {"host"};
    private static final String[] DOMAIN = {"domain", "uuid", "host"};
    private static final String[] VCPU = {"domain", "uuid", "host", "vcpu"};
    private static final String[] SERVER = {"domain", "uuid", "group", "service_class"};
    private static final String[] CLASS = {"group", "service_class"};
    private static final String[] GROUP = {"group"};
    private static final double NANOS = 1e9;
    /** KiB in bytes as a divisor: a power of two, so the division is exact. */
    private static final double KIB = 1.0 / 1024;

    private final PrometheusRegistry registry;
    private final LastKnown lastKnown = new LastKnown();
    private final Set<String> lastKnownFamilies = new HashSet<>();
    private volatile Scrape current;

    HpmMetrics(PrometheusRegistry registry) {
        this.registry = registry;
        hosts();
        domains();
        servers();
        pool();
        serverPools();
        work();
    }

    /** The scrape the callbacks read; set around each write (by one thread at a time). */
    void current(Scrape scrape) {
        current(scrape, List.of());
    }

    /**
     * The scrape the callbacks read, for a scrape of the families named in {@code names} (all if
     * empty): the last-known readings are taken from it only if one of theirs is asked for (with
     * 100,000 servers that update costs more than the rest of a small scrape).
     */
    void current(Scrape scrape, java.util.Collection<String> names) {
        if (scrape != null && (names.isEmpty() || names.stream().anyMatch(lastKnownFamilies::contains))) {
            lastKnown.update(scrape.domains());
        }
        current = scrape;
    }

    /** {@code name}, noted as a family served from {@link LastKnown}. */
    private String lastKnown(String name) {
        lastKnownFamilies.add(name);
        return name;
    }

    private void hosts() {
        gauge("libvirt_up", "1 if the hypervisor answered in the last interval", HOST, (s, out) ->
                s.hosts().forEach((host, r) -> out.add(r != null && r.status().connected() ? 1 : 0, host)));
        gauge("hpm_host_velocity", "velocity of all the host's virtual servers, percent", HOST, (s, out) ->
                s.measured().forEach(r -> out.add(r.measurement().velocity(), r.host())));
        gauge("hpm_host_cpu_utilisation", "busy share of the host's CPUs from its virtual servers, 0 to 1", HOST, (s, out) ->
                s.measured().forEach(r -> out.add(r.measurement().cpuUtilisation(), r.host())));
        gauge("hpm_collection_duration_seconds", "time of the last statistics call and its decoding", HOST, (s, out) ->
                s.measured().forEach(r -> out.add(r.collectNanos() / NANOS, r.host())));
        gauge("hpm_interval_seconds", "the control interval: each host is measured once per interval", new String[0], (s, out) ->
                out.add(s.interval().toNanos() / NANOS));
        counter("hpm_adjustments_total", "CPU-manager adjustments made since the server started", HOST, (s, out) ->
                s.adjustments().forEach((host, count) -> out.add(count, host)));
        counter("hpm_intervals_total", "intervals run since the server started", new String[0], (s, out) ->
                out.add(s.intervals()));
        gauge("hpm_interval_write_seconds", "time of the last interval's write to the store (transactions of whole hosts), the store's part of hpm_interval_work_seconds{phase=\"write\"}",
                new String[0], (s, out) -> {
                    if (s.writeNanos() >= 0) {
                        out.add(s.writeNanos() / NANOS);
                    }
                });
    }

    private void domains() {
        gauge("libvirt_domain_info_virtual_cpus", "number of virtual CPUs", DOMAIN, (s, out) ->
                s.domains().forEach(d -> out.add(d.measurement().vcpus(), domainLabels(d))));
        gauge("libvirt_domain_info_state", "domain state (1 running, 3 paused, 5 shut off)", DOMAIN, (s, out) ->
                s.domains().forEach(d -> {
                    if (d.measurement().sample() != null) {
                        out.add(d.measurement().sample().state(), domainLabels(d));
                    }
                }));
        counter("libvirt_domain_info_cpu_time_seconds_total", "CPU time used by the domain", DOMAIN,
                domainValues(d -> d.measurement().sample() == null ? DomainSample.ABSENT : d.measurement().sample().cpuTimeNanos(), NANOS));
        gauge(lastKnown("libvirt_domain_info_memory_usage_bytes"), "memory currently used by the domain", DOMAIN,
                lastKnown(LastKnown.Field.MEMORY_USAGE, KIB));
        gauge(lastKnown("libvirt_domain_info_maximum_memory_bytes"), "maximum memory of the domain", DOMAIN,
                lastKnown(LastKnown.Field.MAXIMUM_MEMORY, KIB));
        counter(lastKnown("libvirt_domain_block_stats_read_bytes_total"), "bytes read from all block devices", DOMAIN,
                lastKnown(LastKnown.Field.BLOCK_READ, 1));
        counter(lastKnown("libvirt_domain_block_stats_write_bytes_total"), "bytes written to all block devices", DOMAIN,
                lastKnown(LastKnown.Field.BLOCK_WRITE, 1));
        counter(lastKnown("libvirt_domain_interface_stats_receive_bytes_total"), "bytes received on all interfaces", DOMAIN,
                lastKnown(LastKnown.Field.NET_RX, 1));
        counter(lastKnown("libvirt_domain_interface_stats_transmit_bytes_total"), "bytes sent on all interfaces", DOMAIN,
                lastKnown(LastKnown.Field.NET_TX, 1));
        vcpuCounter("libvirt_domain_vcpu_time_seconds_total", "time the virtual CPU ran", DomainSample::vcpuTimeNanos);
        vcpuCounter("libvirt_domain_vcpu_delay_seconds_total", "time the runnable virtual CPU waited for a physical CPU",
                DomainSample::vcpuDelayNanos);
    }

    private void servers() {
        gauge("hpm_virtual_server_velocity", "velocity of the virtual server over the last interval, percent", SERVER, (s, out) ->
                s.domains().forEach(d -> out.add(d.measurement().velocity(), serverLabels(d.measurement()))));
        gauge("hpm_virtual_server_performance_index", "PI of the virtual server against its class's goal", SERVER, (s, out) ->
                s.domains().forEach(d -> out.add(d.measurement().pi(), serverLabels(d.measurement()))));
        gauge("hpm_virtual_server_delay_cpus", "CPUs' worth of time its runnable vCPUs waited", SERVER, (s, out) ->
                s.domains().forEach(d -> out.add(d.measurement().delayCpus(), serverLabels(d.measurement()))));
        gauge("hpm_virtual_server_cpu_shares", "the virtual server's cpu_shares", SERVER, (s, out) ->
                s.domains().forEach(d -> {
                    if (d.view() != null) {
                        out.add(d.view().shares(), serverLabels(d.measurement()));
                    }
                }));
    }

    private void pool() {
        classGauge("hpm_service_class_velocity", "service class velocity over the pool, percent", false,
                ClassMeasurement::velocity);
        classGauge("hpm_service_class_goal_velocity", "the service class's velocity goal, percent", true,
                c -> c.serviceClass().goalVelocity());
        classGauge("hpm_service_class_importance", "importance rank: 1 highest … 5 lowest", true,
                c -> c.serviceClass().importance().rank());
        classGauge("hpm_service_class_performance_index", "goal / velocity; at most 1 means on goal", true,
                ClassMeasurement::pi);
        classGauge("hpm_service_class_worst_server_performance_index", "the highest PI among the class's servers", true,
                ClassMeasurement::worstServerPi);
        gauge("hpm_workload_resource_group_velocity", "group velocity over the pool, percent", GROUP, (s, out) ->
                s.live().groups().values().forEach(g -> out.add(g.velocity(), g.group())));
        gauge("hpm_workload_resource_group_worst_performance_index", "the worst PI among the group's service classes", GROUP,
                (s, out) -> s.live().groups().values().forEach(g -> out.add(g.worstPi(), g.group())));
    }

    private void classGauge(String name, String help, boolean goalOnly, ToDoubleFunction<ClassMeasurement> value) {
        gauge(name, help, CLASS, (s, out) -> s.live().classes().values().forEach(c -> {
            if (!goalOnly || !c.serviceClass().isDiscretionary()) {
                out.add(value.applyAsDouble(c), c.serviceClass().key().group(), c.serviceClass().key().serviceClass());
            }
        }));
    }

    /** A figure of the costly statistics groups: the last one read (see {@link LastKnown}). */
    private Samples lastKnown(LastKnown.Field field, double unit) {
        return domainValues(d -> lastKnown.get(d, field), unit);
    }

    /**
     * A raw figure of each domain in seconds or bytes: raw ÷ {@code unit}, correctly rounded (a product
     * with 1e-9 is not); none when the hypervisor did not report it.
     */
    private static Samples domainValues(ToLongFunction<Scrape.Domain> raw, double unit) {
        return (s, out) -> s.domains().forEach(d -> {
            long value = raw.applyAsLong(d);
            if (value >= 0) {
                out.add(value / unit, domainLabels(d));
            }
        });
    }

    private void vcpuCounter(String name, String help, Function<DomainSample, long[]> nanos) {
        counter(name, help, VCPU, (s, out) -> s.domains().forEach(d -> {
            DomainSample sample = d.measurement().sample();
            long[] values = sample == null ? null : nanos.apply(sample);
            if (values == null) {
                return;
            }
            for (int i = 0; i < values.length; i++) {
                if (values[i] >= 0) {
                    out.add(values[i] / NANOS, d.measurement().name(), d.measurement().uuid(), d.host(), Integer.toString(i));
                }
            }
        }));
    }

    private static String[] domainLabels(Scrape.Domain d) {
        return new String[]{d.measurement().name(), d.measurement().uuid(), d.host()};
    }

    private static String[] serverLabels(VsMeasurement m) {
        return new String[]{m.name(), m.uuid(), m.serviceClass().key().group(), m.serviceClass().key().serviceClass()};
    }

    private static final String[] PHASE = {"phase"};

    /**
     * The intervals' own cost: how long their work took by phase, with the maximum and mean over
     * the last intervals, and the history rows written. No sample before the first interval.
     */
    private void work() {
        workGauge("hpm_interval_work_seconds", "the last interval's work: phase hosts (every host measured and decided), "
                + "write (the interval recorded, then the server pools' DWM), total", IntervalTimings.Phase::lastNanos);
        workGauge("hpm_interval_work_max_seconds", "the longest interval work of the last intervals (up to "
                + "hpm_interval_work_window), by phase", IntervalTimings.Phase::maxNanos);
        workGauge("hpm_interval_work_mean_seconds", "the mean interval work of the last intervals (up to "
                + "hpm_interval_work_window), by phase", IntervalTimings.Phase::meanNanos);
        gauge("hpm_interval_work_interval", "the interval number hpm_interval_work_seconds is of", new String[0], (s, out) -> {
            if (!s.timings().isEmpty()) {
                out.add(s.timings().interval());
            }
        });
        gauge("hpm_interval_work_window", "how many intervals the _max and _mean interval work figures are over",
                new String[0], (s, out) -> {
                    if (!s.timings().isEmpty()) {
                        out.add(s.timings().window());
                    }
                });
        gauge("hpm_history_rows_last_interval", "history rows the last interval wrote: one per host, per service class "
                + "on a host and per virtual server", new String[0], (s, out) -> {
                    if (s.written().totalRows() > 0) {
                        out.add(s.written().lastRows());
                    }
                });
        counter("hpm_history_rows_written_total", "history rows written since the server started", new String[0], (s, out) -> {
            if (s.written().totalRows() > 0) {
                out.add(s.written().totalRows());
            }
        });
    }

    private void workGauge(String name, String help, ToDoubleFunction<IntervalTimings.Phase> nanos) {
        gauge(name, help, PHASE, (s, out) -> {
            IntervalTimings t = s.timings();
            if (!t.isEmpty()) {
                out.add(nanos.applyAsDouble(t.hosts()) / NANOS, "hosts");
                out.add(nanos.applyAsDouble(t.step()) / NANOS, "write");
                out.add(nanos.applyAsDouble(t.total()) / NANOS, "total");
            }
        });
    }

    // ---- the two kinds of family

    private static final String[] POWER = {"pool", "power_state"};
    private static final String[] HYPERVISOR = {"hypervisor"};
    private static final String[] HYPERVISOR_STATE = {"hypervisor", "state"};
    private static final String[] POOL = {"pool"};
    private static final List<String> POWER_STATES = List.of("on", "off", "powering-on", "powering-off", "power-on-failed");

    /** The server pools (docs/pool-api.md): hosts by power state, power draw, migrations, plans, maintenance. */
    private void serverPools() {
        gauge("hpm_pool_hosts", "hosts of the server pool in each power state", POWER, (s, out) -> s.pools().forEach(p ->
                POWER_STATES.forEach(state -> out.add(p.hosts().stream().filter(h -> h.powerState().equals(state)).count(),
                        p.pool(), state))));
        gauge("hpm_host_power_state", "1 for the host's current power state, 0 for the others", HYPERVISOR_STATE, (s, out) ->
                s.pools().forEach(p -> p.hosts().forEach(h -> POWER_STATES.forEach(state ->
                        out.add(h.powerState().equals(state) ? 1 : 0, h.name(), state)))));
        gauge("hpm_host_power_watts", "the host's power draw now, watts (by its power model)", HYPERVISOR, (s, out) ->
                s.pools().forEach(p -> p.hosts().forEach(h -> out.add(h.watts(), h.name()))));
        gauge("hpm_pool_power_watts", "the server pool's power draw now, watts", POOL, (s, out) ->
                s.pools().forEach(p -> out.add(p.hosts().stream().mapToDouble(PoolFigures.Host::watts).sum(), p.pool())));
        counter("hpm_migrations_total", "live migrations finished since the server started, by result",
                new String[]{"pool", "result"}, (s, out) -> s.pools().forEach(p -> List.of("done", "failed", "aborted")
                        .forEach(r -> out.add(p.migrations().getOrDefault(r, 0L), p.pool(), r))));
        gauge("hpm_migrations_in_flight", "live migrations running now", POOL, (s, out) ->
                s.pools().forEach(p -> out.add(p.inFlight(), p.pool())));
        counter("hpm_pool_plans_total", "DWM plans that reached each status since the server started",
                new String[]{"pool", "status"}, (s, out) -> s.pools().forEach(p -> List.of("pending", "executing",
                        "executed", "rejected", "superseded").forEach(st -> out.add(p.plans().getOrDefault(st, 0L),
                        p.pool(), st))));
        gauge("hpm_host_maintenance", "1 while the host is in (or entering or leaving) maintenance", HYPERVISOR, (s, out) ->
                s.pools().forEach(p -> p.hosts().forEach(h -> out.add(h.maintenance() ? 1 : 0, h.name()))));
    }

    /** Writes a family's samples for one scrape. */
    @FunctionalInterface
    private interface Samples {
        void write(Scrape scrape, Sink out);
    }

    /** The client's callback: a value and its label values in the family's label order. */
    @FunctionalInterface
    private interface Callback {
        void call(double value, String... labels);
    }

    /**
     * Where a family's samples go. Leaves out NaN (no figure this interval) and a second sample
     * with the same labels (a server seen on two hosts in the middle of a migration), which the
     * exposition format does not allow.
     */
    private static final class Sink {
        private final Callback callback;
        private final Set<List<String>> seen = new HashSet<>();

        Sink(Callback callback) {
            this.callback = callback;
        }

        void add(double value, String... labels) {
            if (!Double.isNaN(value) && seen.add(Arrays.asList(labels))) {
                callback.call(value, labels);
            }
        }
    }

    private void gauge(String name, String help, String[] labels, Samples samples) {
        GaugeWithCallback.builder().name(name).help(help).labelNames(labels)
                .callback(cb -> write(samples, cb::call)).register(registry);
    }

    private void counter(String name, String help, String[] labels, Samples samples) {
        CounterWithCallback.builder().name(name).help(help).labelNames(labels)
                .callback(cb -> write(samples, cb::call)).register(registry);
    }

    private void write(Samples samples, Callback callback) {
        Scrape scrape = current;
        if (scrape != null) {
            samples.write(scrape, new Sink(callback));
        }
    }
}
