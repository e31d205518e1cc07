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
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(t.url()).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 200) {
                    LOG.log(Logger.Level.WARNING, "response times: " + t.url() + " answered " + r.statusCode());
                    continue;
                }
                Completions now = parse(r.body(), t.metric());
                if (now == null) {
                    LOG.log(Logger.Level.WARNING, "response times: " + t.url() + " has no histogram " + t.metric());
                    continue;
                }
                Completions done = now.since(previous.put(t, now));
                if (done != null) {
                    collector.add(t.virtualServer(), done);
                }
            } catch (IOException e) {
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
            if (name.equals(metric + "_bucket") && m.group(2) != null) {
                Matcher le = LE.matcher(m.group(2));
                if (le.find()) {
                    String bound = le.group(1);
                    double b = bound.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(bound) * scale;
                    cumulative.merge(b, value, Double::sum);
                    found = true;
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
