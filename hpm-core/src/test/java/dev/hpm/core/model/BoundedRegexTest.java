package dev.hpm.core.model;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class BoundedRegexTest {
    private static final String HOSTILE = "((((.*)*)*)*)*!";

    @Test
    void match_ordinaryRegex_answersInFull() {
        BoundedRegex regex = BoundedRegex.compile("db-[0-9]+", BoundedRegex.DEFAULT_BUDGET);

        assertThat(regex.match("db-12")).isEqualTo(BoundedRegex.Outcome.MATCH);
        assertThat(regex.match("web-12")).isEqualTo(BoundedRegex.Outcome.NO_MATCH);
        assertThat(regex.exhausted()).isZero();
    }

    @Test
    void match_catastrophicBacktracking_runsOutOfBudgetQuicklyAndStaysOff() {
        BoundedRegex regex = BoundedRegex.compile(HOSTILE, BoundedRegex.DEFAULT_BUDGET);
        long start = System.nanoTime();

        assertThat(regex.match("abcdefgh")).isEqualTo(BoundedRegex.Outcome.OUT_OF_BUDGET);
        for (int i = 0; i < 10_000; i++) {
            assertThat(regex.matches("server-" + i)).isFalse();
        }

        assertThat((System.nanoTime() - start) / 1e6).as("ms").isLessThan(1000);
        assertThat(regex.exhausted()).isEqualTo(1);
    }

    @Test
    void classifier_hostileRuleMatchesNothingAndIsReported() {
        ServiceClass online = new ServiceClass("online", Goal.velocity(VelocityLevel.FAST), Importance.HIGH);
        ServiceClass batch = new ServiceClass("batch", Goal.discretionary(), Importance.LOWEST);
        PerformancePolicy policy = new PerformancePolicy("p", List.of(online, batch), List.of(new ClassificationRule(
                "batch", List.of(new RuleFilter(FilterAttribute.NAME, FilterOperator.REGEX, HOSTILE)))), "online");
        Classifier classifier = new Classifier(new ServiceDefinition(VelocityMapping.DEFAULT, List.of(
                WorkloadResourceGroup.of("Web", Importance.HIGH, policy, Set.of("u1")))));
        long start = System.nanoTime();

        for (int i = 0; i < 1000; i++) {
            assertThat(classifier.matchingRule(new VirtualServerInfo("u1", "abcdefgh", "h", Set.of(), "linux"))).isEqualTo(-1);
        }

        assertThat((System.nanoTime() - start) / 1e6).as("ms").isLessThan(1000);
        assertThat(classifier.exhaustedFilters()).containsExactly("Web: rules[0].filters[0] (name regex \"" + HOSTILE + "\")");
    }
}
