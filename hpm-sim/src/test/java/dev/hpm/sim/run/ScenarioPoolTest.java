package dev.hpm.sim.run;

import dev.hpm.sim.host.SimDomain;
import dev.hpm.sim.host.SimHost;
import dev.hpm.sim.scenario.Scenario;
import dev.hpm.sim.scenario.ScenarioLoader;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** One way to build a scenario's simulated pool, for the scenario runner and the demo pool. */
class ScenarioPoolTest {
    static final Scenario SCENARIO = ScenarioLoader.load("""
            name: two
            duration: 10m
            seed: 3
            hosts: [{name: a, cpus: 2}, {name: b, cpus: 4}]
            servers:
              - {name: x, host: a, vcpus: 2, demand: {model: constant, cpus: 1}}
              - {name: y, host: b, vcpus: 1, demand: {model: constant, cpus: 1}}
            events:
              - {at: 1m, host-unreachable: b, for: 30s}
              - {at: 2m, restart: x}
            """, "two.yaml");

    @Test
    void build_defaults_hostsInScenarioOrder_serversOnTheirHostsAtTheKvmDefault() {
        ScenarioPool pool = ScenarioPool.builder(SCENARIO).build();

        assertThat(pool.hosts()).extracting(SimHost::name).containsExactly("a", "b");
        assertThat(pool.host("b").cpus()).isEqualTo(4);
        assertThat(pool.host("a").domains()).extracting(SimDomain::name).containsExactly("x");
        assertThat(pool.domain("y").scheduler().cpuShares()).isEqualTo(1024);
    }

    @Test
    void build_initialShares_givenPerServer() {
        ScenarioPool pool = ScenarioPool.builder(SCENARIO).initialShares(s -> s.name().equals("x") ? 4096 : 512).build();

        assertThat(List.of(pool.domain("x"), pool.domain("y"))).extracting(d -> d.scheduler().cpuShares())
                .containsExactly(4096L, 512L);
    }

    @Test
    void fireDue_outageStartsAndEndsOnTime_andIsIdempotent() {
        ScenarioPool pool = ScenarioPool.builder(SCENARIO).build();
        long s = 1_000_000_000L;

        pool.fireDue(59 * s);
        assertThat(pool.host("b").reachable()).isTrue();
        pool.fireDue(60 * s);
        pool.fireDue(60 * s);
        assertThat(pool.host("b").reachable()).isFalse();
        pool.fireDue(89 * s);
        assertThat(pool.host("b").reachable()).isFalse();
        pool.fireDue(90 * s);
        assertThat(pool.host("b").reachable()).isTrue();
    }
}
