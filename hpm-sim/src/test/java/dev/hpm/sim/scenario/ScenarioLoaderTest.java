package dev.hpm.sim.scenario;

import dev.hpm.core.model.ClassKey;
import dev.hpm.core.model.Classifier;
import dev.hpm.core.model.Importance;
import dev.hpm.core.model.VirtualServerInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScenarioLoaderTest {
    @TempDir
    Path dir;

    Path write(String yaml) throws Exception {
        Path file = dir.resolve("s.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    static final String VALID = """
            description: test
            duration: 5m
            hosts:
              - {name-prefix: h, count: 2, cpus: 4}
            groups:
              - name: Gold
                importance: highest
                cpu-maximum: 3
                policy:
                  service-classes:
                    - {name: db, goal: fastest, importance: highest}
                    - {name: web, goal: fast, importance: high}
                  rules:
                    - service-class: db
                      filters: [{attribute: name, operator: wildcard, value: "db-*"}]
                  default-class: web
            servers:
              - {name-prefix: db-, count: 3, group: Gold, vcpus: 2, demand: {model: constant, cpus: 1}}
              - {name: web-1, host: h2, group: Gold, tags: [frontend], demand: {model: sine, mean: 1, amplitude: 0.5, period: 1h}}
              - {name: stray, host: h1, demand: {model: step, steps: [{at: 0s, cpus: 0.1}, {at: 2m, cpus: 1}]}}
            events:
              - {at: 3m, restart: web-1}
              - {at: 1m, host-unreachable: h2, for: 30s}
            """;

    @Test
    void load_validScenario_expandsSetsAndClassifies() throws Exception {
        Scenario s = ScenarioLoader.load(write(VALID));
        assertThat(s.name()).isEqualTo("s");
        assertThat(s.duration()).isEqualTo(Duration.ofMinutes(5));
        assertThat(s.interval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(s.hosts()).extracting(Scenario.HostSpec::name).containsExactly("h1", "h2");
        assertThat(s.servers()).extracting(Scenario.ServerSpec::name).containsExactly("db-1", "db-2", "db-3", "web-1", "stray");
        assertThat(s.servers()).extracting(Scenario.ServerSpec::host).containsExactly("h1", "h2", "h1", "h2", "h1");
        assertThat(s.definition().group("Gold").orElseThrow().members()).hasSize(4);
        assertThat(s.definition().group("Gold").orElseThrow().cpuMaximum()).isEqualTo(3.0);
        Classifier c = new Classifier(s.definition());
        Scenario.ServerSpec db = s.servers().getFirst();
        assertThat(c.classify(new VirtualServerInfo(db.uuid(), db.name(), db.host(), db.tags(), db.osType())).key())
                .isEqualTo(new ClassKey("Gold", "db"));
        Scenario.ServerSpec stray = s.servers().getLast();
        assertThat(c.classify(new VirtualServerInfo(stray.uuid(), stray.name(), stray.host(), null, null)).key().group())
                .isEqualTo("default");
        assertThat(stray.demand().changePoints()).containsExactly(Duration.ofMinutes(2).toNanos());
        assertThat(s.events()).extracting(Scenario.Event::at).containsExactly(Duration.ofMinutes(1), Duration.ofMinutes(3));
        assertThat(s.staticShares().get(Importance.HIGHEST)).isEqualTo(4096);
    }

    @Test
    void load_sameFileTwice_sameUuids() throws Exception {
        Path file = write(VALID);
        assertThat(ScenarioLoader.load(file).servers().getFirst().uuid())
                .isEqualTo(ScenarioLoader.load(file).servers().getFirst().uuid());
    }

    @Test
    void load_everyProblemIsReportedWithItsPath() throws Exception {
        Path file = write("""
                duration: soon
                colour: blue
                hosts:
                  - {name: h1, cpus: 0}
                groups:
                  - name: Gold
                    importance: urgent
                    policy:
                      service-classes:
                        - {name: db, goal: fastest, importance: highest}
                      rules:
                        - service-class: dba
                          filters: [{attribute: name, operator: regex, value: "db-[0-9"}]
                servers:
                  - {name: a, host: h9, group: Silver, demand: {model: constant, cpus: 1}}
                  - {name: b, host: h1, demand: {model: wave}}
                  - {name: c, host: h1}
                """);
        assertThatThrownBy(() -> ScenarioLoader.load(file))
                .isInstanceOf(ScenarioException.class)
                .hasMessageContaining("duration is \"soon\": write a duration such as 500ms, 10s, 5m, 2h or 1h30m")
                .hasMessageContaining("colour is \"blue\": unknown key; use one of name, description, duration")
                .hasMessageContaining("9 problems")
                .hasMessageContaining("hosts[0].cpus is 0: use a number from 1 to 4096")
                .hasMessageContaining("groups[0].importance is \"urgent\": use one of highest, high, medium, low, lowest")
                .hasMessageContaining("groups[0].policy.rules[0].filters[0].value is \"db-[0-9\": fix the regular expression")
                .hasMessageContaining("servers[0].host is \"h9\": no such host; use one of [h1]")
                .hasMessageContaining("servers[0].group is \"Silver\": no such group")
                .hasMessageContaining("servers[1].demand.model is \"wave\": use one of constant, step, sine, bursts, random-walk, trace")
                .hasMessageContaining("servers[2].demand is missing: this key is required");
    }

    @Test
    void load_cpuManagerStrategy_isReadAndAWrongOneNamesTheChoices() throws Exception {
        String base = """
                duration: 1m
                cpu-manager: {strategy: %s}
                hosts: [{name: h, cpus: 1}]
                servers: [{name: a, demand: {model: constant, cpus: 1}}]
                """;
        assertThat(ScenarioLoader.load(write(base.formatted("plan"))).cpu().strategy())
                .isEqualTo(dev.hpm.core.cpu.CpuManagerSettings.Strategy.PLAN);
        assertThat(ScenarioLoader.load(write(base.formatted("receiver").replace("cpu-manager: {strategy: receiver}\n", "")))
                .cpu().strategy()).isEqualTo(dev.hpm.core.cpu.CpuManagerSettings.Strategy.RECEIVER);
        assertThatThrownBy(() -> ScenarioLoader.load(write(base.formatted("greedy"))))
                .isInstanceOf(ScenarioException.class)
                .hasMessageContaining("cpu-manager.strategy is \"greedy\": use one of receiver, plan");
    }

    @Test
    void load_notYaml_saysWhereItBroke() throws Exception {
        Path file = write("hosts: [\n  {name: a");
        assertThatThrownBy(() -> ScenarioLoader.load(file)).isInstanceOf(ScenarioException.class).hasMessageContaining("line");
    }

    @Test
    void load_missingTraceDirectory_isReportedRelativeToTheFile() throws Exception {
        Path file = write("""
                duration: 1m
                hosts: [{name: h, cpus: 1}]
                servers:
                  - {name: t, demand: {model: trace, directory: no/such/dir}}
                """);
        assertThatThrownBy(() -> ScenarioLoader.load(file))
                .hasMessageContaining("servers[0].demand.directory is")
                .hasMessageContaining("relative paths start at the scenario file's folder");
    }

    @Test
    void load_intervalNotMultipleOfTick_isRejected() throws Exception {
        Path file = write("""
                duration: 1m
                interval: 10s
                tick: 3s
                hosts: [{name: h, cpus: 1}]
                servers: [{name: a, demand: {model: constant, cpus: 1}}]
                """);
        assertThatThrownBy(() -> ScenarioLoader.load(file)).hasMessageContaining("interval is \"10s\": must be a whole multiple of tick (3s)");
    }

    @Test
    void load_aliasBomb_isRefused() throws Exception {
        StringBuilder yaml = new StringBuilder("a: &a [x,x,x,x,x,x,x,x,x,x]\n");
        char prev = 'a';
        for (char c = 'b'; c <= 'k'; c++) {
            yaml.append(c).append(": &").append(c).append(" [");
            for (int i = 0; i < 10; i++) {
                yaml.append(i == 0 ? "" : ",").append('*').append(prev);
            }
            yaml.append("]\n");
            prev = c;
        }
        Path file = write(yaml.toString());
        assertThatThrownBy(() -> ScenarioLoader.load(file)).isInstanceOf(ScenarioException.class);
    }
}
