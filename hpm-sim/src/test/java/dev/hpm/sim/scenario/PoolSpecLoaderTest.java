package dev.hpm.sim.scenario;

import dev.hpm.core.dwm.DwmMode;
import dev.hpm.core.dwm.PowerModel;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The pool sections of a host scenario (dwm, power, live-migration, pool-policies, pool events). */
class PoolSpecLoaderTest {
    private static final String BASE = """
            duration: 10m
            hosts:
              - {name-prefix: h, count: 3, cpus: 4}
            groups:
              - name: Web
                importance: highest
                policy:
                  service-classes:
                    - {name: web, goal: fast, importance: highest}
            servers:
              - {name-prefix: s, count: 3, group: Web, demand: {model: constant, cpus: 1}}
            """;

    @Test
    void load_poolSections_giveThePoolSpec() {
        Scenario s = ScenarioLoader.load(BASE + """
                dwm:
                  mode: recommend
                  rules:
                    host-rules: [{name: pin, server: s1, hosts: [h1], strength: must}]
                power:
                  boot: 90s
                  models: [{hosts: ["h*"], model: {idle: 50, max: 150}}]
                  off: [h3]
                live-migration: {bandwidth: 100, dirty-rate: 5}
                pool-policies: [none, hpm]
                events:
                  - {at: 2m, maintenance: h2, for: 1m}
                  - {at: 1m, power-on-fails: h3}
                  - {at: 3m, migration-fails: s2}
                  - {at: 4m, restart: s1}
                """, "pool.yaml");
        PoolSpec p = s.pool();
        assertThat(p.policy().mode()).isEqualTo(DwmMode.RECOMMEND);
        assertThat(p.policy().rules().hostRules()).hasSize(1);
        assertThat(p.boot()).isEqualTo(Duration.ofSeconds(90));
        assertThat(p.powerModels().get("h2")).isEqualTo(PowerModel.linear(50, 150));
        assertThat(p.startOff()).containsExactly("h3");
        assertThat(p.bandwidthMbPerS()).isEqualTo(100);
        assertThat(p.policies()).isEqualTo(List.of("none", "hpm"));
        assertThat(p.events()).containsExactly(new PoolSpec.Event.PowerOnFails(Duration.ofMinutes(1), "h3"),
                new PoolSpec.Event.Maintenance(Duration.ofMinutes(2), "h2", Duration.ofMinutes(1)),
                new PoolSpec.Event.MigrationFails(Duration.ofMinutes(3), "s2"));
        assertThat(s.events()).hasSize(1);
    }

    @Test
    void load_withoutDwm_hasNoPool() {
        assertThat(ScenarioLoader.load(BASE, "plain.yaml").pool()).isNull();
    }

    @Test
    void load_poolProblems_areNamedWithTheirPaths() {
        assertThatThrownBy(() -> ScenarioLoader.load(BASE + """
                dwm:
                  power-save: {threshold: 120, reserve-hosts: 5}
                  rules:
                    host-rules: [{name: pin, server: s1, hosts: [h9], strength: must}]
                power:
                  models: [{hosts: ["x*"], model: toaster}]
                  off: [h7]
                pool-policies: [thr-mmt]
                events:
                  - {at: 1m, maintenance: h9}
                  - {at: 1m, migration-fails: nobody}
                """, "bad.yaml"))
                .isInstanceOf(ScenarioException.class)
                .hasMessageContaining("dwm.power-save.threshold is 120")
                .hasMessageContaining("dwm.power-save.reserve-hosts is 5")
                .hasMessageContaining("dwm.rules.host-rules[pin].hosts is \"h9\": no such host in the pool")
                .hasMessageContaining("power.models[0].hosts is \"x*\": matches no host")
                .hasMessageContaining("power.models[0].model is \"toaster\"")
                .hasMessageContaining("power.off is \"h7\": no such host")
                .hasMessageContaining("pool-policies is \"thr-mmt\": use none, threshold or hpm")
                .hasMessageContaining("events[0].maintenance is \"h9\": no such host")
                .hasMessageContaining("events[1].migration-fails is \"nobody\": no such server");
    }

    @Test
    void load_poolEventsWithoutDwm_areRefused() {
        assertThatThrownBy(() -> ScenarioLoader.load(BASE + """
                events:
                  - {at: 1m, maintenance: h1}
                """, "nodwm.yaml"))
                .isInstanceOf(ScenarioException.class)
                .hasMessageContaining("pool events need a dwm section");
    }
}
