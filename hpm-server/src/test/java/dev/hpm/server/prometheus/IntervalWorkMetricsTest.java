package dev.hpm.server.prometheus;

import dev.hpm.core.pool.IntervalTimings;
import dev.hpm.core.pool.IntervalTimings.Phase;
import dev.hpm.store.HistoryRepository;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.hpm.server.prometheus.PrometheusExporterTest.scrape;
import static dev.hpm.server.prometheus.PrometheusExporterTest.value;
import static org.assertj.core.api.Assertions.assertThat;

/** The intervals' own cost in {@code /metrics}: work by phase, rows written, the JVM's memory, and scrapes of some families. */
class IntervalWorkMetricsTest {
    private static final long MS = 1_000_000L;
    private static final IntervalTimings TIMINGS = new IntervalTimings(7, 3, new Phase(1_200 * MS, 1_500 * MS, 1_100 * MS),
            new Phase(300 * MS, 800 * MS, 400 * MS), new Phase(1_500 * MS, 2_300 * MS, 1_500 * MS));

    @Test
    void render_timedInterval_exportsTheWorkByPhaseAndTheRowsWritten() {
        String text = new PrometheusExporter().render(scrape(1_000_000_000L)
                .withWork(TIMINGS, new HistoryRepository.Written(2_103, 14_721)));
        assertThat(value(text, "hpm_interval_work_seconds{phase=\"hosts\"}")).isEqualTo(1.2);
        assertThat(value(text, "hpm_interval_work_seconds{phase=\"write\"}")).isEqualTo(0.3);
        assertThat(value(text, "hpm_interval_work_seconds{phase=\"total\"}")).isEqualTo(1.5);
        assertThat(value(text, "hpm_interval_work_max_seconds{phase=\"total\"}")).isEqualTo(2.3);
        assertThat(value(text, "hpm_interval_work_mean_seconds{phase=\"write\"}")).isEqualTo(0.4);
        assertThat(value(text, "hpm_interval_work_interval")).isEqualTo(7);
        assertThat(value(text, "hpm_interval_work_window")).isEqualTo(3);
        assertThat(value(text, "hpm_history_rows_last_interval")).isEqualTo(2_103);
        assertThat(value(text, "hpm_history_rows_written_total")).isEqualTo(14_721);
    }

    @Test
    void render_beforeTheFirstInterval_hasNoWorkFigures() {
        String text = new PrometheusExporter().render(scrape(1_000_000_000L));
        assertThat(text).doesNotContain("hpm_interval_work").doesNotContain("hpm_history_rows");
    }

    @Test
    void render_someNamesAsked_exportsThoseFamiliesOnly() {
        String text = new PrometheusExporter().render(scrape(1_000_000_000L)
                .withWork(TIMINGS, new HistoryRepository.Written(2_103, 14_721)),
                List.of("hpm_interval_work_seconds", "hpm_intervals_total", "hpm_history_rows_written_total"));
        assertThat(text.lines().filter(l -> !l.startsWith("#")).map(l -> l.replaceAll("[{ ].*", "")).distinct())
                .containsExactly("hpm_history_rows_written_total", "hpm_interval_work_seconds", "hpm_intervals_total");
    }

    @Test
    void register_jvmMemory_exportsTheHeapInUse() {
        PrometheusExporter exporter = new PrometheusExporter();
        JvmMetrics.register(exporter.registry());
        String text = exporter.render(scrape(1_000_000_000L), List.of("jvm_memory_used_bytes", "jvm_memory_max_bytes",
                "jvm_memory_pool_collection_used_bytes"));
        assertThat(value(text, "jvm_memory_used_bytes{area=\"heap\"}")).isPositive();
        assertThat(value(text, "jvm_memory_used_bytes{area=\"nonheap\"}")).isPositive();
        assertThat(value(text, "jvm_memory_max_bytes{area=\"heap\"}")).isGreaterThanOrEqualTo(value(text, "jvm_memory_used_bytes{area=\"heap\"}"));
        assertThat(text).contains("jvm_memory_pool_collection_used_bytes{pool=");
    }
}
