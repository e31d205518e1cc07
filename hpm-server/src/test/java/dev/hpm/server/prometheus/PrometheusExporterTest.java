package dev.hpm.server.prometheus;

import dev.hpm.core.cpu.HostView;
import dev.hpm.core.cpu.VsView;
import dev.hpm.core.driver.DomainSample;
import dev.hpm.core.loop.HostStatus;
import dev.hpm.core.loop.IntervalReport;
import dev.hpm.core.measure.ClassMeasurement;
import dev.hpm.core.measure.HostMeasurement;
import dev.hpm.core.measure.SampleStatus;
import dev.hpm.core.measure.VsMeasurement;
import dev.hpm.core.model.ClassInfo;
import dev.hpm.core.model.ClassKey;
import dev.hpm.core.model.Goal;
import dev.hpm.core.model.Importance;
import dev.hpm.core.model.ManagementLevel;
import dev.hpm.core.model.VelocityLevel;
import dev.hpm.server.runtime.Live;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The exposition of {@code /metrics} for a known state, to the character. */
class PrometheusExporterTest {
    static final ClassInfo ONLINE = new ClassInfo(new ClassKey("Trading", "online"), Goal.velocity(VelocityLevel.FAST), 70,
            Importance.HIGHEST, Importance.HIGH);
    static final ClassInfo BATCH = new ClassInfo(new ClassKey("Batch", "batch"), Goal.discretionary(), 0,
            Importance.LOWEST, Importance.LOW);
    static final String WEB = "11111111-2222-3333-4444-555555555555";
    static final String JOB = "66666666-7777-8888-9999-000000000000";

    /** A guest that has run for about 14 days of CPU time, with every counter libvirt gives. */
    static DomainSample web(long cpuTimeNanos) {
        return new DomainSample(WEB, "web-1", 0, DomainSample.STATE_RUNNING, cpuTimeNanos, 0, 0, 2, 2,
                new long[]{600_000_000_123L, 500_000_000_456L}, new long[]{100_000_000_001L, 0},
                524_288, 1_048_576, 0, 0, 0, 0, 1000, 2000, DomainSample.ABSENT, 4096);
    }

    /** An idle guest on a hypervisor without vcpu.N.delay and without balloon statistics. */
    static DomainSample job() {
        return new DomainSample(JOB, "batch \"nightly\"", 0, DomainSample.STATE_RUNNING, 5_000_000_000L, 0, 0, 1, 1,
                new long[]{4_500_000_000L}, null, DomainSample.ABSENT, DomainSample.ABSENT, 0, 0, 0, 0,
                DomainSample.ABSENT, DomainSample.ABSENT, DomainSample.ABSENT, DomainSample.ABSENT);
    }

    static IntervalReport host(String host, DomainSample... samples) {
        List<VsMeasurement> servers = new ArrayList<>();
        List<VsView> views = new ArrayList<>();
        for (DomainSample s : samples) {
            boolean web = s.uuid().equals(WEB);
            ClassInfo c = web ? ONLINE : BATCH;
            servers.add(new VsMeasurement(s.uuid(), s.name(), c, ManagementLevel.MANAGE, SampleStatus.MEASURED, s.vcpus(),
                    10_000_000_000L, 0, 0, web ? 0.5 : 0.001, web ? 0.3 : 0, web ? 0.52 : 0.001,
                    web ? 62.5 : Double.NaN, web ? 1.12 : ClassInfo.DISCRETIONARY_PI, web ? 0.375 : Double.NaN, s));
            views.add(new VsView(s.uuid(), s.name(), c, ManagementLevel.MANAGE, s.vcpus(), web ? 2048 : 1024,
                    Double.POSITIVE_INFINITY, 0.8, 0.5, web));
        }
        Map<ClassKey, ClassMeasurement> classes = new LinkedHashMap<>();
        classes.put(ONLINE.key(), new ClassMeasurement(ONLINE, 1, 1, 0.5, 0.3, 62.5, 1.12, 1.12));
        classes.put(BATCH.key(), new ClassMeasurement(BATCH, 1, 0, 0, 0, Double.NaN, ClassInfo.DISCRETIONARY_PI, Double.NaN));
        HostMeasurement m = new HostMeasurement(host, 4, 10_000_000_000L, servers, classes, Map.of(), 0.501, 0.3, 0.13025,
                100 * 0.501 / 0.801);
        HostView view = new HostView(host, ManagementLevel.MANAGE, 4, views, classes, Map.of());
        return new IntervalReport(host, 42, Instant.parse("2026-12-01T12:00:00Z"), HostStatus.ok(), m, view, null, null,
                List.of(), List.of(), 12_345_678);
    }

