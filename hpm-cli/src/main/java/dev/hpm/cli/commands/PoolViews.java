package dev.hpm.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hpm.cli.remote.Block;
import dev.hpm.cli.remote.Cells;
import dev.hpm.cli.remote.Table;
import dev.hpm.cli.remote.Table.Column;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Server pools as text: the list, one pool with its hosts and their servers, and a DWM policy. */
final class PoolViews {
    private PoolViews() {
    }

    /** {@code {"server-pools": [...]}} as one row per pool. */
    static void list(JsonNode body, PrintWriter out) {
        Table t = new Table(Column.left("NAME"), Column.left("MODE"), Column.right("HOSTS"), Column.right("POWERED"),
                Column.right("VS"), Column.right("WATTS"), Column.right("MIGRATING"), Column.left("PENDING PLAN"),
                Column.left("ID"));
        for (JsonNode p : body.path("server-pools")) {
            int servers = 0;
            for (JsonNode h : p.path("hypervisors")) {
                servers += h.path("virtual-servers").size();
            }
            t.row(Cells.text(p, "name"), mode(p), p.path("hypervisors").size(), Cells.text(p, "powered-hosts"), servers,
                    Cells.number(p, "watts", 0), Cells.text(p, "migrations-in-flight"), Cells.text(p, "pending-plan"),
                    Cells.text(p, "id"));
        }
        t.print(out, "(no server pools; hpm pool create --name NAME --host HOST... makes one)");
    }

    /** One pool: its figures, its hosts with power state and maintenance, the servers on each, and its policy. */
    static void detail(JsonNode p, PrintWriter out) {
        new Block().add("Name", Cells.text(p, "name")).add("ID", Cells.text(p, "id"))
                .add("Description", Cells.text(p, "description")).add("Mode", mode(p))
                .add("Hosts", p.path("hypervisors").size() + " (" + Cells.text(p, "powered-hosts") + " powered)")
                .add("Power draw", Cells.number(p, "watts", 0) + " W")
                .add("Migrations", Cells.text(p, "migrations-in-flight") + " in flight")
                .add("Pending plan", Cells.text(p, "pending-plan"))
                .add("Created", Cells.time(p, "created")).add("Updated", Cells.time(p, "updated")).print(out);
        out.println();
        hosts(p.path("hypervisors"), out);
        JsonNode policy = p.path("dwm-policy");
        if (policy.isObject()) {
            out.println();
            out.println("DWM policy:");
            policy(policy, out);
        }
    }

    /** The hosts of a pool, then the servers on each. */
    static void hosts(JsonNode hosts, PrintWriter out) {
        Table t = new Table(Column.left("HOST"), Column.left("POWER"), Column.left("MAINTENANCE"), Column.right("CPUS"),
                Column.right("CPU"), Column.right("MEMORY MB"), Column.right("WATTS"), Column.right("VS"), Column.left("ID"));
        Table vs = new Table(Column.left("HOST"), Column.left("VIRTUAL SERVER"), Column.right("CPU"),
                Column.right("MEMORY MB"), Column.left("ID"));
        for (JsonNode h : hosts) {
            t.row(Cells.text(h, "name"), Cells.text(h, "power-state"), Cells.text(h, "maintenance"), Cells.text(h, "cpus"),
                    Cells.percent(h, "cpu-utilisation"), Cells.text(h, "memory-used-mb") + " / " + Cells.text(h, "memory-mb"),
                    Cells.number(h, "watts", 0), h.path("virtual-servers").size(), Cells.text(h, "id"));
            for (JsonNode s : h.path("virtual-servers")) {
                vs.row(Cells.text(h, "name"), Cells.text(s, "name"), Cells.number(s, "cpu", 2), Cells.text(s, "memory-mb"),
                        Cells.text(s, "id"));
            }
        }
        t.print(out, "(no hosts in this pool)");
        out.println();
        vs.print(out, "(no virtual servers on these hosts)");
    }

    /** A DWM policy as labelled lines, grouped as the document is. */
    static void policy(JsonNode d, PrintWriter out) {
        JsonNode even = d.path("even-distribution");
        JsonNode save = d.path("power-save");
        JsonNode m = d.path("migration");
        JsonNode maint = d.path("maintenance");
        JsonNode head = d.path("headroom");
        new Block().add("Mode", Cells.text(d, "mode"))
                .add("Even distribution", onOff(even) + ", above " + Cells.text(even, "threshold") + " % for "
                        + Cells.text(even, "duration") + schedule(even))
                .add("Power save", onOff(save) + ", below " + Cells.text(save, "threshold") + " % for "
                        + Cells.text(save, "duration") + ", " + Cells.text(save, "reserve-hosts") + " reserve host(s)"
                        + schedule(save))
                .add("Migrations", Cells.text(m, "per-host") + " per host, " + Cells.text(m, "per-pool") + " per pool, "
                        + Cells.number(m, "bandwidth-mbps", 1) + " MB/s, downtime " + Cells.text(m, "max-downtime-ms")
                        + " ms, timeout " + Cells.text(m, "timeout") + ", auto-converge " + Cells.yesNo(m, "auto-converge"))
                .add("Cooldown", Cells.text(d, "cooldown"))
                .add("Maintenance", Cells.text(maint, "action") + ", migrate back " + Cells.yesNo(maint, "migrate-back"))
                .add("Headroom", Cells.text(head, "sigmas") + " sigma over " + Cells.text(head, "window"))
                .add("Rules", d.path("rules").size()).print(out);
    }

    private static String onOff(JsonNode part) {
        return part.path("enabled").asBoolean(false) ? "on" : "off";
    }

    private static String schedule(JsonNode part) {
        JsonNode s = part.path("schedule");
        if (!s.isArray() || s.isEmpty()) {
            return "";
        }
        List<String> windows = new ArrayList<>();
        s.forEach(w -> windows.add(w.isTextual() ? w.asText() : w.toString()));
        return ", when " + String.join("; ", windows);
    }

    /** The pool's mode: the policy's, or the pool's own field. */
    static String mode(JsonNode p) {
        String m = Cells.text(p, "mode");
        return m.equals("-") ? Cells.text(p.path("dwm-policy"), "mode") : m.toLowerCase(Locale.ROOT);
    }
}
