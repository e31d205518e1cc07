package dev.hpm.server.rt;

import dev.hpm.core.measure.Completions;

import java.io.IOException;
import java.lang.System.Logger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Scrapes a Prometheus histogram of request durations from applications (the text exposition
 * format, e.g. OpenTelemetry's {@code http_server_request_duration_seconds} through its Prometheus
 * exporter) and hands what each completed since the previous scrape to the
 * {@link ResponseTimeCollector}. Each target names its VS explicitly. The histogram's series of
 * one metric are summed over their labels; bucket bounds ({@code le}) are in the metric's unit,
 * seconds unless the name ends in {@code _milliseconds}. A counter that goes back (the application
 * restarted) starts a new baseline.
 */
public final class PrometheusScraper {
    private static final Logger LOG = System.getLogger(PrometheusScraper.class.getName());
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*})?\\s+(\\S+)");
    private static final Pattern LE = Pattern.compile("le=\"([^\"]*)\"");
    /** The largest exposition read from a target; a larger one is refused (a histogram is a few kB). */
    static final int MAX_BYTES = 8 << 20;
    /** No count or sum of a real histogram comes near this. */
    private static final double MAX_VALUE = 1e15;

    /** One application to scrape: its metrics URL, the histogram's name and the VS it runs on. */
    public record Target(URI url, String metric, String virtualServer) {
    }

    private final List<Target> targets;
    private final ResponseTimeCollector collector;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Map<Target, Completions> previous = new HashMap<>();

    public PrometheusScraper(List<Target> targets, ResponseTimeCollector collector) {
        this.targets = List.copyOf(targets);
        this.collector = collector;
    }

    /** Scrapes every target once; a target that does not answer is logged and skipped. */
    public synchronized void scrape() {
        for (Target t : targets) {
            try {
                HttpResponse<java.io.InputStream> r = client.send(HttpRequest.newBuilder(t.url()).timeout(Duration.ofSeconds(5))
                        .build(), HttpResponse.BodyHandlers.ofInputStream());
                String body;
                try (java.io.InputStream in = r.body()) {
                    if (r.statusCode() != 200) {
                        LOG.log(Logger.Level.WARNING, "response times: " + t.url() + " answered " + r.statusCode());
                        continue;
                    }
                    byte[] bytes = in.readNBytes(MAX_BYTES + 1);
                    if (bytes.length > MAX_BYTES) {
                        LOG.log(Logger.Level.WARNING, "response times: " + t.url() + " sent more than "
                                + (MAX_BYTES >> 20) + " MiB of metrics; skipped (scrape a metrics endpoint with fewer series)");
                        continue;
                    }
                    body = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
                }
                Completions now = parse(body, t.metric());
                if (now == null) {
                    LOG.log(Logger.Level.WARNING, "response times: " + t.url() + " has no histogram " + t.metric());
                    continue;
                }
                Completions done = now.since(previous.put(t, now));
                if (done != null) {
                    collector.add(t.virtualServer(), done);
                }
            } catch (IOException | RuntimeException e) { // one target's failure never stops the scrapes of the others
                LOG.log(Logger.Level.WARNING, "response times: " + t.url() + ": " + e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * The cumulative histogram {@code metric} in a Prometheus text exposition, as
     * {@link Completions} in milliseconds (per-bucket counts, not cumulative); null if absent.
     */
    /** A bucket's upper bound in milliseconds ({@code +Inf} is infinite), NaN if it is not a bound. */
    private static double bound(String text, double scale) {
        if (text.equals("+Inf")) {
            return Double.POSITIVE_INFINITY;
        }
        try {
            double b = Double.parseDouble(text) * scale;
            return Double.isFinite(b) ? b : Double.NaN;
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    public static Completions parse(String exposition, String metric) {
        TreeMap<Double, Double> cumulative = new TreeMap<>();
        double sum = 0;
        boolean found = false;
        double scale = metric.endsWith("_milliseconds") ? 1 : 1000;
        for (String line : exposition.split("\n")) {
            if (line.startsWith("#")) {
                continue;
            }
            Matcher m = SAMPLE.matcher(line.trim());
            if (!m.find()) {
                continue;
            }
            String name = m.group(1);
            double value;
            try {
                value = Double.parseDouble(m.group(3));
            } catch (NumberFormatException e) {
                continue;
            }
            if (!(value >= 0 && value < MAX_VALUE)) {
                continue; // counts and sums of durations are finite and not negative: NaN, ±Inf, -1 are no sample
            }
            if (name.equals(metric + "_bucket") && m.group(2) != null) {
                Matcher le = LE.matcher(m.group(2));
                if (le.find()) {
                    double b = bound(le.group(1), scale);
                    if (!Double.isNaN(b)) {
                        cumulative.merge(b, value, Double::sum);
                        found = true;
                    }
                }
            } else if (name.equals(metric + "_sum")) {
                sum += value * scale;
            }
        }
        if (!found) {
            return null;
        }
        List<Double> bounds = new ArrayList<>();
        List<Long> counts = new ArrayList<>();
        double before = 0;
        double total = 0;
        for (Map.Entry<Double, Double> e : cumulative.entrySet()) {
            if (Double.isInfinite(e.getKey())) {
                total = e.getValue();
                continue;
            }
            bounds.add(e.getKey());
            counts.add(Math.round(e.getValue() - before));
            before = e.getValue();
        }
        counts.add(Math.round(Math.max(0, total - before)));
        return new Completions(bounds.stream().mapToDouble(Double::doubleValue).toArray(),
                counts.stream().mapToLong(Long::longValue).toArray(), sum);
    }
}
