package dev.hpm.sim.run;

import dev.hpm.core.loop.IntervalReport;
import dev.hpm.core.measure.SampleStatus;
import dev.hpm.core.measure.VsMeasurement;
import dev.hpm.sim.scenario.Scenario;
import dev.hpm.sim.scenario.ScenarioLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Host outages and server restarts never produce false velocities, and management carries on. */
class RobustnessTest {
    @Test
    void run_hostUnreachableAndServerRestart_noFalseVelocities(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("outage.yaml");
        Files.writeString(file, """
                duration: 10m
                seed: 9
                hosts: [{name: h1, cpus: 2}]
                groups:
                  - name: Gold
                    importance: highest
                    policy: {service-classes: [{name: gold, goal: fast, importance: highest}]}
                servers:
                  - {name: gold-1, host: h1, group: Gold, vcpus: 2, demand: {model: constant, cpus: 1.5}}
                  - {name: other-1, host: h1, vcpus: 2, demand: {model: constant, cpus: 2}}
                events:
                  - {at: 2m, host-unreachable: h1, for: 1m}
                  - {at: 5m5s, restart: gold-1}
                """);
        Scenario s = ScenarioLoader.load(file);
        List<IntervalReport> reports = new ArrayList<>();
        PolicyResult r = new ScenarioRunner(s, reports::add, null).run(PolicyKind.HPM);

        List<IntervalReport> down = reports.stream().filter(x -> !x.status().connected()).toList();
        assertThat(down).hasSize(6);
        assertThat(down.getFirst().status().error()).contains("Connection reset by peer");
        assertThat(down).allSatisfy(x -> assertThat(x.measurement()).isNull());
        IntervalReport back = reports.get(reports.indexOf(down.getLast()) + 1);
        assertThat(back.status().connected()).isTrue();
        assertThat(back.measurement().servers()).allSatisfy(m -> {
            assertThat(m.status()).isEqualTo(SampleStatus.FIRST);
            assertThat(m.hasVelocity()).isFalse();
        });
        assertThat(reports.stream().filter(x -> x.measurement() != null)
                .flatMap(x -> x.measurement().servers().stream()).filter(VsMeasurement::hasVelocity))
                .allSatisfy(m -> assertThat(m.velocity()).isBetween(0.0, 100.0));
        assertThat(reports.stream().filter(x -> x.measurement() != null)
                .flatMap(x -> x.measurement().servers().stream()).map(VsMeasurement::status))
                .contains(SampleStatus.RESTARTED);
        assertThat(r.adjustments()).isPositive();
        // the manager keeps the gold server on goal after the outage and the restart
        IntervalReport last = reports.getLast();
        assertThat(last.measurement().servers().stream().filter(m -> m.name().equals("gold-1")).findFirst().orElseThrow().pi())
                .isLessThanOrEqualTo(1.0);
    }
}