    static IntervalReport unreachable(String host) {
        return new IntervalReport(host, 42, Instant.parse("2026-12-01T12:00:00Z"),
                new HostStatus(false, Instant.parse("2026-12-01T11:58:00Z"), "connection refused"), null, null, null, null,
                List.of(), List.of(), 0);
    }

    static Scrape scrape(long webCpuTimeNanos) {
        IntervalReport sim = host("sim://sim-1", web(webCpuTimeNanos), job());
        IntervalReport kvm2 = unreachable("qemu+ssh://kvm2/system");
        Map<String, IntervalReport> hosts = new LinkedHashMap<>();
        hosts.put("sim://sim-1", sim);
        hosts.put("qemu+ssh://kvm2/system", kvm2);
        hosts.put("qemu:///system", null);
        Map<String, IntervalReport> latest = new LinkedHashMap<>(hosts);
        latest.remove("qemu:///system");
        Map<String, Long> adjustments = new LinkedHashMap<>();
        adjustments.put("sim://sim-1", 3L);
        adjustments.put("qemu+ssh://kvm2/system", 0L);
        return Scrape.of(hosts, Live.of(latest), adjustments, 42, Duration.ofSeconds(10));
    }

    @Test
    void render_knownState_isExactlyThisExposition() {
        String text = new PrometheusExporter().render(scrape(1_234_567_891_234_567L));
        assertThat(text).isEqualTo(EXPECTED);
    }

    @Test
    void render_cpuCounterPastAMillionSeconds_movesByTheMillisecond() {
        PrometheusExporter exporter = new PrometheusExporter();
        double before = value(exporter.render(scrape(1_234_567_891_234_567L)), WEB_CPU);
        double after = value(exporter.render(scrape(1_234_567_892_234_567L)), WEB_CPU);
        assertThat(after - before).isCloseTo(0.001, Offset.offset(1e-9));
    }

    @Test
    void render_serverOnTwoHostsDuringAMigration_isOneSeriesPerServer() {
        Map<String, IntervalReport> hosts = new LinkedHashMap<>();
        hosts.put("sim://a", host("sim://a", web(1_000_000_000L)));
        hosts.put("sim://b", host("sim://b", web(2_000_000_000L)));
        String text = new PrometheusExporter().render(Scrape.of(hosts, Live.of(hosts), Map.of(), 1, Duration.ofSeconds(10)));
        assertThat(text.lines().filter(l -> l.startsWith("hpm_virtual_server_velocity{"))).hasSize(1);
        assertThat(text.lines().filter(l -> l.startsWith("libvirt_domain_info_cpu_time_seconds_total{"))).hasSize(2);
    }

    @Test
    void render_intervalWithoutTheBalloonGroup_keepsTheLastMemoryReading() {
        PrometheusExporter exporter = new PrometheusExporter();
        exporter.render(scrape(1_000_000_000L));
        DomainSample cheap = new DomainSample(WEB, "web-1", 0, DomainSample.STATE_RUNNING, 2_000_000_000L, 0, 0, 2, 2,
                new long[]{1, 1}, new long[]{0, 0}, DomainSample.ABSENT, DomainSample.ABSENT, 0, 0, 0, 0,
                DomainSample.ABSENT, DomainSample.ABSENT, DomainSample.ABSENT, DomainSample.ABSENT);
        Map<String, IntervalReport> hosts = new LinkedHashMap<>();
        hosts.put("sim://sim-1", host("sim://sim-1", cheap));
        String text = exporter.render(Scrape.of(hosts, Live.of(hosts), Map.of(), 43, Duration.ofSeconds(10)));
        assertThat(value(text, "libvirt_domain_info_memory_usage_bytes{domain=\"web-1\",host=\"sim://sim-1\",uuid=\"" + WEB + "\"}"))
                .isEqualTo(512 * 1024 * 1024.0);
        assertThat(value(text, "libvirt_domain_interface_stats_receive_bytes_total{domain=\"web-1\",host=\"sim://sim-1\",uuid=\"" + WEB + "\"}"))
                .isEqualTo(1000);
        assertThat(value(text, WEB_CPU)).isEqualTo(2.0);
    }

