package dev.hpm.sim.run;

import dev.hpm.core.cpu.Adjustment;
import dev.hpm.core.model.Importance;
import dev.hpm.sim.scenario.RandomScenarios;
import dev.hpm.sim.scenario.ScenarioLoader;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RandomStudyTest {

    @Test
    void yaml_sameSeedAndIndex_sameScenario_otherSeed_otherScenario() {
        assertThat(RandomScenarios.yaml(3, 7)).isEqualTo(RandomScenarios.yaml(3, 7));
        assertThat(RandomScenarios.yaml(3, 7)).isNotEqualTo(RandomScenarios.yaml(3, 8));
        assertThat(RandomScenarios.yaml(3, 7)).isNotEqualTo(RandomScenarios.yaml(4, 7));
    }

    @Test
    void generate_everyScenario_hasAClassAtEveryImportanceLevel_onOneHost() {
        for (var s : RandomScenarios.generate(20, 11)) {
            assertThat(s.hosts()).hasSize(1);
            for (Importance level : Importance.values()) {
                assertThat(s.definition().groups()).as(s.name()).anyMatch(g -> g.importance() == level
                        && g.policy().serviceClasses().stream().anyMatch(c -> c.importance() == level));
            }
        }
    }

    @Test
    void generate_aFewSeeds_includeGroupMinimaMaximaAndCaps() {
        var all = RandomScenarios.generate(30, 1);
        assertThat(all).anyMatch(s -> s.definition().groups().stream().anyMatch(g -> g.cpuMinimum() != null));
        assertThat(all).anyMatch(s -> s.definition().groups().stream().anyMatch(g -> g.cpuMaximum() != null));
        assertThat(all).anyMatch(s -> s.servers().stream().anyMatch(v -> !Double.isInfinite(v.capCpus())));
    }

    @Test
    void run_sameSeed_sameFigures_withEveryFigurePerLevel() {
        RandomStudy.Summary a = RandomStudy.run(4, 5, null);
        RandomStudy.Summary b = RandomStudy.run(4, 5, null);
        assertThat(a).isEqualTo(b);
        assertThat(a.scenarios()).isEqualTo(4);
        assertThat(a.levels()).containsKey(Importance.HIGHEST);
        a.levels().values().forEach(l -> {
            assertThat(l.min()).isLessThanOrEqualTo(l.p10()).isLessThanOrEqualTo(l.median());
            assertThat(l.scenarios()).isBetween(1, 4);
        });
        assertThat(a.reversalsMax()).isGreaterThanOrEqualTo(a.reversalsMedian()).isGreaterThanOrEqualTo(0);
    }

    @Test
    void run_aReceiverRaisedWithoutAnyDonorLowered_isExplainedAsARaise() {
        // random scenario 199 of seed 2: the high class's capped server is raised with no donor lowered
        var scenario = ScenarioLoader.load(RandomScenarios.yaml(199, 2), "random-199-2");
        List<String> reasons = new ArrayList<>();
        new ScenarioRunner(scenario, r -> {
            if (r.decision() != null && r.decision().decision() instanceof Adjustment a) {
                reasons.add(a.reason());
            }
        }, null).run(PolicyKind.HPM);
        assertThat(reasons).anyMatch(t -> t.contains("raised its shares by") && t.contains("no donor lowered"))
                .noneMatch(t -> t.contains("shares from ;") || t.contains(" 0 shares"));
    }

    @Test
    void quantile_interpolatesBetweenRanks() {
        assertThat(RandomStudy.quantile(new double[]{0, 10}, 0.1)).isEqualTo(1.0);
        assertThat(RandomStudy.quantile(new double[]{1, 2, 3}, 0.5)).isEqualTo(2.0);
    }
}
