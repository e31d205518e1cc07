package dev.hpm.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hpm.cli.remote.Block;
import dev.hpm.cli.remote.Cells;
import dev.hpm.cli.remote.Table;
import dev.hpm.cli.remote.Table.Column;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** Workload resource groups as tables: the list, and one group with its policy, classes and rules. */
final class WrgViews {
    private WrgViews() {
    }

    /** {@code {"workload-resource-groups": [...]}} as one row per group. */
    static void list(JsonNode body, PrintWriter out) {
        Table t = new Table(Column.left("NAME"), Column.left("IMPORTANCE"), Column.right("VS"), Column.right("CPU MIN"),
                Column.right("CPU MAX"), Column.right("VELOCITY"), Column.right("WORST PI"), Column.left("STATUS"),
                Column.left("POLICY", 24), Column.left("ID"));
        for (JsonNode g : body.path("workload-resource-groups")) {
            t.row(Cells.text(g, "name"), Cells.text(g, "importance"), Cells.text(g, "virtual-server-count"),
                    Cells.number(g, "cpu-minimum", 2), Cells.number(g, "cpu-maximum", 2), Cells.number(g, "velocity", 1),
                    Cells.number(g, "worst-pi", 2), Cells.text(g, "status"), Cells.text(g, "policy-name"), Cells.text(g, "id"));
        }
        t.print(out, "(no workload resource groups)");
    }

    /** Every group of a detail list, one after the other. */
    static void details(JsonNode body, PrintWriter out) {
        boolean first = true;
        for (JsonNode g : body.path("workload-resource-groups")) {
            if (!first) {
                out.println();
            }
            first = false;
            detail(g, out);
        }
        if (first) {
            out.println("(no workload resource groups)");
        }
    }

    /** One group: its attributes, then its service classes with their figures now, then its rules. */
    static void detail(JsonNode g, PrintWriter out) {
        new Block().add("Name", Cells.text(g, "name")).add("ID", Cells.text(g, "id"))
                .add("Description", Cells.text(g, "description")).add("Importance", Cells.text(g, "importance"))
                .add("CPU minimum", Cells.number(g, "cpu-minimum", 2)).add("CPU maximum", Cells.number(g, "cpu-maximum", 2))
                .add("Virtual servers", Cells.text(g, "virtual-server-count"))
                .add("Members", Cells.text(g, "virtual-servers"))
                .add("Velocity", Cells.number(g, "velocity", 1)).add("Worst PI", Cells.number(g, "worst-pi", 3))
                .add("Status", Cells.text(g, "status")).add("Created", Cells.time(g, "created"))
                .add("Updated", Cells.time(g, "updated")).print(out);
        JsonNode policy = g.path("performance-policy");
        out.println();
        out.println("Performance policy " + Cells.text(policy, "name") + ", default class "
                + Cells.text(policy, "default-class") + ":");
        Table classes = new Table(Column.left("SERVICE CLASS"), Column.left("GOAL"), Column.right("GOAL VELOCITY"),
                Column.left("IMPORTANCE"), Column.right("VELOCITY"), Column.right("PI"), Column.right("WORST PI"),
                Column.left("STATUS"), Column.right("VS"));
        for (JsonNode c : g.path("service-classes")) {
            classes.row(Cells.text(c, "name"), Cells.text(c, "goal"), Cells.text(c, "goal-velocity"),
                    Cells.text(c, "importance"), Cells.number(c, "velocity", 1), Cells.number(c, "pi", 3),
                    Cells.number(c, "worst-server-pi", 3), Cells.text(c, "status"), Cells.text(c, "virtual-server-count"));
        }
        classes.print(out, "(no service classes)");
        JsonNode rules = policy.path("rules");
        if (rules.isEmpty()) {
            out.println("No classification rules: every server is in the default class.");
            return;
        }
        out.println();
        out.println("Classification rules (the first that matches wins):");
        Table t = new Table(Column.right("#"), Column.left("SERVICE CLASS"), Column.left("FILTERS"));
        int i = 1;
        for (JsonNode r : rules) {
            List<String> filters = new ArrayList<>();
            for (JsonNode f : r.path("filters")) {
                filters.add(Cells.text(f, "attribute") + " " + f.path("operator").asText("equals") + " "
                        + Cells.text(f, "value"));
            }
            t.row(i++, Cells.text(r, "service-class"), String.join(" and ", filters));
        }
        t.print(out, "");
    }
}
