package dev.hpm.codec;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hpm.core.model.ManagementLevel;
import dev.hpm.core.model.Problems;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DefinitionCodecTest {
    static final String FILE = """
            velocity-mapping: {fastest: 95}
            groups:
              - name: Trading
                importance: highest
                cpu-maximum: 3.5
                members: [trade-1, trade-2]
                policy:
                  service-classes:
                    - {name: online, goal: fast, importance: highest}
                    - {name: batch, goal: discretionary}
                    - {name: web, goal: p90 500ms, importance: high}
                    - {name: api, goal: avg ≤ 0.2s, importance: medium}
                  rules:
                    - service-class: batch
                      filters: [{attribute: tag, operator: equals, value: batch}]
                  default-class: online
            management:
              default: monitor
              hosts: {"qemu:///system": manage}
              servers: {scratch: none}
            """;

    @Test
    void load_policyFile_readsGroupsMembersAndLevels(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("policy.yaml");
        Files.writeString(file, FILE);
        DefinitionCodec.Definition d = DefinitionCodec.load(file, ManagementLevel.MANAGE);
        assertThat(d.serviceDefinition().velocityMapping().percent().values()).containsExactly(95, 70, 50, 30, 10);
        var trading = d.serviceDefinition().group("Trading").orElseThrow();
        assertThat(trading.members()).containsExactlyInAnyOrder("trade-1", "trade-2");
        assertThat(trading.cpuMaximum()).isEqualTo(3.5);
        assertThat(trading.policy().rules()).hasSize(1);
        assertThat(trading.policy().serviceClasses()).extracting(c -> c.goal().label())
                .containsExactly("fast", "discretionary", "p90 500ms", "average 200ms");
        assertThat(d.levels().host("qemu:///system")).isEqualTo(ManagementLevel.MANAGE);
        assertThat(d.levels().host("qemu+ssh://other/system")).isEqualTo(ManagementLevel.MONITOR);
        assertThat(d.levels().server("qemu:///system", "uuid-x", "scratch")).isEqualTo(ManagementLevel.NONE);
    }

    @Test
    void write_thenRead_roundTripsExactly(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("policy.yaml");
        Files.writeString(file, FILE);
        DefinitionCodec.Definition d = DefinitionCodec.load(file, ManagementLevel.MANAGE);
        ObjectNode written = DefinitionCodec.write(d.serviceDefinition(), d.levels());
        Problems problems = new Problems();
        DefinitionCodec.Definition again = DefinitionCodec.read(Node.root(written, problems), ManagementLevel.MANAGE);
        assertThat(problems.list()).isEmpty();
        assertThat(again.serviceDefinition()).isEqualTo(d.serviceDefinition());
        assertThat(again.levels()).isEqualTo(d.levels());
        assertThat(DefinitionCodec.write(again.serviceDefinition(), again.levels())).isEqualTo(written);
    }

    @Test
    void load_problems_areAllReportedWithPaths(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, """
                groups:
                  - name: A
                    members: [x]
                    policy: {service-classes: [{name: a, goal: quick, importance: high}]}
                  - name: B
                    members: [x]
                    policy: {service-classes: [{name: b, goal: slow, importance: low}]}
                management: {default: sometimes}
                """);
        assertThatThrownBy(() -> DefinitionCodec.load(file, ManagementLevel.MANAGE))
                .isInstanceOf(InvalidDocumentException.class)
                .hasMessageContaining("groups[0].policy.service-classes[0].goal is \"quick\": use one of fastest")
                .hasMessageContaining("management.default is \"sometimes\": use one of none, monitor, manage");
    }

    @Test
    void load_sameMemberInTwoGroups_isRefused(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, """
                groups:
                  - {name: A, members: [x], policy: {service-classes: [{name: a, goal: fast, importance: high}]}}
                  - {name: B, members: [x], policy: {service-classes: [{name: b, goal: slow, importance: low}]}}
                """);
        assertThatThrownBy(() -> DefinitionCodec.load(file, ManagementLevel.MANAGE))
                .hasMessageContaining("workload-resource-groups[B].members is \"x\": this virtual server is already in group A");
    }
}
