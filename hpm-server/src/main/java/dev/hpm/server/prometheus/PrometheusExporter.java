package dev.hpm.server.prometheus;

import dev.hpm.core.cpu.VsView;
import dev.hpm.core.driver.DomainSample;
import dev.hpm.core.loop.IntervalReport;
import dev.hpm.core.measure.ClassMeasurement;
import dev.hpm.core.measure.GroupMeasurement;
import dev.hpm.core.measure.VsMeasurement;
import dev.hpm.server.runtime.Live;
import dev.hpm.server.runtime.ManagedHost;
import dev.hpm.server.runtime.ManagementService;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Prometheus text exposition (format 0.0.4) of {@code /metrics}: per-domain metrics under the
 * names the common libvirt exporters use (counters in seconds and bytes), and {@code hpm_*} gauges
 * for goals, velocities and PIs of service classes, groups and virtual servers, with adjustment
 * counters and collection durations.
 */
public final class PrometheusExporter {
    private final ManagementService service;

    public PrometheusExporter(ManagementService service) {
        this.service = service;
    }

    /** The exposition text of the latest interval. */
    public String scrape(Live live) {
        Families f = new Families();
        for (ManagedHost h : service.hosts()) {
            IntervalReport r = live.hosts().get(h.id());
            boolean up = r != null && r.status().connected();
            f.gauge("libvirt_up", "1 if the hypervisor answered in the last interval", labels("host", h.id()), up ? 1 : 0);
            if (r == null || r.measurement() == null) {
                continue;
            }
            f.gauge("hpm_host_velocity", "velocity of all the host's virtual servers, percent", labels("host", h.id()), r.measurement().velocity());
            f.gauge("hpm_host_cpu_utilisation", "busy share of the host's CPUs from its virtual servers, 0 to 1", labels("host", h.id()), r.measurement().cpuUtilisation());
            f.gauge("hpm_collection_duration_seconds", "time of the last statistics call and its decoding", labels("host", h.id()), r.collectNanos() / 1e9);
            Map<String, VsView> views = new LinkedHashMap<>();
            if (r.view() != null) {
                r.view().servers().forEach(v -> views.put(v.uuid(), v));
            }
            for (VsMeasurement m : r.measurement().servers()) {
                domain(f, h.id(), m, views.get(m.uuid()));
            }
        }
        service.adjustmentCounts().forEach((host, count) ->
                f.counter("hpm_adjustments_total", "CPU-manager adjustments made since the server started", labels("host", host), count));
        f.counter("hpm_intervals_total", "intervals run since the server started", "", service.intervalsRun());
        for (ClassMeasurement c : live.classes().values()) {
            String l = labels("group", c.serviceClass().key().group(), "service_class", c.serviceClass().key().serviceClass());
            f.gauge("hpm_service_class_velocity", "service class velocity over the pool, percent", l, c.velocity());
            if (!c.serviceClass().isDiscretionary()) {
                f.gauge("hpm_service_class_goal_velocity", "the service class's velocity goal, percent", l, c.serviceClass().goalVelocity());
                f.gauge("hpm_service_class_importance", "importance rank: 1 highest … 5 lowest", l, c.serviceClass().importance().rank());
                f.gauge("hpm_service_class_performance_index", "goal / velocity; at most 1 means on goal", l, c.pi());
                f.gauge("hpm_service_class_worst_server_performance_index", "the highest PI among the class's servers", l, c.worstServerPi());
            }
        }
        for (GroupMeasurement g : live.groups().values()) {
            String l = labels("group", g.group());
            f.gauge("hpm_workload_resource_group_velocity", "group velocity over the pool, percent", l, g.velocity());
            f.gauge("hpm_workload_resource_group_worst_performance_index", "the worst PI among the group's service classes", l, g.worstPi());
        }
        return f.render();
    }

