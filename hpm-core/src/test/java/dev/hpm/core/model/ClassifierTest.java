package dev.hpm.core.model;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ClassifierTest {
    static final ServiceClass ONLINE = new ServiceClass("online", Goal.velocity(VelocityLevel.FAST), Importance.HIGHEST);
    static final ServiceClass DB = new ServiceClass("db", Goal.velocity(VelocityLevel.FASTEST), Importance.HIGH);
    static final ServiceClass BATCH = new ServiceClass("batch", Goal.discretionary(), Importance.LOWEST);

    static RuleFilter filter(FilterAttribute a, FilterOperator o, String v) {
        return new RuleFilter(a, o, v);
    }

    static ServiceDefinition definition() {
        PerformancePolicy policy = new PerformancePolicy("shop", List.of(ONLINE, DB, BATCH), List.of(
                new ClassificationRule("db", List.of(filter(FilterAttribute.NAME, FilterOperator.REGEX, "db-[0-9]+"))),
                new ClassificationRule("batch", List.of(filter(FilterAttribute.TAG, FilterOperator.EQUALS, "batch"))),
                new ClassificationRule("online", List.of(filter(FilterAttribute.NAME, FilterOperator.WILDCARD, "web-*"),
                        filter(FilterAttribute.HOST, FilterOperator.WILDCARD, "rack1-?"))),
                new ClassificationRule("batch", List.of(filter(FilterAttribute.OS_TYPE, FilterOperator.EQUALS, "windows")))),
                "online");
        return new ServiceDefinition(VelocityMapping.DEFAULT, List.of(
                WorkloadResourceGroup.of("Shop", Importance.HIGH, policy, Set.of("u1", "u2", "u3", "u4", "u5", "u6"))));
    }

    static VirtualServerInfo vs(String uuid, String name, String host, Set<String> tags, String os) {
        return new VirtualServerInfo(uuid, name, host, tags, os);
    }

    @Test
    void classify_regexOnName() {
        ClassInfo c = new Classifier(definition()).classify(vs("u1", "db-12", "h", Set.of(), "linux"));
        assertThat(c.key()).isEqualTo(new ClassKey("Shop", "db"));
        assertThat(c.goalVelocity()).isEqualTo(90);
        assertThat(c.importance()).isEqualTo(Importance.HIGH);
        assertThat(c.groupImportance()).isEqualTo(Importance.HIGH);
    }

    @Test
    void classify_regexMustMatchWholeName() {
        assertThat(new Classifier(definition()).classify(vs("u1", "db-12-old", "h", Set.of(), "")).key().serviceClass())
                .isEqualTo("online");
    }

    @Test
    void classify_firstMatchWins() {
        // db-1 also carries the batch tag, but the db rule comes first
        assertThat(new Classifier(definition()).classify(vs("u2", "db-1", "h", Set.of("batch"), "")).key().serviceClass())
                .isEqualTo("db");
    }

    @Test
    void classify_anyTagMatches() {
        assertThat(new Classifier(definition()).classify(vs("u3", "x", "h", Set.of("prod", "batch"), "")).key()
                .serviceClass()).isEqualTo("batch");
    }

    @Test
    void classify_allFiltersOfARuleMustMatch() {
        Classifier classifier = new Classifier(definition());
        assertThat(classifier.matchingRule(vs("u4", "web-3", "rack1-a", Set.of(), ""))).isEqualTo(2);
        assertThat(classifier.matchingRule(vs("u4", "web-3", "rack2-a", Set.of(), ""))).isEqualTo(-1);
    }

    @Test
    void classify_osTypeEquals() {
        assertThat(new Classifier(definition()).classify(vs("u5", "app", "h", Set.of(), "windows")).key().serviceClass())
                .isEqualTo("batch");
    }

    @Test
    void classify_noRuleMatches_getsPolicyDefaultClass() {
        assertThat(new Classifier(definition()).classify(vs("u6", "app", "h", Set.of(), "linux")).key().serviceClass())
                .isEqualTo("online");
    }

    @Test
    void classify_serverInNoGroup_goesToDefaultGroup() {
        ClassInfo c = new Classifier(definition()).classify(vs("stranger", "db-1", "h", Set.of(), ""));
        assertThat(c.key()).isEqualTo(new ClassKey("default", "default"));
        assertThat(c.goalVelocity()).isEqualTo(50);
    }

    @Test
    void classify_wildcardQuotesRegexCharacters() {
        PerformancePolicy p = new PerformancePolicy("p", List.of(ONLINE, BATCH), List.of(new ClassificationRule("batch",
                List.of(filter(FilterAttribute.NAME, FilterOperator.WILDCARD, "a.b*")))), "online");
        Classifier c = new Classifier(new ServiceDefinition(VelocityMapping.DEFAULT,
                List.of(WorkloadResourceGroup.of("G", Importance.LOW, p, Set.of("x", "y")))));
        assertThat(c.classify(vs("x", "a.bcd", "", Set.of(), "")).key().serviceClass()).isEqualTo("batch");
        assertThat(c.classify(vs("y", "aXbcd", "", Set.of(), "")).key().serviceClass()).isEqualTo("online");
    }

    @Test
    void classify_memberListedByName_belongsToTheGroup() {
        PerformancePolicy p = new PerformancePolicy("p", List.of(ONLINE), List.of(), "online");
        Classifier c = new Classifier(new ServiceDefinition(VelocityMapping.DEFAULT,
                List.of(WorkloadResourceGroup.of("G", Importance.LOW, p, Set.of("web-1", "u-9")))));
        assertThat(c.classify(vs("any-uuid", "web-1", "", Set.of(), "")).key().group()).isEqualTo("G");
        assertThat(c.classify(vs("u-9", "renamed", "", Set.of(), "")).key().group()).isEqualTo("G");
        assertThat(c.classify(vs("u-8", "web-2", "", Set.of(), "")).key().group()).isEqualTo("default");
    }

    @Test
    void classify_customVelocityMapping_isUsed() {
        ServiceDefinition d = new ServiceDefinition(VelocityMapping.of(95, 80, 60, 40, 20), definition().groups());
        assertThat(new Classifier(d).classify(vs("u1", "db-1", "", Set.of(), "")).goalVelocity()).isEqualTo(95);
    }
}
