package dev.hpm.server.rt;

import com.sun.net.httpserver.HttpServer;
import dev.hpm.core.measure.Completions;
import dev.hpm.core.measure.ResponseTimePi;
import dev.hpm.core.model.Goal;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * A test application exposing a request-duration histogram with the Prometheus Java client over
 * HTTP, scraped by {@link PrometheusScraper}: the difference between two scrapes is what the
 * application completed in between, summed over the histogram's labels.
 */
class PrometheusScraperTest {
    static final String METRIC = "http_server_request_duration_seconds";

    @Test
    void scrape_twice_theDifferenceIsTheIntervalsCompletions() throws Exception {
        PrometheusRegistry registry = new PrometheusRegistry();
        Histogram h = Histogram.builder().name(METRIC).help("request durations").labelNames("http_route")
                .classicOnly().classicUpperBounds(0.05, 0.1, 0.2, 0.4, 0.8, 1.6).register(registry);
        HttpServer app = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
        app.createContext("/metrics", x -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            PrometheusTextFormatWriter.create().write(out, registry.scrape());
            x.getResponseHeaders().set("Content-Type", PrometheusTextFormatWriter.CONTENT_TYPE);
            x.sendResponseHeaders(200, out.size());
            x.getResponseBody().write(out.toByteArray());
            x.close();
        });
        app.start();
        try {
            ResponseTimeCollector collector = new ResponseTimeCollector();
            PrometheusScraper scraper = new PrometheusScraper(List.of(new PrometheusScraper.Target(
                    URI.create("http://127.0.0.1:" + app.getAddress().getPort() + "/metrics"), METRIC, "web-1")), collector);
            for (int i = 0; i < 100; i++) {
                h.labelValues("/old").observe(0.3); // before the baseline: not this interval's
            }
            scraper.scrape();
            assertThat(collector.take("h", "uuid-1", "web-1")).isNull();

            for (int i = 0; i < 60; i++) {
                h.labelValues("/cart").observe(0.15);
            }
            for (int i = 0; i < 30; i++) {
                h.labelValues("/search").observe(0.15);
            }
            for (int i = 0; i < 10; i++) {
                h.labelValues("/search").observe(0.6);
            }
            scraper.scrape();
            Completions done = collector.take("h", "uuid-1", "web-1");

            assertThat(done.count()).isEqualTo(100);
            assertThat(done.averageMillis()).isCloseTo((90 * 150 + 10 * 600) / 100.0, within(1e-6));
            // 90 % within the bucket up to 200 ms: the 90th percentile is its bound, PI 1.0 for p90 200ms
            assertThat(ResponseTimePi.pi(new Goal.PercentileResponseTime(90, 200), done, 10)).isCloseTo(1.0, within(1e-9));
            assertThat(ResponseTimePi.pi(new Goal.PercentileResponseTime(90, 100), done, 10)).isCloseTo(2.0, within(1e-9));
            assertThat(collector.take("h", "uuid-1", "web-1")).as("taken once").isNull();
        } finally {
            app.stop(0);
        }
    }

    @Test
    void parse_otherMetricOnly_null() {
        assertThat(PrometheusScraper.parse("# TYPE x histogram\nx_bucket{le=\"1\"} 3\nx_bucket{le=\"+Inf\"} 3\n", METRIC)).isNull();
    }

    @Test
    void parse_10000MutatedExpositions_neverFail_andGiveOnlyRealCounts() {
        String valid = """
                # HELP http_server_request_duration_seconds request durations
                # TYPE http_server_request_duration_seconds histogram
                http_server_request_duration_seconds_bucket{http_route="/a",le="0.1"} 3
                http_server_request_duration_seconds_bucket{http_route="/a",le="0.4"} 10
                http_server_request_duration_seconds_bucket{http_route="/a",le="+Inf"} 12
                http_server_request_duration_seconds_sum{http_route="/a"} 2.5
                http_server_request_duration_seconds_count{http_route="/a"} 12
                """;
        java.util.Random random = new java.util.Random(9);
        String alphabet = "0123456789.e+-Inf NaN{}=\",le_\n#";
        int parsed = 0;
        for (int n = 0; n < 10_000; n++) {
            StringBuilder text = new StringBuilder(valid);
            for (int k = 1 + random.nextInt(6); k > 0; k--) {
                int at = random.nextInt(text.length());
                if (random.nextBoolean()) {
                    text.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
                } else {
                    text.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
                }
            }
            Completions c = PrometheusScraper.parse(text.toString(), METRIC);
            if (c != null) {
                parsed++;
                assertThat(c.sumMillis()).as(text.toString()).isFinite().isGreaterThanOrEqualTo(0);
                assertThat(c.count()).isGreaterThanOrEqualTo(0);
            }
        }
        System.out.printf("[prometheus fuzz] 10000 mutated expositions: %d parsed as a histogram%n", parsed);
        assertThat(parsed).isPositive();
    }
}
