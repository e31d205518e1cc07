package dev.hpm.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hpm.cli.remote.Block;
import dev.hpm.cli.remote.Cells;
import dev.hpm.cli.remote.Table;
import dev.hpm.cli.remote.Table.Column;

import java.io.PrintWriter;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * DWM plans as text: the list of a pool's plans, and one plan with its indicators (before,
 * projected, achieved) and each action with its reason and what it changes (before → after).
 * Hosts are shown by name where the pool names them.
 */
final class PlanViews {
    /** The indicators of an efficacy, in order: key, label, decimals. */
    private static final String[][] INDICATORS = {{"watts", "power draw (W)", "0"}, {"powered-hosts", "powered hosts", "0"},
        {"loaded-hosts", "loaded hosts", "0"}, {"cpu-stddev", "CPU spread (std dev)", "3"}, {"migrations", "migrations", "0"}};

    private PlanViews() {
    }

    /** Host id to name, from a pool document. */
    static Function<String, String> hostNames(JsonNode pool) {
        Map<String, String> names = new HashMap<>();
        pool.path("hypervisors").forEach(h -> names.put(h.path("id").asText(), h.path("name").asText()));
        return id -> id == null || id.isEmpty() || id.equals("null") ? "-" : names.getOrDefault(id, id);
    }

    /** {@code {"plans": [...]}} as one row per plan, newest first as the server sends them. */
    static void list(JsonNode body, PrintWriter out) {
        Table t = new Table(Column.left("ID"), Column.left("CREATED"), Column.left("STATUS"), Column.left("GOAL"),
                Column.right("ACTIONS"), Column.right("DONE"), Column.left("SUMMARY"));
        for (JsonNode p : body.path("plans")) {
            long done = 0;
            for (JsonNode a : p.path("actions")) {
                if (a.path("state").asText().equals("done")) {
                    done++;
                }
            }
            t.row(Cells.text(p, "id"), Cells.time(p, "created"), Cells.text(p, "status"), Cells.text(p, "goal"),
                    p.path("actions").size(), done, Cells.text(p, "summary"));
        }
        t.print(out, "(no plans)");
    }

    /** One plan: its attributes, the indicators before, projected and achieved, and its actions. */
    static void detail(JsonNode p, Function<String, String> host, PrintWriter out) {
        new Block().add("Plan", Cells.text(p, "id")).add("Pool", Cells.text(p, "pool"))
                .add("Status", Cells.text(p, "status")).add("Goal", Cells.text(p, "goal"))
                .add("Created", Cells.time(p, "created")).add("Summary", Cells.text(p, "summary")).print(out);
        out.println();
        indicators(p, out);
        out.println();
        Table t = new Table(Column.right("#"), Column.left("ACTION"), Column.left("SERVER / HOST", 24),
                Column.left("BEFORE → AFTER", 36), Column.left("STATE"), Column.right("DONE"), Column.left("REASON"));
        for (JsonNode a : p.path("actions")) {
            String state = Cells.text(a, "state");
            String detail = Cells.text(a, "detail");
            t.row(a.path("index").isNumber() ? a.path("index").asInt() + 1 : "-", Cells.text(a, "kind"), subject(a, host), change(a, host), state,
                    Cells.percent(a, "progress"), Cells.text(a, "reason") + (detail.equals("-") ? "" : " [" + detail + "]"));
        }
        t.print(out, "(no actions)");
    }

    /** Before, projected and achieved side by side; achieved is "-" until the plan has run. */
    static void indicators(JsonNode p, PrintWriter out) {
        Table t = new Table(Column.left("INDICATOR"), Column.right("BEFORE"), Column.right("PROJECTED"),
                Column.right("ACHIEVED"));
        for (String[] i : INDICATORS) {
            int decimals = Integer.parseInt(i[2]);
            t.row(i[1], Cells.number(p.path("before"), i[0], decimals), Cells.number(p.path("projected"), i[0], decimals),
                    Cells.number(p.path("achieved"), i[0], decimals));
        }
        t.print(out, "(no indicators)");
    }

    /** What the action acts on: the server's name, or the host for a power action. */
    static String subject(JsonNode a, Function<String, String> host) {
        JsonNode vs = a.path("virtual-server");
        if (vs.isObject()) {
            return Cells.text(vs, "name");
        }
        return host.apply(a.path("host").asText(null));
    }

    /** Where things stand before and after the action, in words. */
    static String change(JsonNode a, Function<String, String> host) {
        if (a.path("before").isTextual() && a.path("after").isTextual()) {
            return a.path("before").asText() + " → " + a.path("after").asText();
        }
        return switch (a.path("kind").asText()) {
            case "migrate" -> "on " + host.apply(a.path("from").asText(null)) + " → on " + host.apply(a.path("to").asText(null));
            case "power-on" -> "off → on";
            case "power-off" -> "on → off";
            case "shutdown" -> "running on " + host.apply(a.path("from").asText(a.path("host").asText(null))) + " → stopped";
            default -> "-";
        };
    }
}
