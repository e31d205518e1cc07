package dev.hpm.core.model;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class DefinitionValidationTest {
    static final ServiceClass A = new ServiceClass("a", Goal.velocity(VelocityLevel.FAST), Importance.HIGH);

    @Test
    void policy_duplicateServiceClassNames_areRejectedNamingTheField() {
        InvalidDefinitionException e = catchThrowableOfType(InvalidDefinitionException.class, () ->
                new PerformancePolicy("p", List.of(A, new ServiceClass("A", Goal.discretionary(), Importance.LOW)),
                        List.of(), "a"));
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("service-classes[A].name");
            assertThat(p.fix()).contains("unique");
        });
    }

    @Test
    void policy_ruleWithUnknownServiceClass_isRejectedListingTheChoices() {
        assertThatThrownBy(() -> new PerformancePolicy("p", List.of(A), List.of(new ClassificationRule("gold",
                List.of(new RuleFilter(FilterAttribute.NAME, FilterOperator.EQUALS, "x")))), "a"))
                .isInstanceOf(InvalidDefinitionException.class)
                .hasMessage("rules[1].service-class is \"gold\": no such service class in this policy; use one of [a]");
    }

    @Test
    void policy_unknownDefaultClass_isRejected() {
        assertThatThrownBy(() -> new PerformancePolicy("p", List.of(A), List.of(), "b"))
                .hasMessageContaining("default-class is \"b\"");
    }

    @Test
    void policy_everyProblemIsReportedAtOnce() {
        InvalidDefinitionException e = catchThrowableOfType(InvalidDefinitionException.class, () ->
                new PerformancePolicy("", List.of(), List.of(), "x"));
        assertThat(e.problems()).extracting(Problem::field).containsExactly("name", "service-classes", "default-class");
    }

    @Test
    void filter_badRegex_isRejectedWithTheParserHint() {
        assertThatThrownBy(() -> new RuleFilter(FilterAttribute.NAME, FilterOperator.REGEX, "web-[0-9"))
                .isInstanceOf(InvalidDefinitionException.class)
                .hasMessageStartingWith("value is \"web-[0-9\": fix the regular expression: Unclosed character class");
    }

    @Test
    void filter_emptyOrHugeValue_isRejected() {
        assertThatThrownBy(() -> new RuleFilter(FilterAttribute.TAG, FilterOperator.EQUALS, ""))
                .hasMessageContaining("give the text to compare with");
        assertThatThrownBy(() -> new RuleFilter(FilterAttribute.TAG, FilterOperator.REGEX, "a".repeat(300)))
                .hasMessageContaining("at most 256");
    }

    @Test
    void rule_withoutFilters_isRejected() {
        assertThatThrownBy(() -> new ClassificationRule("a", List.of())).hasMessageContaining("at least one filter");
    }

    @Test
    void group_emptyName_isRejected() {
        assertThatThrownBy(() -> WorkloadResourceGroup.of(" ", Importance.HIGH, PerformancePolicy.DEFAULT, Set.of()))
                .hasMessage("name is \" \": give a name of 1 to 64 characters");
    }

    @Test
    void group_badCharactersOrTooLong_areRejected() {
        assertThatThrownBy(() -> WorkloadResourceGroup.of("a/b", Importance.HIGH, PerformancePolicy.DEFAULT, Set.of()))
                .hasMessageContaining("use letters, digits");
        assertThatThrownBy(() -> WorkloadResourceGroup.of("x".repeat(65), Importance.HIGH, PerformancePolicy.DEFAULT,
                Set.of())).hasMessageContaining("at most 64");
    }

    @Test
    void group_minimumAboveMaximum_isRejected() {
        assertThatThrownBy(() -> new WorkloadResourceGroup("g", "", Importance.HIGH, PerformancePolicy.DEFAULT, 3.0, 2.0,
                Set.of())).hasMessage("cpu-minimum is 3.0: must not exceed cpu-maximum (2.0)");
    }

    @Test
    void group_defaultWithMembers_isRejected() {
        assertThatThrownBy(() -> WorkloadResourceGroup.of("default", Importance.HIGH, PerformancePolicy.DEFAULT,
                Set.of("u"))).hasMessageContaining("the default group holds every server in no other group");
    }

    @Test
    void definition_duplicateGroupNames_caseInsensitive_areRejected() {
        assertThatThrownBy(() -> new ServiceDefinition(VelocityMapping.DEFAULT, List.of(
                WorkloadResourceGroup.of("Gold", Importance.HIGH, PerformancePolicy.DEFAULT, Set.of()),
                WorkloadResourceGroup.of("gold", Importance.LOW, PerformancePolicy.DEFAULT, Set.of()))))
                .isInstanceOf(DefinitionConflictException.class)
                .hasMessage("workload-resource-groups[gold].name is \"gold\": a workload resource group named gold exists"
                        + " already (as Gold); names are compared without regard to case: choose another name");
    }

    @Test
    void definition_serverInTwoGroups_isRejected() {
        assertThatThrownBy(() -> new ServiceDefinition(VelocityMapping.DEFAULT, List.of(
                WorkloadResourceGroup.of("A", Importance.HIGH, PerformancePolicy.DEFAULT, Set.of("u1")),
                WorkloadResourceGroup.of("B", Importance.LOW, PerformancePolicy.DEFAULT, Set.of("u1")))))
                .hasMessageContaining("already in group A");
    }

    @Test
    void definition_alwaysHasTheDefaultGroupFirst() {
        ServiceDefinition d = new ServiceDefinition(VelocityMapping.DEFAULT, List.of(
                WorkloadResourceGroup.of("A", Importance.HIGH, PerformancePolicy.DEFAULT, Set.of())));
        assertThat(d.groups()).extracting(WorkloadResourceGroup::name).containsExactly("default", "A");
    }

    @Test
    void mapping_mustFallFromFastestToSlowest() {
        assertThatThrownBy(() -> VelocityMapping.of(90, 70, 70, 30, 10))
                .hasMessage("velocity-mapping.moderate is 70: must be lower than the level above it (70)");
        assertThatThrownBy(() -> VelocityMapping.of(100, 70, 50, 30, 0))
                .hasMessageContaining("2 problems");
    }

    @Test
    void parse_unknownImportance_listsTheChoices() {
        assertThatThrownBy(() -> Importance.parse("urgent", "importance"))
                .hasMessage("importance is \"urgent\": use one of highest, high, medium, low, lowest");
        assertThat(Importance.parse("HIGHEST", "x")).isEqualTo(Importance.HIGHEST);
        assertThat(Goal.parse("discretionary", "goal")).isInstanceOf(Goal.Discretionary.class);
        assertThatThrownBy(() -> Goal.parse("quick", "goal")).hasMessageContaining("fastest, fast, moderate, slow, slowest, discretionary");
    }
}
