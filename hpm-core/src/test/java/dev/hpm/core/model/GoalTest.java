package dev.hpm.core.model;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GoalTest {
    @Test
    void parse_average_inMillisecondsOrSeconds() {
        assertThat(Goal.parse("average 200ms", "goal")).isEqualTo(new Goal.AverageResponseTime(200));
        assertThat(Goal.parse("avg ≤ 0.2s", "goal")).isEqualTo(new Goal.AverageResponseTime(200));
        assertThat(Goal.parse("Average <= 150 ms", "goal").label()).isEqualTo("average 150ms");
    }

    @Test
    void parse_percentile_pNotationOrPercentSign() {
        assertThat(Goal.parse("p90 500ms", "goal")).isEqualTo(new Goal.PercentileResponseTime(90, 500));
        assertThat(Goal.parse("90% ≤ 0.5s", "goal")).isEqualTo(new Goal.PercentileResponseTime(90, 500));
        assertThat(Goal.parse("p99.9 2s", "goal").label()).isEqualTo("p99.9 2000ms");
    }

    @Test
    void label_parsesBackToTheSameGoal() {
        for (String text : new String[]{"average 200ms", "p90 500ms", "p95 1.5ms", "fast", "discretionary"}) {
            Goal g = Goal.parse(text, "goal");
            assertThat(Goal.parse(g.label(), "goal")).isEqualTo(g);
        }
    }

    @Test
    void parse_percentileOutOfRange_namesTheFieldAndTheFix() {
        assertThatThrownBy(() -> Goal.parse("p100 500ms", "service-classes[0].goal"))
                .hasMessage("service-classes[0].goal is \"p100 500ms\": a percentile goal's share must be above 0"
                        + " and below 100 %, e.g. p90 500ms");
    }

    @Test
    void parse_zeroTime_rejected() {
        assertThatThrownBy(() -> Goal.parse("average 0ms", "goal")).hasMessageContaining("must be above 0");
    }

    @Test
    void parse_unknown_listsEveryForm() {
        assertThatThrownBy(() -> Goal.parse("quick", "goal")).hasMessageContaining("'average 200ms'")
                .hasMessageContaining("'p90 500ms'").hasMessageContaining("discretionary");
    }
}