    @Test
    void render_someNamesAskedBetweenFullScrapes_keepsTheLastMemoryReading() {
        PrometheusExporter exporter = new PrometheusExporter();
        exporter.render(scrape(1_000_000_000L));
        // a scrape of one family, at a moment no host had reported: the readings are neither taken nor forgotten
        exporter.render(Scrape.of(new LinkedHashMap<>(), Live.of(Map.of()), Map.of(), 43, Duration.ofSeconds(10)),
                List.of("hpm_intervals_total"));
        DomainSample cheap = new DomainSample(WEB, "web-1", 0, DomainSample.STATE_RUNNING, 3_000_000_000L, 0, 0, 2, 2,
                new long[]{1, 1}, new long[]{0, 0}, DomainSample.ABSENT, DomainSample.ABSENT, 0, 0, 0, 0,
                DomainSample.ABSENT, DomainSample.ABSENT, DomainSample.ABSENT, DomainSample.ABSENT);
        Map<String, IntervalReport> hosts = new LinkedHashMap<>();
        hosts.put("sim://sim-1", host("sim://sim-1", cheap));
        String text = exporter.render(Scrape.of(hosts, Live.of(hosts), Map.of(), 44, Duration.ofSeconds(10)));
        assertThat(value(text, "libvirt_domain_info_memory_usage_bytes{domain=\"web-1\",host=\"sim://sim-1\",uuid=\"" + WEB + "\"}"))
                .isEqualTo(512 * 1024 * 1024.0);
        assertThat(value(text, WEB_CPU)).isEqualTo(3.0);
    }

    static final String WEB_CPU = "libvirt_domain_info_cpu_time_seconds_total{domain=\"web-1\",host=\"sim://sim-1\",uuid=\"" + WEB + "\"}";

    static double value(String exposition, String series) {
        return exposition.lines().filter(l -> l.startsWith(series + " ")).map(l -> Double.parseDouble(l.substring(series.length() + 1)))
                .findFirst().orElseThrow(() -> new AssertionError("no " + series + " in\n" + exposition));
    }

