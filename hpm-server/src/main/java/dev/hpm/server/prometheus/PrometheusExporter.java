package dev.hpm.server.prometheus;

import dev.hpm.server.runtime.Live;
import dev.hpm.server.runtime.ManagementService;
import dev.hpm.store.HistoryRepository;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.MetricNameFilter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.function.Predicate;

/**
 * {@code /metrics} in the Prometheus text format 0.0.4, written by the Prometheus Java client:
 * the families of {@link HpmMetrics}, read from the server's latest intervals at scrape time
 * (counters as counters, gauges as gauges, every value at full precision). A scrape may ask for
 * some families only, by their exposed names ({@code ?name[]=hpm_interval_work_seconds}, as the
 * Prometheus client's own HTTP server does): with 100,000 servers the whole exposition is tens of
 * megabytes, a few families are not.
 */
public final class PrometheusExporter {
    /** The content type of {@link #scrape}. */
    public static final String CONTENT_TYPE = PrometheusTextFormatWriter.CONTENT_TYPE;

    private final ManagementService service;
    private final HistoryRepository history;
    private final HpmMetrics metrics;
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

    /** The exporter of {@code service}, whose history {@code history} stores. */
    public PrometheusExporter(ManagementService service, HistoryRepository history) {
        this.service = service;
        this.history = history;
        this.metrics = new HpmMetrics(registry);
    }

    /** Its registry, for families of other parts of the server (load balancing). */
    public PrometheusRegistry registry() {
        return registry;
    }

    /** For tests: an exporter of given scrapes only. */
    PrometheusExporter() {
        this(null, null);
    }

    /**
     * The exposition of the latest interval and the server pools now: of the families named in
     * {@code names} (exposed names, e.g. {@code hpm_intervals_total}), or of all if it is empty.
     */
    public String scrape(Live live, java.util.List<PoolFigures> pools, Collection<String> names) {
        return render(Scrape.of(service, history, live, pools), names);
    }

    /** The exposition of {@code scrape}. */
    String render(Scrape scrape) {
        return render(scrape, java.util.List.of());
    }

    /** The exposition of {@code scrape}'s families named in {@code names} (all if empty). */
    String render(Scrape scrape, Collection<String> names) {
        Predicate<String> included = names.isEmpty() ? MetricNameFilter.ALLOW_ALL
                : MetricNameFilter.builder().nameMustBeEqualTo(names).build();
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
        synchronized (metrics) {
            metrics.current(scrape, names);
            try {
                writer.write(out, registry.scrape(included), EscapingScheme.DEFAULT);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                metrics.current(null);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
