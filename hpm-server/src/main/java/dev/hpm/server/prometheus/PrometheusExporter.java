package dev.hpm.server.prometheus;

import dev.hpm.server.runtime.Live;
import dev.hpm.server.runtime.ManagementService;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code /metrics} in the Prometheus text format 0.0.4, written by the Prometheus Java client:
 * the families of {@link HpmMetrics}, read from the server's latest intervals at scrape time
 * (counters as counters, gauges as gauges, every value at full precision).
 */
public final class PrometheusExporter {
    /** The content type of {@link #scrape}. */
    public static final String CONTENT_TYPE = PrometheusTextFormatWriter.CONTENT_TYPE;

    private final ManagementService service;
    private final HpmMetrics metrics;
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

    public PrometheusExporter(ManagementService service) {
        this.service = service;
        this.metrics = new HpmMetrics(registry);
    }

    /** Its registry, for families of other parts of the server (load balancing). */
    public PrometheusRegistry registry() {
        return registry;
    }

    /** For tests: an exporter of given scrapes only. */
    PrometheusExporter() {
        this(null);
    }

    /** The exposition of the latest interval and the server pools now. */
    public String scrape(Live live, java.util.List<PoolFigures> pools) {
        return render(Scrape.of(service, live, pools));
    }

    /** The exposition of {@code scrape}. */
    String render(Scrape scrape) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
        synchronized (metrics) {
            metrics.current(scrape);
            try {
                writer.write(out, registry.scrape(), EscapingScheme.DEFAULT);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                metrics.current(null);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
