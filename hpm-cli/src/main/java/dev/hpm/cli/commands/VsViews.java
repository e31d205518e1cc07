package dev.hpm.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hpm.cli.remote.Block;
import dev.hpm.cli.remote.Cells;
import dev.hpm.cli.remote.Table;
import dev.hpm.cli.remote.Table.Column;

import java.io.PrintWriter;

/** Virtual servers as tables: the list (summary or detail) and one server. */
final class VsViews {
    private VsViews() {
    }

    static void list(JsonNode body, PrintWriter out) {
        Table t = new Table(Column.left("NAME"), Column.left("HOST"), Column.left("GROUP"), Column.left("CLASS"),
                Column.left("IMPORTANCE"), Column.left("LEVEL"), Column.right("VELOCITY"), Column.right("PI"),
                Column.left("STATUS"), Column.left("ID"));
        for (JsonNode s : body.path("virtual-servers")) {
            t.row(Cells.text(s, "name"), Cells.text(s, "host"), Cells.text(s, "workload-resource-group"),
                    Cells.text(s, "service-class"), Cells.text(s, "importance"), Cells.text(s, "management-level"),
                    Cells.number(s, "velocity", 1), Cells.number(s, "pi", 3), Cells.text(s, "status"), Cells.text(s, "id"));
        }
        t.print(out, "(no virtual servers)");
    }

    static void detailList(JsonNode body, PrintWriter out) {
        Table t = new Table(Column.left("NAME"), Column.left("HOST"), Column.left("GROUP"), Column.left("CLASS"),
                Column.left("LEVEL"), Column.left("OWN LEVEL"), Column.right("VCPUS"), Column.right("SHARES"),
                Column.right("CAP"), Column.right("USING"), Column.right("DELAY"), Column.right("VELOCITY"),
                Column.right("PI"), Column.left("STATUS"), Column.left("TAGS", 30), Column.left("ID"));
        for (JsonNode s : body.path("virtual-servers")) {
            t.row(Cells.text(s, "name"), Cells.text(s, "host"), Cells.text(s, "workload-resource-group"),
                    Cells.text(s, "service-class"), Cells.text(s, "management-level"), Cells.text(s, "own-management-level"),
                    Cells.text(s, "vcpus"), Cells.text(s, "cpu-shares"), Cells.number(s, "cap-cpus", 2),
                    Cells.number(s, "using-cpus", 2), Cells.number(s, "delay-cpus", 2), Cells.number(s, "velocity", 1),
                    Cells.number(s, "pi", 3), Cells.text(s, "status"), Cells.text(s, "tags"), Cells.text(s, "id"));
        }
        t.print(out, "(no virtual servers)");
    }

    static void detail(JsonNode s, PrintWriter out) {
        new Block().add("Name", Cells.text(s, "name")).add("ID", Cells.text(s, "id")).add("Host", Cells.text(s, "host"))
                .add("Description", Cells.text(s, "description")).add("Tags", Cells.text(s, "tags"))
                .add("OS type", Cells.text(s, "os-type")).add("vCPUs", Cells.text(s, "vcpus"))
                .add("Group", Cells.text(s, "workload-resource-group")).add("Service class", Cells.text(s, "service-class"))
                .add("Goal", Cells.text(s, "goal") + (s.path("goal-velocity").asInt() > 0
                        ? " (velocity " + s.path("goal-velocity").asInt() + ")" : ""))
                .add("Importance", Cells.text(s, "importance"))
                .add("Management level", Cells.text(s, "management-level") + (s.path("own-management-level").isTextual()
                        ? " (its own)" : " (from its host or the default)"))
                .add("Velocity", Cells.number(s, "velocity", 1)).add("PI", Cells.number(s, "pi", 3))
                .add("Status", Cells.text(s, "status")).add("CPU shares", Cells.text(s, "cpu-shares"))
                .add("CPU cap", Cells.number(s, "cap-cpus", 2)).add("Using CPUs", Cells.number(s, "using-cpus", 3))
                .add("Delay CPUs", Cells.number(s, "delay-cpus", 3)).add("CPU", Cells.number(s, "cpu-cpus", 3))
                .add("Delay share", Cells.percent(s, "delay-share")).add("Sample", Cells.text(s, "sample"))
                .add("First seen", Cells.time(s, "first-seen")).add("Last seen", Cells.time(s, "last-seen")).print(out);
    }
}