    static final String EXPECTED = """
            # HELP hpm_adjustments_total CPU-manager adjustments made since the server started
            # TYPE hpm_adjustments_total counter
            hpm_adjustments_total{host="qemu+ssh://kvm2/system"} 0.0
            hpm_adjustments_total{host="sim://sim-1"} 3.0
            # HELP hpm_collection_duration_seconds time of the last statistics call and its decoding
            # TYPE hpm_collection_duration_seconds gauge
            hpm_collection_duration_seconds{host="sim://sim-1"} 0.012345678
            # HELP hpm_host_cpu_utilisation busy share of the host's CPUs from its virtual servers, 0 to 1
            # TYPE hpm_host_cpu_utilisation gauge
            hpm_host_cpu_utilisation{host="sim://sim-1"} 0.13025
            # HELP hpm_host_velocity velocity of all the host's virtual servers, percent
            # TYPE hpm_host_velocity gauge
            hpm_host_velocity{host="sim://sim-1"} 62.546816479400746
            # HELP hpm_interval_seconds the control interval: each host is measured once per interval
            # TYPE hpm_interval_seconds gauge
            hpm_interval_seconds 10.0
            # HELP hpm_intervals_total intervals run since the server started
            # TYPE hpm_intervals_total counter
            hpm_intervals_total 42.0
            # HELP hpm_service_class_goal_velocity the service class's velocity goal, percent
            # TYPE hpm_service_class_goal_velocity gauge
            hpm_service_class_goal_velocity{group="Trading",service_class="online"} 70.0
            # HELP hpm_service_class_importance importance rank: 1 highest … 5 lowest
            # TYPE hpm_service_class_importance gauge
            hpm_service_class_importance{group="Trading",service_class="online"} 1.0
            # HELP hpm_service_class_performance_index goal / velocity; at most 1 means on goal
            # TYPE hpm_service_class_performance_index gauge
            hpm_service_class_performance_index{group="Trading",service_class="online"} 1.12
            # HELP hpm_service_class_velocity service class velocity over the pool, percent
            # TYPE hpm_service_class_velocity gauge
            hpm_service_class_velocity{group="Trading",service_class="online"} 62.5
            # HELP hpm_service_class_worst_server_performance_index the highest PI among the class's servers
            # TYPE hpm_service_class_worst_server_performance_index gauge
            hpm_service_class_worst_server_performance_index{group="Trading",service_class="online"} 1.12
            # HELP hpm_virtual_server_cpu_shares the virtual server's cpu_shares
            # TYPE hpm_virtual_server_cpu_shares gauge
            hpm_virtual_server_cpu_shares{domain="batch \\"nightly\\"",group="Batch",service_class="batch",uuid="66666666-7777-8888-9999-000000000000"} 1024.0
            hpm_virtual_server_cpu_shares{domain="web-1",group="Trading",service_class="online",uuid="11111111-2222-3333-4444-555555555555"} 2048.0
            # HELP hpm_virtual_server_delay_cpus CPUs' worth of time its runnable vCPUs waited
            # TYPE hpm_virtual_server_delay_cpus gauge
            hpm_virtual_server_delay_cpus{domain="batch \\"nightly\\"",group="Batch",service_class="batch",uuid="66666666-7777-8888-9999-000000000000"} 0.0
            hpm_virtual_server_delay_cpus{domain="web-1",group="Trading",service_class="online",uuid="11111111-2222-3333-4444-555555555555"} 0.3
            # HELP hpm_virtual_server_performance_index PI of the virtual server against its class's goal
            # TYPE hpm_virtual_server_performance_index gauge
            hpm_virtual_server_performance_index{domain="batch \\"nightly\\"",group="Batch",service_class="batch",uuid="66666666-7777-8888-9999-000000000000"} 0.81
            hpm_virtual_server_performance_index{domain="web-1",group="Trading",service_class="online",uuid="11111111-2222-3333-4444-555555555555"} 1.12
            # HELP hpm_virtual_server_velocity velocity of the virtual server over the last interval, percent
            # TYPE hpm_virtual_server_velocity gauge
            hpm_virtual_server_velocity{domain="web-1",group="Trading",service_class="online",uuid="11111111-2222-3333-4444-555555555555"} 62.5
            # HELP hpm_workload_resource_group_velocity group velocity over the pool, percent
            # TYPE hpm_workload_resource_group_velocity gauge
            hpm_workload_resource_group_velocity{group="Trading"} 62.5
            # HELP hpm_workload_resource_group_worst_performance_index the worst PI among the group's service classes
            # TYPE hpm_workload_resource_group_worst_performance_index gauge
            hpm_workload_resource_group_worst_performance_index{group="Trading"} 1.12
            # HELP libvirt_domain_block_stats_write_bytes_total bytes written to all block devices
            # TYPE libvirt_domain_block_stats_write_bytes_total counter
            libvirt_domain_block_stats_write_bytes_total{domain="web-1",host="sim://sim-1",uuid="11111111-2222-3333-4444-555555555555"} 4096.0
            # HELP libvirt_domain_info_cpu_time_seconds_total CPU time used by the domain
            # TYPE libvirt_domain_info_cpu_time_seconds_total counter
            libvirt_domain_info_cpu_time_seconds_total{domain="batch \\"nightly\\"",host="sim://sim-1",uuid="66666666-7777-8888-9999-000000000000"} 5.0
            libvirt_domain_info_cpu_time_seconds_total{domain="web-1",host="sim://sim-1",uuid="11111111-2222-3333-4444-555555555555"} 1234567.891234567
            # HELP libvirt_domain_info_maximum_memory_bytes maximum memory of the domain
            # TYPE libvirt_domain_info_maximum_memory_bytes gauge
            libvirt_domain_info_maximum_memory_bytes{domain="web-1",host="sim://sim-1",uuid="11111111-2222-3333-4444-555555555555"} 1.073741824E9
            # HELP libvirt_domain_info_memory_usage_bytes memory currently used by the domain
            # TYPE libvirt_domain_info_memory_usage_bytes gauge
            libvirt_domain_info_memory_usage_bytes{domain="web-1",host="sim://sim-1",uuid="11111111-2222-3333-4444-555555555555"} 5.36870912E8
            # HELP libvirt_domain_info_state domain state (1 running, 3 paused, 5 shut off)
            # TYPE libvirt_domain_info_state gauge
            libvirt_domain_info_state{domain="batch \\"nightly\\"",host="sim://sim-1",uuid="66666666-7777-8888-9999-000000000000"} 1.0
            libvirt_domain_info_state{domain="web-1",host="sim://sim-1",uuid="11111111-2222-3333-4444-555555555555"} 1.0
            # HELP libvirt_domain_info_virtual_cpus number of virtual CPUs
            # TYPE libvirt_domain_info_virtual_cpus gauge
            libvirt_domain_info_virtual_cpus{domain="batch \\"nightly\\"",host="sim://sim-1",uuid="66666666-7777-8888-9999-000000000000"} 1.0
            libvirt_domain_info_virtual_cpus{domain="web-1",host="sim://sim-1",uuid="11111111-2222-3333-4444-555555555555"} 2.0
            # HELP libvirt_domain_interface_stats_receive_bytes_total bytes received on all interfaces
            # TYPE libvirt_domain_interface_stats_receive_bytes_total counter
            libvirt_domain_interface_stats_receive_bytes_total{domain="web-1",host="sim://sim-1",uuid="11111111-2222-3333-4444-555555555555"} 1000.0
            # HELP libvirt_domain_interface_stats_transmit_bytes_total bytes sent on all interfaces
            # TYPE libvirt_domain_interface_stats_transmit_bytes_total counter
            libvirt_domain_interface_stats_transmit_bytes_total{domain="web-1",host="sim://sim-1",uuid="11111111-2222-3333-4444-555555555555"} 2000.0
            # HELP libvirt_domain_vcpu_delay_seconds_total time the runnable virtual CPU waited for a physical CPU
            # TYPE libvirt_domain_vcpu_delay_seconds_total counter
            libvirt_domain_vcpu_delay_seconds_total{domain="web-1",host="sim://sim-1",uuid="11111111-2222-3333-4444-555555555555",vcpu="0"} 100.000000001
            libvirt_domain_vcpu_delay_seconds_total{domain="web-1",host="sim://sim-1",uuid="11111111-2222-3333-4444-555555555555",vcpu="1"} 0.0
            # HELP libvirt_domain_vcpu_time_seconds_total time the virtual CPU ran
            # TYPE libvirt_domain_vcpu_time_seconds_total counter
            libvirt_domain_vcpu_time_seconds_total{domain="batch \\"nightly\\"",host="sim://sim-1",uuid="66666666-7777-8888-9999-000000000000",vcpu="0"} 4.5
            libvirt_domain_vcpu_time_seconds_total{domain="web-1",host="sim://sim-1",uuid="11111111-2222-3333-4444-555555555555",vcpu="0"} 600.000000123
            libvirt_domain_vcpu_time_seconds_total{domain="web-1",host="sim://sim-1",uuid="11111111-2222-3333-4444-555555555555",vcpu="1"} 500.000000456
            # HELP libvirt_up 1 if the hypervisor answered in the last interval
            # TYPE libvirt_up gauge
            libvirt_up{host="qemu+ssh://kvm2/system"} 0.0
            libvirt_up{host="qemu:///system"} 0.0
            libvirt_up{host="sim://sim-1"} 1.0
            """;
}
