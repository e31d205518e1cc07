package dev.hpm.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hpm.cli.remote.Cells;
import dev.hpm.cli.remote.Table;
import dev.hpm.cli.remote.Table.Column;

import java.io.PrintWriter;
import java.util.function.Function;

/** Time series as tables: a title line per series, then one row per sample. */
final class MetricsViews {
    private static final String NONE = "(no samples in this range)";

    private MetricsViews() {
    }

    static void hypervisors(JsonNode body, PrintWriter out) {
        series(out, body.path("hypervisors"), h -> "Hypervisor " + Cells.text(h, "id"), h -> {
            Table t = new Table(Column.left("TIME"), Column.left("CONNECTED"), Column.right("CPUS"), Column.right("UTIL"),
                    Column.right("VELOCITY"), Column.right("USING"), Column.right("DELAY"), Column.right("VS"));
            h.path("samples").forEach(s -> t.row(Cells.time(s, "time"), Cells.yesNo(s, "connected"), Cells.text(s, "cpus"),
                    Cells.percent(s, "cpu-utilisation"), Cells.number(s, "velocity", 1), Cells.number(s, "using-cpus", 2),
                    Cells.number(s, "delay-cpus", 2), Cells.text(s, "virtual-server-count")));
            return t;
        });
    }

    static void rawHypervisors(JsonNode body, PrintWriter out) {
        series(out, body.path("hypervisors"), h -> "Hypervisor " + Cells.text(h, "id") + ", CPU time in ns", h -> {
            Table t = new Table(Column.left("TIME"), Column.right("KERNEL"), Column.right("USER"), Column.right("IDLE"),
                    Column.right("IOWAIT"));
            h.path("samples").forEach(s -> t.row(Cells.time(s, "time"), Cells.counter(s, "kernel-nanos"),
                    Cells.counter(s, "user-nanos"), Cells.counter(s, "idle-nanos"), Cells.counter(s, "iowait-nanos")));
            return t;
        });
    }

    /** Each group's own series, then each of its service classes'. */
    static void groups(JsonNode body, PrintWriter out) {
        boolean first = true;
        for (JsonNode g : body.path("workload-resource-groups")) {
            if (!first) {
                out.println();
            }
            first = false;
            title(out, "Workload resource group " + Cells.text(g, "name") + " (" + Cells.text(g, "importance") + ")");
            Table t = new Table(Column.left("TIME"), Column.right("VELOCITY"), Column.right("WORST PI"),
                    Column.right("USING"), Column.right("DELAY"), Column.right("VS"));
            g.path("samples").forEach(s -> t.row(Cells.time(s, "time"), Cells.number(s, "velocity", 1),
                    Cells.number(s, "worst-pi", 3), Cells.number(s, "using-cpus", 2), Cells.number(s, "delay-cpus", 2),
                    Cells.text(s, "virtual-server-count")));
            t.print(out, NONE);
            for (JsonNode c : g.path("service-classes")) {
                out.println();
                title(out, "Service class " + Cells.text(g, "name") + "/" + Cells.text(c, "name") + " ("
                        + Cells.text(c, "importance") + ", goal velocity " + Cells.text(c, "goal-velocity") + ")");
                Table ct = new Table(Column.left("TIME"), Column.right("VELOCITY"), Column.right("PI"),
                        Column.right("WORST PI"), Column.right("USING"), Column.right("DELAY"), Column.right("VS"));
                c.path("samples").forEach(s -> ct.row(Cells.time(s, "time"), Cells.number(s, "velocity", 1),
                        Cells.number(s, "pi", 3), Cells.number(s, "worst-pi", 3), Cells.number(s, "using-cpus", 2),
                        Cells.number(s, "delay-cpus", 2), Cells.text(s, "virtual-server-count")));
                ct.print(out, NONE);
            }
        }
        if (first) {
            out.println("(no workload resource groups)");
        }
    }

    /** One series per member server, titled with its group. */
    static void rawGroups(JsonNode body, PrintWriter out) {
        boolean first = true;
        for (JsonNode g : body.path("workload-resource-groups")) {
            for (JsonNode vs : g.path("virtual-servers")) {
                if (!first) {
                    out.println();
                }
                first = false;
                title(out, "Workload resource group " + Cells.text(g, "name") + ", virtual server " + Cells.text(vs, "name")
                        + " (times in ns, memory in KiB, I/O in bytes; - not collected)");
                Table t = new Table(Column.left("TIME"), Column.left("HOST"), Column.right("CPU TIME"),
                        Column.right("VCPU TIME"), Column.right("VCPU DELAY"), Column.right("BALLOON"), Column.right("RSS"),
                        Column.right("NET RX"), Column.right("NET TX"), Column.right("BLOCK READ"), Column.right("BLOCK WRITE"));
                vs.path("samples").forEach(s -> t.row(Cells.time(s, "time"), Cells.text(s, "host"),
                        Cells.counter(s, "cpu-time-nanos"), Cells.counter(s, "vcpu-time-nanos"),
                        Cells.counter(s, "vcpu-delay-nanos"), Cells.counter(s, "balloon-current-kib"),
                        Cells.counter(s, "balloon-rss-kib"), Cells.counter(s, "net-rx-bytes"), Cells.counter(s, "net-tx-bytes"),
                        Cells.counter(s, "block-read-bytes"), Cells.counter(s, "block-write-bytes")));
                t.print(out, NONE);
            }
        }
        if (first) {
            out.println("(no virtual servers in these groups)");
        }
    }

    static void server(JsonNode body, PrintWriter out) {
        title(out, "Virtual server " + Cells.text(body, "name") + " (" + Cells.text(body, "id") + ")");
        Table t = new Table(Column.left("TIME"), Column.left("HOST"), Column.right("VELOCITY"), Column.right("PI"),
                Column.right("USING"), Column.right("DELAY"), Column.right("CPU"), Column.right("SHARES"), Column.right("CAP"));
        body.path("samples").forEach(s -> t.row(Cells.time(s, "time"), Cells.text(s, "host"), Cells.number(s, "velocity", 1),
                Cells.number(s, "pi", 3), Cells.number(s, "using-cpus", 2), Cells.number(s, "delay-cpus", 2),
                Cells.number(s, "cpu-cpus", 2), Cells.text(s, "cpu-shares"), Cells.number(s, "cap-cpus", 2)));
        t.print(out, NONE);
    }

    private static void series(PrintWriter out, JsonNode list, Function<JsonNode, String> title,
                               Function<JsonNode, Table> table) {
        boolean first = true;
        for (JsonNode item : list) {
            if (!first) {
                out.println();
            }
            first = false;
            title(out, title.apply(item));
            table.apply(item).print(out, NONE);
        }
        if (first) {
            out.println(NONE);
        }
    }

    private static void title(PrintWriter out, String title) {
        out.println(title + ":");
    }
}
