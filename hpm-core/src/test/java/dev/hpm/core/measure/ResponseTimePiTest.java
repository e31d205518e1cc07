package dev.hpm.core.measure;

import dev.hpm.core.model.Goal;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** One test per rule of the response-time PI (WLM's average and percentile goals). */
class ResponseTimePiTest {
    @Test
    void average_actualOverGoal() {
        assertThat(ResponseTimePi.averagePi(300, 100, 200, 10)).isEqualTo(1.5);
        assertThat(ResponseTimePi.averagePi(100, 100, 200, 10)).isEqualTo(0.5);
    }

    @Test
    void tooFewCompletions_noPi() {
        assertThat(ResponseTimePi.averagePi(300, 9, 200, 10)).isNaN();
        assertThat(ResponseTimePi.percentilePi(new long[14], 0.9, 1)).isNaN();
        assertThat(ResponseTimePi.percentilePi(new double[]{100}, new long[]{1, 0}, 0.9, 100, 5)).isNaN();
    }

    @Test
    void buckets_atWlmsBoundsOfTheGoal() {
        assertThat(ResponseTimePi.bucket(250, 500)).isZero();          // 50 %
        assertThat(ResponseTimePi.bucket(251, 500)).isEqualTo(1);      // above 50 %: the 60 % bucket
        assertThat(ResponseTimePi.bucket(500, 500)).isEqualTo(5);      // 100 %
        assertThat(ResponseTimePi.bucket(1000, 500)).isEqualTo(11);    // 200 %
        assertThat(ResponseTimePi.bucket(2000, 500)).isEqualTo(12);    // 400 %
        assertThat(ResponseTimePi.bucket(2001, 500)).isEqualTo(13);    // beyond
    }

    @Test
    void percentile_upperBoundOfTheBucketWhereTheShareIsReached() {
        double[] fast = new double[100];
        java.util.Arrays.fill(fast, 200);   // 40 % of a 500 ms goal
        assertThat(ResponseTimePi.percentilePi(ResponseTimePi.buckets(fast, 500), 0.9, 10)).isEqualTo(0.5);
        double[] mixed = new double[100];
        for (int i = 0; i < 100; i++) {
            mixed[i] = i < 85 ? 400 : 700;  // 85 % at 80 %, 15 % at 140 % of the goal
        }
        assertThat(ResponseTimePi.percentilePi(ResponseTimePi.buckets(mixed, 500), 0.9, 10)).isEqualTo(1.4);
    }

    @Test
    void percentile_beyond400PercentIs5Point5() {
        double[] slow = new double[50];
        java.util.Arrays.fill(slow, 5_000);
        assertThat(ResponseTimePi.percentilePi(ResponseTimePi.buckets(slow, 500), 0.9, 10)).isEqualTo(5.5);
        double[] half = new double[100];
        for (int i = 0; i < 100; i++) {
            half[i] = i < 50 ? 100 : 1_500;  // 300 %: the 400 % bucket
        }
        assertThat(ResponseTimePi.percentilePi(ResponseTimePi.buckets(half, 500), 0.9, 10)).isEqualTo(4.0);
    }

    @Test
    void histogram_interpolatesInsideTheBucket() {
        double[] bounds = {100, 200, 400, 800};
        long[] counts = {50, 30, 10, 10, 0};    // the 90th percentile is the 90th of 100: the end of the 200–400 bucket
        assertThat(ResponseTimePi.percentilePi(bounds, counts, 0.9, 500, 10)).isCloseTo(0.8, within(1e-9));
        long[] spread = {0, 0, 100, 0, 0};      // all in 200–400: the 90th at 380 ms
        assertThat(ResponseTimePi.percentilePi(bounds, spread, 0.9, 500, 10)).isCloseTo(0.76, within(1e-9));
        long[] tail = {0, 0, 0, 0, 100};        // beyond the last bound
        assertThat(ResponseTimePi.percentilePi(bounds, tail, 0.9, 500, 10)).isEqualTo(5.5);
    }

    @Test
    void overSpan_averageGoal_isExactFromTheSums() {
        // two intervals: 10 requests averaging 100 ms, 30 averaging 300 ms: 250 ms over the span
        double pi = ResponseTimePi.overSpan(new Goal.AverageResponseTime(200), 40, 10 * 100 + 30 * 300,
                Double.NaN, 0);
        assertThat(pi).isEqualTo(1.25);
    }

    @Test
    void overSpan_percentileGoal_weightsTheIntervalsPisByCompletions_nanWithoutAny() {
        Goal.PercentileResponseTime p90 = new Goal.PercentileResponseTime(90, 200);
        assertThat(ResponseTimePi.overSpan(p90, 40, 0, 10 * 0.5 + 30 * 1.5, 40))
                .isEqualTo(1.25);
        assertThat(ResponseTimePi.overSpan(p90, 3, 0, 0, 0)).isNaN();
        assertThat(ResponseTimePi.overSpan(new Goal.AverageResponseTime(200),
                0, 0, 0, 0)).isNaN();
    }
}
