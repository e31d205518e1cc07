package dev.hpm.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hpm.cli.remote.CliFailure;
import dev.hpm.codec.Documents;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How plans, pools and options read, from documents shaped as docs/pool-api.md says. */
class PoolViewsTest {
    static final JsonNode POOL = Documents.parseJson("""
            {"id": "p1", "name": "prod", "mode": "recommend", "pending-plan": "plan-1", "watts": 412.4, "powered-hosts": 2,
             "migrations-in-flight": 0, "hypervisors": [
              {"id": "qemu+ssh://a/system", "name": "kvm-a", "power-state": "on", "maintenance": "none", "cpus": 8,
               "cpu-utilisation": 0.25, "memory-mb": 16384, "memory-used-mb": 2048, "watts": 210,
               "virtual-servers": [{"id": "v1", "name": "g1", "cpu": 0.5, "memory-mb": 1024}]},
              {"id": "qemu+ssh://b/system", "name": "kvm-b", "power-state": "off", "maintenance": "in", "cpus": 8,
               "cpu-utilisation": null, "memory-mb": 16384, "memory-used-mb": 0, "watts": 0, "virtual-servers": []}]}
            """, "pool");
    static final JsonNode PLAN = Documents.parseJson("""
            {"id": "plan-1", "pool": "p1", "created": "2026-12-01T23:00:00.123Z", "status": "executed", "goal": "power-save",
             "summary": "Consolidate onto kvm-a and power kvm-b off.",
             "before": {"watts": 420, "powered-hosts": 2, "loaded-hosts": 2, "cpu-stddev": 0.1, "migrations": 0},
             "projected": {"watts": 230, "powered-hosts": 1, "loaded-hosts": 1, "cpu-stddev": 0, "migrations": 1},
             "achieved": {"watts": 235, "powered-hosts": 1, "loaded-hosts": 1, "cpu-stddev": 0, "migrations": 1},
             "actions": [
              {"index": 0, "kind": "migrate", "virtual-server": {"id": "v2", "name": "g2"}, "from": "qemu+ssh://b/system",
               "to": "qemu+ssh://a/system", "host": null, "reason": "kvm-b is under 80 % for 5 min", "state": "done",
               "progress": 1, "detail": ""},
              {"index": 1, "kind": "power-off", "virtual-server": null, "from": null, "to": null,
               "host": "qemu+ssh://b/system", "reason": "kvm-b is empty", "state": "done", "progress": 1, "detail": ""}]}
            """, "plan");

    static String render(Consumer<PrintWriter> view) {
        StringWriter s = new StringWriter();
        view.accept(new PrintWriter(s));
        return s.toString();
    }

    @Test
    void planDetail_showsIndicatorsSideBySide_andEachActionWithItsChangeAndReason() {
        String text = render(out -> PlanViews.detail(PLAN, PlanViews.hostNames(POOL), out));
        assertThat(text).containsPattern("power draw \\(W\\)\\s+420\\s+230\\s+235")
                .containsPattern("powered hosts\\s+2\\s+1\\s+1")
                .containsPattern("1\\s+migrate\\s+g2\\s+on kvm-b → on kvm-a\\s+done\\s+100%\\s+kvm-b is under 80 % for 5 min")
                .containsPattern("2\\s+power-off\\s+kvm-b\\s+on → off\\s+done\\s+100%\\s+kvm-b is empty")
                .contains("Created:  2026-12-01T23:00:00Z");
    }

    @Test
    void planDetail_notRunYet_hasNoAchievedFigures() {
        ObjectNode pending = PLAN.deepCopy();
        pending.putNull("achieved");
        pending.put("status", "pending");
        String text = render(out -> PlanViews.detail(pending, PlanViews.hostNames(POOL), out));
        assertThat(text).containsPattern("power draw \\(W\\)\\s+420\\s+230\\s+-\n");
    }

    @Test
    void poolDetail_listsHostsWithPowerAndMaintenance_andTheServersOnEach() {
        String text = render(out -> PoolViews.detail(POOL, out));
        assertThat(text).contains("Mode:          recommend", "Hosts:         2 (2 powered)", "Power draw:    412 W")
                .containsPattern("kvm-a\\s+on\\s+none\\s+8\\s+25%\\s+2048 / 16384\\s+210\\s+1\\s+qemu\\+ssh://a/system")
                .containsPattern("kvm-b\\s+off\\s+in\\s+8\\s+-\\s+0 / 16384")
                .containsPattern("kvm-a\\s+g1\\s+0.50\\s+1024\\s+v1");
        assertThat(render(out -> PoolViews.list(Documents.parseJson("{\"server-pools\": [" + POOL + "]}", "l"), out)))
                .containsPattern("prod\\s+recommend\\s+2\\s+2\\s+1\\s+412\\s+0\\s+plan-1\\s+p1");
    }

    @Test
    void maintenanceWords_sayWhatMovedFailedAndIsMoving() {
        JsonNode m = Documents.parseJson("""
                {"hypervisor": "a", "state": "entering", "total": 3, "moved": 1, "failed": 1, "progress": 0.66,
                 "remaining": [{"id": "2", "name": "g2", "state": "failed", "detail": "refused"},
                               {"id": "3", "name": "g3", "state": "migrating", "detail": ""}], "message": ""}
                """, "m");
        assertThat(MaintenanceCommand.words(m)).isEqualTo("1 of 3 moved, 1 failed; migrating g3");
        assertThat(MaintenanceCommand.moving(m)).isTrue();
        ObjectNode stuck = m.deepCopy();
        stuck.put("moved", 2).putArray("remaining").addObject().put("name", "g2").put("state", "failed");
        assertThat(MaintenanceCommand.moving(stuck)).as("only a failed server is left").isFalse();
        assertThat(MaintenanceCommand.moving(JsonNodeFactory.instance.objectNode().put("state", "in"))).isFalse();
    }

    @Test
    void durations_andTimes_shortFormsBecomeIso() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        PoolPolicyCommand.duration(o, "d", "--cooldown", "10m");
        PoolPolicyCommand.duration(o, "e", "--cooldown", "1d");
        PoolPolicyCommand.duration(o, "f", "--cooldown", "pt30s");
        assertThat(o.toString()).isEqualTo("{\"d\":\"PT10M\",\"e\":\"P1D\",\"f\":\"PT30S\"}");
        assertThatThrownBy(() -> PoolPolicyCommand.duration(o, "g", "--cooldown", "ten"))
                .isInstanceOf(CliFailure.class).hasMessageStartingWith("--cooldown is \"ten\": write a duration");
        Instant now = Instant.parse("2026-12-02T01:00:00Z");
        assertThat(MigrationsCommand.instant("--since", "-2h", now)).isEqualTo("2026-12-01T23:00:00Z");
        assertThat(MigrationsCommand.instant("--since", "now", now)).isEqualTo("2026-12-02T01:00:00Z");
        assertThat(MigrationsCommand.instant("--since", "2026-12-01T22:00:00Z", now)).isEqualTo("2026-12-01T22:00:00Z");
        assertThatThrownBy(() -> MigrationsCommand.instant("--until", "yesterday", now)).isInstanceOf(CliFailure.class);
    }
}
