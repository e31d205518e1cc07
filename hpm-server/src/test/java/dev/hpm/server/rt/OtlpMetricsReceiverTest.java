package dev.hpm.server.rt;

import dev.hpm.core.measure.Completions;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.resource.v1.Resource;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class OtlpMetricsReceiverTest {
    final ResponseTimeCollector collector = new ResponseTimeCollector();
    final OtlpMetricsReceiver receiver = new OtlpMetricsReceiver(OtlpMetricsReceiver.DEFAULT_METRIC,
            OtlpMetricsReceiver.DEFAULT_ATTRIBUTE, collector);

    /** A histogram point: bounds in the metric's unit, per-bucket counts, the sum. */
    static HistogramDataPoint point(long start, List<Double> bounds, List<Long> counts, double sum, String route) {
        return HistogramDataPoint.newBuilder().setStartTimeUnixNano(start).setTimeUnixNano(start + 1)
                .addAllExplicitBounds(bounds).addAllBucketCounts(counts).setSum(sum)
                .setCount(counts.stream().mapToLong(Long::longValue).sum())
                .addAttributes(KeyValue.newBuilder().setKey("http.route").setValue(AnyValue.newBuilder().setStringValue(route)))
                .build();
    }

    static byte[] export(String vs, String unit, AggregationTemporality temporality, HistogramDataPoint... points) {
        Metric m = Metric.newBuilder().setName(OtlpMetricsReceiver.DEFAULT_METRIC).setUnit(unit)
                .setHistogram(Histogram.newBuilder().setAggregationTemporality(temporality).addAllDataPoints(List.of(points)))
                .build();
        Resource.Builder r = Resource.newBuilder();
        if (vs != null) {
            r.addAttributes(KeyValue.newBuilder().setKey("host.name").setValue(AnyValue.newBuilder().setStringValue(vs)));
        }
        return ExportMetricsServiceRequest.newBuilder().addResourceMetrics(ResourceMetrics.newBuilder().setResource(r)
                .addScopeMetrics(ScopeMetrics.newBuilder().addMetrics(m))).build().toByteArray();
    }

    static final List<Double> BOUNDS = List.of(0.1, 0.25, 0.5, 1.0);
    static final AggregationTemporality CUMULATIVE = AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE;

    @Test
    void accept_cumulativeSeries_givesWhatWasCompletedSinceTheLastExport() {
        receiver.accept(export("web-1", "s", CUMULATIVE, point(100, BOUNDS, List.of(5L, 5L, 0L, 0L, 0L), 1.0, "/")));
        assertThat(collector.take("h", "uuid-1", "web-1")).as("the first export is the baseline").isNull();

        OtlpMetricsReceiver.Outcome o = receiver.accept(export("web-1", "s", CUMULATIVE,
                point(100, BOUNDS, List.of(5L, 5L, 20L, 0L, 0L), 9.0, "/")));
        Completions done = collector.take("h", "uuid-1", "web-1");
        assertThat(o).isEqualTo(new OtlpMetricsReceiver.Outcome(1, 0, null, 1));
        assertThat(done.count()).isEqualTo(20);
        assertThat(done.upperMillis()).containsExactly(100, 250, 500, 1000);
        assertThat(done.averageMillis()).isCloseTo(400, within(1e-6));
    }

    @Test
    void accept_seriesOfSeveralRoutes_areSummedForTheServer() {
        receiver.accept(export("web-1", "ms", AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA,
                point(1, List.of(100.0, 200.0), List.of(3L, 0L, 0L), 150, "/a"),
                point(1, List.of(100.0, 200.0), List.of(0L, 4L, 1L), 900, "/b")));
        Completions done = collector.take("h", "uuid-1", "web-1");
        assertThat(done.counts()).containsExactly(3, 4, 1);
        assertThat(done.sumMillis()).isEqualTo(1050);
    }

    @Test
    void accept_restartedApplication_startsANewBaseline() {
        receiver.accept(export("web-1", "s", CUMULATIVE, point(100, BOUNDS, List.of(50L, 0L, 0L, 0L, 0L), 2.0, "/")));
        receiver.accept(export("web-1", "s", CUMULATIVE, point(999, BOUNDS, List.of(3L, 0L, 0L, 0L, 0L), 0.1, "/")));
        assertThat(collector.take("h", "uuid-1", "web-1")).as("counts that went back are no completions").isNull();
        receiver.accept(export("web-1", "s", CUMULATIVE, point(999, BOUNDS, List.of(7L, 0L, 0L, 0L, 0L), 0.3, "/")));
        assertThat(collector.take("h", "uuid-1", "web-1").count()).isEqualTo(4);
    }

    @Test
    void accept_resourceWithoutTheAttribute_rejectsItsPointsAndSaysHow() {
        OtlpMetricsReceiver.Outcome o = receiver.accept(export(null, "s", CUMULATIVE,
                point(1, BOUNDS, List.of(1L, 0L, 0L, 0L, 0L), 0.05, "/")));
        assertThat(o.accepted()).isZero();
        assertThat(o.rejected()).isEqualTo(1);
        assertThat(o.firstProblem()).contains("host.name", "OTEL_RESOURCE_ATTRIBUTES");
    }

    @Test
    void accept_inconsistentBuckets_areRejected_otherPointsTaken() {
        OtlpMetricsReceiver.Outcome o = receiver.accept(export("web-1", "ms", AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA,
                point(1, List.of(100.0, 200.0), List.of(3L, 0L), 150, "/short"),
                point(1, List.of(200.0, 100.0), List.of(1L, 0L, 0L), 50, "/descending"),
                point(1, List.of(100.0, 200.0), List.of(1L, 1L, 0L), 250, "/ok")));
        assertThat(o.accepted()).isEqualTo(1);
        assertThat(o.rejected()).isEqualTo(2);
        assertThat(o.firstProblem()).contains("2 bucket counts for 2 bounds");
        assertThat(collector.take("h", "uuid-1", "web-1").count()).isEqualTo(2);
    }

    @Test
    void accept_theMetricAsAGauge_isRejectedNamingWhatItIs() {
        Metric gauge = Metric.newBuilder().setName(OtlpMetricsReceiver.DEFAULT_METRIC)
                .setGauge(Gauge.newBuilder().addDataPoints(NumberDataPoint.newBuilder().setAsDouble(0.2))).build();
        byte[] body = ExportMetricsServiceRequest.newBuilder().addResourceMetrics(ResourceMetrics.newBuilder()
                .addScopeMetrics(ScopeMetrics.newBuilder().addMetrics(gauge))).build().toByteArray();
        OtlpMetricsReceiver.Outcome o = receiver.accept(body);
        assertThat(o.rejected()).isEqualTo(1);
        assertThat(o.firstProblem()).contains("GAUGE", "not a histogram");
    }

    @Test
    void accept_otherMetrics_areIgnored() {
        Metric other = Metric.newBuilder().setName("jvm.memory.used")
                .setGauge(Gauge.newBuilder().addDataPoints(NumberDataPoint.newBuilder().setAsInt(5))).build();
        byte[] body = ExportMetricsServiceRequest.newBuilder().addResourceMetrics(ResourceMetrics.newBuilder()
                .addScopeMetrics(ScopeMetrics.newBuilder().addMetrics(other))).build().toByteArray();
        assertThat(receiver.accept(body)).isEqualTo(new OtlpMetricsReceiver.Outcome(0, 0, null, 0));
    }

    @Test
    void accept_notProtobuf_isRefusedWithAMessage() {
        assertThatThrownBy(() -> receiver.accept("{\"resourceMetrics\": []}".getBytes()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("the body is not an OTLP");
    }

    @Test
    void accept_deeplyNestedAnyValue_isRefused() {
        AnyValue v = AnyValue.newBuilder().setStringValue("x").build();
        for (int i = 0; i < 100; i++) {
            v = AnyValue.newBuilder().setArrayValue(io.opentelemetry.proto.common.v1.ArrayValue.newBuilder().addValues(v)).build();
        }
        byte[] body = ExportMetricsServiceRequest.newBuilder().addResourceMetrics(ResourceMetrics.newBuilder()
                .setResource(Resource.newBuilder().addAttributes(KeyValue.newBuilder().setKey("deep").setValue(v))))
                .build().toByteArray();
        assertThatThrownBy(() -> receiver.accept(body)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("recursion");
    }

    @Test
    void accept_10000MutatedExports_areTakenOrRefusedWithAMessage_neverAnotherFailure() {
        java.util.Random random = new java.util.Random(7);
        byte[] valid = export("web-1", "s", CUMULATIVE, point(100, BOUNDS, List.of(5L, 5L, 20L, 0L, 0L), 9.0, "/a"),
                point(100, BOUNDS, List.of(1L, 2L, 3L, 4L, 5L), 3.0, "/b"));
        int taken = 0;
        int refused = 0;
        for (int n = 0; n < 10_000; n++) {
            byte[] body = switch (n % 4) {
                case 0 -> flip(valid, random, 1 + random.nextInt(4));
                case 1 -> java.util.Arrays.copyOf(valid, random.nextInt(valid.length));
                case 2 -> insert(valid, random);
                default -> {
                    byte[] b = new byte[random.nextInt(200)];
                    random.nextBytes(b);
                    yield b;
                }
            };
            try {
                OtlpMetricsReceiver.Outcome o = receiver.accept(body);
                assertThat(o.accepted() + o.rejected()).isGreaterThanOrEqualTo(0);
                taken++;
            } catch (IllegalArgumentException e) {
                assertThat(e.getMessage()).startsWith("the body is not an OTLP");
                refused++;
            }
            collector.take("h", "uuid-1", "web-1");
        }
        System.out.printf("[otlp fuzz] 10000 mutated exports: %d taken, %d refused with a message%n", taken, refused);
        assertThat(taken).isPositive();
        assertThat(refused).isPositive();
    }

    static byte[] flip(byte[] valid, java.util.Random random, int bytes) {
        byte[] b = valid.clone();
        for (int i = 0; i < bytes; i++) {
            b[random.nextInt(b.length)] ^= (byte) (1 + random.nextInt(255));
        }
        return b;
    }

    static byte[] insert(byte[] valid, java.util.Random random) {
        int at = random.nextInt(valid.length);
        byte[] extra = new byte[1 + random.nextInt(16)];
        random.nextBytes(extra);
        byte[] b = new byte[valid.length + extra.length];
        System.arraycopy(valid, 0, b, 0, at);
        System.arraycopy(extra, 0, b, at, extra.length);
        System.arraycopy(valid, at, b, at + extra.length, valid.length - at);
        return b;
    }

    @Test
    void scale_ucumUnits_inMilliseconds() {
        assertThat(OtlpMetricsReceiver.scale("s")).isEqualTo(1000);
        assertThat(OtlpMetricsReceiver.scale("")).isEqualTo(1000);
        assertThat(OtlpMetricsReceiver.scale("ms")).isEqualTo(1);
        assertThat(OtlpMetricsReceiver.scale("us")).isEqualTo(1e-3);
    }
}
