package dev.hpm.server.rt;

import com.google.protobuf.CodedInputStream;
import dev.hpm.core.measure.Completions;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Receives OpenTelemetry metrics pushed over OTLP/HTTP in the protobuf encoding (the OpenTelemetry
 * Protocol specification, "OTLP/HTTP": {@code POST /v1/metrics} with an
 * {@code ExportMetricsServiceRequest}) and hands the requests each virtual server completed to the
 * {@link ResponseTimeCollector}. Only the configured request-duration histogram counts (explicit
 * buckets, e.g. the semantic conventions' {@code http.server.request.duration} in seconds); the VS
 * is the value of a resource attribute ({@code host.name} unless configured: the name or UUID of
 * the VS the application runs on). Data points of one metric are summed over their attributes.
 * Cumulative points are turned into what was completed since the previous export of the same
 * series (a series whose start time changes, an application restart, starts a new baseline); delta
 * points are taken as they come.
 *
 * <p>Hostile input: the body is parsed with a recursion limit of {@value #MAX_DEPTH} and at most
 * {@value #MAX_BUCKETS} buckets per point and counts up to {@value #MAX_COUNT} are accepted; the series remembered for cumulative points
 * are bounded to {@value #MAX_SERIES} (the oldest are forgotten first). Thread-safe.
 */
public final class OtlpMetricsReceiver {
    /** The request-duration histogram: seconds unless its unit says {@code ms}. */
    public static final String DEFAULT_METRIC = "http.server.request.duration";

    /** The resource attribute that names the VS, unless configured. */
    public static final String DEFAULT_ATTRIBUTE = "host.name";

    static final int MAX_DEPTH = 32;
    static final int MAX_BUCKETS = 4_096;
    static final int MAX_SERIES = 100_000;
    /** A bucket count beyond any real interval's (sums of such counts never overflow). */
    static final long MAX_COUNT = 1_000_000_000_000L;

    /** What one export brought: points used, points rejected (with the first reason), servers fed. */
    public record Outcome(int accepted, int rejected, String firstProblem, int virtualServers) {
    }

    private final String metric;
    private final String attribute;
    private final ResponseTimeCollector collector;
    private final Map<String, Series> previous = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Series> eldest) {
            return size() > MAX_SERIES;
        }
    };

    private record Series(long startNanos, Completions cumulative) {
    }

    public OtlpMetricsReceiver(String metric, String attribute, ResponseTimeCollector collector) {
        this.metric = Objects.requireNonNull(metric, "metric");
        this.attribute = Objects.requireNonNull(attribute, "attribute");
        this.collector = Objects.requireNonNull(collector, "collector");
    }

    /**
     * Takes one {@code ExportMetricsServiceRequest}.
     *
     * @throws IllegalArgumentException if the body is not such a message (the message says why)
     */
    public Outcome accept(byte[] body) {
        ExportMetricsServiceRequest request;
        try {
            CodedInputStream in = CodedInputStream.newInstance(body);
            in.setRecursionLimit(MAX_DEPTH);
            request = ExportMetricsServiceRequest.parseFrom(in);
        } catch (java.io.IOException e) { // InvalidProtocolBufferException, and nothing else from a byte array
            throw new IllegalArgumentException("the body is not an OTLP ExportMetricsServiceRequest in protobuf: "
                    + e.getMessage());
        }
        int accepted = 0;
        int rejected = 0;
        String problem = null;
        Map<String, Completions> done = new LinkedHashMap<>();
        for (ResourceMetrics rm : request.getResourceMetricsList()) {
            String vs = attribute(rm.getResource().getAttributesList(), attribute);
            for (ScopeMetrics sm : rm.getScopeMetricsList()) {
                for (Metric m : sm.getMetricsList()) {
                    if (!m.getName().equals(metric)) {
                        continue;
                    }
                    if (!m.hasHistogram()) {
                        rejected += points(m);
                        problem = problem != null ? problem : "metric " + metric + " is a " + m.getDataCase()
                                + ", not a histogram with explicit buckets";
                        continue;
                    }
                    if (vs == null || vs.isBlank()) {
                        rejected += m.getHistogram().getDataPointsCount();
                        problem = problem != null ? problem : "the resource has no attribute " + attribute
                                + " naming the virtual server (set it, e.g. OTEL_RESOURCE_ATTRIBUTES=" + attribute + "=web-1)";
                        continue;
                    }
                    double scale = scale(m.getUnit());
                    boolean delta = m.getHistogram().getAggregationTemporality()
                            == AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA;
                    for (HistogramDataPoint p : m.getHistogram().getDataPointsList()) {
                        String invalid = invalid(p);
                        if (invalid != null) {
                            rejected++;
                            problem = problem != null ? problem : invalid;
                            continue;
                        }
                        Completions now = completions(p, scale);
                        Completions since = delta ? now : since(vs + "\u0000" + key(p.getAttributesList()), p, now);
                        accepted++;
                        if (since != null) {
                            done.merge(vs, since, Completions::plus);
                        }
                    }
                }
            }
        }
        done.forEach(collector::add);
        return new Outcome(accepted, rejected, problem, done.size());
    }

    /** What a cumulative series completed since its previous point (null the first time). */
    private synchronized Completions since(String series, HistogramDataPoint p, Completions now) {
        Series before = previous.put(series, new Series(p.getStartTimeUnixNano(), now));
        if (before == null || before.startNanos() != p.getStartTimeUnixNano()) {
            return null; // new series, or restarted: a new baseline
        }
        return now.since(before.cumulative());
    }

    private static String invalid(HistogramDataPoint p) {
        int bounds = p.getExplicitBoundsCount();
        if (bounds > MAX_BUCKETS) {
            return "a data point has " + bounds + " bucket bounds; at most " + MAX_BUCKETS + " are accepted";
        }
        if (p.getBucketCountsCount() != bounds + 1) {
            return "a data point has " + p.getBucketCountsCount() + " bucket counts for " + bounds
                    + " bounds; OTLP requires one more count than bounds";
        }
        double last = Double.NEGATIVE_INFINITY;
        for (double b : p.getExplicitBoundsList()) {
            if (!(b > last) || Double.isInfinite(b)) {
                return "a data point's bucket bounds are not finite and increasing";
            }
            last = b;
        }
        for (long c : p.getBucketCountsList()) {
            if (c < 0 || c > MAX_COUNT) {
                return "a data point has a bucket count above " + MAX_COUNT;
            }
        }
        return null;
    }

    /** A point's buckets as {@link Completions} in milliseconds. */
    private static Completions completions(HistogramDataPoint p, double scale) {
        double[] bounds = new double[p.getExplicitBoundsCount()];
        for (int i = 0; i < bounds.length; i++) {
            bounds[i] = p.getExplicitBounds(i) * scale;
        }
        long[] counts = new long[p.getBucketCountsCount()];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = p.getBucketCounts(i);
        }
        double sum = p.hasSum() && Double.isFinite(p.getSum()) ? Math.max(0, p.getSum() * scale) : 0;
        return new Completions(bounds, counts, sum);
    }

    /** Milliseconds per unit of the metric (UCUM: {@code s} and {@code ms}; seconds if unset). */
    static double scale(String unit) {
        return switch (unit) {
            case "ms" -> 1;
            case "us" -> 1e-3;
            case "ns" -> 1e-6;
            default -> 1000;
        };
    }

    private static int points(Metric m) {
        return switch (m.getDataCase()) {
            case GAUGE -> m.getGauge().getDataPointsCount();
            case SUM -> m.getSum().getDataPointsCount();
            case EXPONENTIAL_HISTOGRAM -> m.getExponentialHistogram().getDataPointsCount();
            case SUMMARY -> m.getSummary().getDataPointsCount();
            default -> 0;
        };
    }

    private static String attribute(List<KeyValue> attributes, String key) {
        for (KeyValue kv : attributes) {
            if (kv.getKey().equals(key) && kv.getValue().getValueCase() == AnyValue.ValueCase.STRING_VALUE) {
                return kv.getValue().getStringValue();
            }
        }
        return null;
    }

    /** A series' attributes in a stable order, as a key. */
    private static String key(List<KeyValue> attributes) {
        return attributes.stream().map(kv -> kv.getKey() + "=" + value(kv.getValue())).sorted()
                .collect(java.util.stream.Collectors.joining("\u0001"));
    }

    /** An attribute's value as text: a string as it is (the common case), others in protobuf's text form. */
    private static String value(AnyValue v) {
        return v.getValueCase() == AnyValue.ValueCase.STRING_VALUE ? "s:" + v.getStringValue() : v.toString().strip();
    }
}
