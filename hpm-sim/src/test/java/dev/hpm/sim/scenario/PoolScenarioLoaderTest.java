package dev.hpm.sim.scenario;

import dev.hpm.core.model.Importance;
import dev.hpm.sim.pool.PoolEvents;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PoolScenarioLoaderTest {
    @TempDir
    Path dir;

    Path write(String yaml) throws Exception {
        Path file = dir.resolve("p.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    @Test
    void load_studyScenario_isCloudSimsSetUp() {
        PoolScenario s = PoolScenarioLoader.load(Path.of("scenarios/planetlab-pool.yaml"), null);
        assertThat(s.hosts()).hasSize(800);
        assertThat(s.hosts().get(0).capacity()).isEqualTo(3.72);
        assertThat(s.hosts().get(1).capacity()).isEqualTo(5.32);
        assertThat(s.hosts().get(799).id()).isEqualTo("host-799");
        assertThat(s.servers()).hasSize(1052);
        // type by id block of ceil(1052/4) = 263
        assertThat(s.servers().get(262).maxCpu()).isEqualTo(2.5);
        assertThat(s.servers().get(263).maxCpu()).isEqualTo(2.0);
        assertThat(s.servers().get(263).memoryMb()).isEqualTo(1740);
        assertThat(s.servers().get(1051).memoryMb()).isEqualTo(613);
        assertThat(s.firstDecision()).isEqualTo(Duration.ofMillis(300_100));
        assertThat(s.placement()).isEqualTo(PoolScenario.Placement.CLOUDSIM_PABFD);
        assertThat(s.rules().migration().seconds(870)).isEqualTo(13.92);
    }

    @Test
    void load_otherTraces_serverCountFollowsTheFiles() {
        PoolScenario s = PoolScenarioLoader.load(Path.of("scenarios/planetlab-pool.yaml"), Path.of("../shared/data/planetlab/20110306"));
        assertThat(s.servers()).hasSize(898);
        assertThat(s.traceDirectory()).isEqualTo(Path.of("../shared/data/planetlab/20110306"));
    }

    @Test
    void load_classesVariant_fourImportanceLevelsInTurn() {
        PoolScenario s = PoolScenarioLoader.load(Path.of("scenarios/planetlab-pool-classes.yaml"), null);
        assertThat(s.servers().get(0).serviceClass().importance()).isEqualTo(Importance.HIGHEST);
        assertThat(s.servers().get(1).serviceClass().importance()).isEqualTo(Importance.HIGH);
        assertThat(s.servers().get(2).serviceClass().importance()).isEqualTo(Importance.MEDIUM);
        assertThat(s.servers().get(3).serviceClass().importance()).isEqualTo(Importance.LOW);
        assertThat(s.servers().get(4).serviceClass().importance()).isEqualTo(Importance.HIGHEST);
    }

    @Test
    void load_hpmPoolWithEvents_readsHostsServersAndEvents() throws Exception {
        PoolScenario s = PoolScenarioLoader.load(write("""
                duration: 4h
                pool: {rules: hpm, boot-delay: 2m, max-migrations-per-host: 1}
                hosts:
                  - {name-prefix: host-, count: 4, cpus: 8, memory: 64GiB, power: {idle: 120, max: 300}, on: false}
                servers:
                  - {name-prefix: web-, count: 6, hosts: [host-0, host-1], vcpus: 2, memory: 4GiB, demand: {model: constant, cpus: 1}}
                events:
                  - {at: 2h, maintenance: host-3, for: 1h}
                  - {at: 3h, power-on-fails: host-2}
                  - {at: 1h, migrations-fail: host-1}
                """), null);
        assertThat(s.hosts()).hasSize(4);
        assertThat(s.hosts().getFirst().on()).isFalse();
        assertThat(s.hosts().getFirst().powerModel().maxWatts()).isEqualTo(300);
        assertThat(s.servers()).extracting(PoolScenario.Server::host).containsExactly(0, 1, 0, 1, 0, 1);
        assertThat(s.servers().getFirst().memoryMb()).isEqualTo(4096);
        assertThat(s.rules().bootDelay()).isEqualTo(Duration.ofMinutes(2));
        assertThat(s.rules().maxMigrationsPerHost()).isEqualTo(1);
        assertThat(s.events()).containsExactly(new PoolEvents.Event.Maintenance(7_200_000_000_000L, 3, 3_600_000_000_000L),
                new PoolEvents.Event.PowerOnFails(10_800_000_000_000L, 2), new PoolEvents.Event.MigrationsFail(3_600_000_000_000L, 1));
    }

    @Test
    void load_badPoolScenario_namesEveryProblemWithItsPath() throws Exception {
        Path file = write("""
                duration: 1h
                pool: {rules: vmware, placement: random, thr-mmt: {threshold: 1.2}, colour: red}
                hosts:
                  - {name-prefix: h, cpus: 4, power: g7}
                  - {name: x, cpus: 2, types: [{cpus: 1, watts: 3}]}
                servers:
                  - {name: a, host: nowhere, group: Gold, demand: {model: constant, cpus: 1}}
                  - {name-prefix: t-, traces: no-such-dir}
                  - {name: b, host: x}
                events:
                  - {at: 1m, maintenance: h9}
                  - {at: 2m, explode: x}
                """);
        assertThatThrownBy(() -> PoolScenarioLoader.load(file, null))
                .isInstanceOf(ScenarioException.class)
                .hasMessageContaining("pool.rules")
                .hasMessageContaining("vmware")
                .hasMessageContaining("use cloudsim")
                .hasMessageContaining("pool.placement")
                .hasMessageContaining("pool.thr-mmt.threshold")
                .hasMessageContaining("pool.colour")
                .hasMessageContaining("hosts[0].count")
                .hasMessageContaining("hosts[0].power")
                .hasMessageContaining("hosts[1].types[0].watts")
                .hasMessageContaining("servers[0].host")
                .hasMessageContaining("nowhere")
                .hasMessageContaining("servers[0].group")
                .hasMessageContaining("servers[1].traces")
                .hasMessageContaining("servers[2].demand")
                .hasMessageContaining("events[0].maintenance")
                .hasMessageContaining("events[1].explode");
    }

    @Test
    void load_tracesOverrideMissing_saysItCameFromTheOption() {
        assertThatThrownBy(() -> PoolScenarioLoader.load(Path.of("scenarios/planetlab-pool.yaml"), dir.resolve("none")))
                .hasMessageContaining("servers[0].traces").hasMessageContaining("no such directory (given with --traces)");
    }
}