    private static void domain(Families f, String host, VsMeasurement m, VsView view) {
        String l = labels("domain", m.name(), "uuid", m.uuid(), "host", host);
        DomainSample s = m.sample();
        f.gauge("libvirt_domain_info_virtual_cpus", "number of virtual CPUs", l, m.vcpus());
        if (s != null) {
            f.gauge("libvirt_domain_info_state", "domain state (1 running, 3 paused, 5 shut off)", l, s.state());
            counter(f, "libvirt_domain_info_cpu_time_seconds_total", "CPU time used by the domain", l, s.cpuTimeNanos(), 1e-9);
            counter(f, "libvirt_domain_info_memory_usage_bytes", "memory currently used by the domain", l, s.balloonCurrentKiB(), 1024);
            counter(f, "libvirt_domain_info_maximum_memory_bytes", "maximum memory of the domain", l, s.balloonMaximumKiB(), 1024);
            counter(f, "libvirt_domain_block_stats_read_bytes_total", "bytes read from all block devices", l, s.blockReadBytes(), 1);
            counter(f, "libvirt_domain_block_stats_write_bytes_total", "bytes written to all block devices", l, s.blockWriteBytes(), 1);
            counter(f, "libvirt_domain_interface_stats_receive_bytes_total", "bytes received on all interfaces", l, s.netRxBytes(), 1);
            counter(f, "libvirt_domain_interface_stats_transmit_bytes_total", "bytes sent on all interfaces", l, s.netTxBytes(), 1);
            if (s.vcpuTimeNanos() != null) {
                for (int i = 0; i < s.vcpuTimeNanos().length; i++) {
                    String vl = labels("domain", m.name(), "uuid", m.uuid(), "host", host, "vcpu", Integer.toString(i));
                    counter(f, "libvirt_domain_vcpu_time_seconds_total", "time the virtual CPU ran", vl, s.vcpuTimeNanos()[i], 1e-9);
                    if (s.vcpuDelayNanos() != null) {
                        counter(f, "libvirt_domain_vcpu_delay_seconds_total", "time the runnable virtual CPU waited for a physical CPU",
                                vl, s.vcpuDelayNanos()[i], 1e-9);
                    }
                }
            }
        }
        String hl = labels("domain", m.name(), "uuid", m.uuid(), "group", m.serviceClass().key().group(),
                "service_class", m.serviceClass().key().serviceClass());
        f.gauge("hpm_virtual_server_velocity", "velocity of the virtual server over the last interval, percent", hl, m.velocity());
        f.gauge("hpm_virtual_server_performance_index", "PI of the virtual server against its class's goal", hl, m.pi());
        f.gauge("hpm_virtual_server_delay_cpus", "CPUs' worth of time its runnable vCPUs waited", hl, m.delayCpus());
        if (view != null) {
            f.gauge("hpm_virtual_server_cpu_shares", "the virtual server's cpu_shares", hl, view.shares());
        }
    }

    private static void counter(Families f, String name, String help, String labels, long raw, double scale) {
        if (raw >= 0) {
            f.counter(name, help, labels, raw * scale);
        }
    }

    static String labels(String... pairs) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < pairs.length; i += 2) {
            s.append(i == 0 ? "" : ",").append(pairs[i]).append("=\"").append(escape(pairs[i + 1])).append('"');
        }
        return s.toString();
    }

    static String escape(String v) {
        return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    /** Samples grouped by metric family, each family with one HELP and TYPE line. */
    private static final class Families {
        private record Family(String type, String help, StringBuilder samples) {
        }

        private final Map<String, Family> families = new LinkedHashMap<>();

        void gauge(String name, String help, String labels, double value) {
            add(name, "gauge", help, labels, value);
        }

        void counter(String name, String help, String labels, double value) {
            add(name, "counter", help, labels, value);
        }

        private void add(String name, String type, String help, String labels, double value) {
            if (Double.isNaN(value)) {
                return;
            }
            Family family = families.computeIfAbsent(name, n -> new Family(type, help, new StringBuilder()));
            family.samples().append(name);
            if (!labels.isEmpty()) {
                family.samples().append('{').append(labels).append('}');
            }
            family.samples().append(' ').append(format(value)).append('\n');
        }

        private static String format(double v) {
            if (v == Math.rint(v) && Math.abs(v) < 1e15) {
                return Long.toString((long) v);
            }
            return String.format(Locale.ROOT, "%.6g", v);
        }

        String render() {
            StringBuilder out = new StringBuilder();
            families.forEach((name, f) -> out.append("# HELP ").append(name).append(' ').append(f.help()).append('\n')
                    .append("# TYPE ").append(name).append(' ').append(f.type()).append('\n').append(f.samples()));
            return out.toString();
        }
    }

    /** For tests: the metric family names of a scrape. */
    static List<String> families(String text) {
        return text.lines().filter(l -> l.startsWith("# TYPE ")).map(l -> l.split(" ")[2]).toList();
    }
}
