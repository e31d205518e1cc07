package dev.hpm.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hpm.cli.remote.Cells;
import dev.hpm.cli.remote.Query;
import dev.hpm.cli.remote.RemoteCommand;
import dev.hpm.cli.remote.Table;
import dev.hpm.cli.remote.Table.Column;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** {@code hpm adjustments}: the CPU manager's decisions, newest first. */
@Command(name = "adjustments", mixinStandardHelpOptions = true,
        description = {"The CPU manager's adjustments, newest first.",
                "Each row: when, on which host, the receiver (group/service class) with its PI before and projected, "
                + "the donors, and why."},
        footerHeading = "%nExamples:%n",
        footer = {"  hpm adjustments", "  hpm adjustments --from -24h --wrg Trading --limit 20",
                "  hpm adjustments --vs trade-1 --format json"})
public final class AdjustmentsCommand extends RemoteCommand {
    @Option(names = "--from", paramLabel = "T",
            description = "start: ISO-8601, now, or relative like -1h (default: an hour before --to)")
    String from;

    @Option(names = "--to", paramLabel = "T", description = "end (default now)")
    String to;

    @Option(names = "--host", paramLabel = "H", description = "only on this hypervisor")
    String host;

    @Option(names = "--wrg", paramLabel = "ID", description = "only where this group received or donated (id or name)")
    String group;

    @Option(names = "--vs", paramLabel = "ID", description = "only those that changed this server's shares (UUID or name)")
    String server;

    @Option(names = "--limit", paramLabel = "N", description = "at most N (1 to 10000; default 500)")
    Integer limit;

    @Override
    protected int execute() {
        JsonNode body = client().get("/dynamic-resource-adjustments", Query.of().add("from", from).add("to", to)
                .add("host", host).add("workload-resource-group", group).add("virtual-server", server).add("limit", limit));
        output().show(body, out -> table(body, out));
        return 0;
    }

    static void table(JsonNode body, PrintWriter out) {
        Table t = new Table(Column.left("TIME"), Column.left("HOST"), Column.left("RECEIVER"), Column.left("PI"),
                Column.left("DONORS", 50), Column.left("REASON"));
        for (JsonNode a : body.path("dynamic-resource-adjustments")) {
            JsonNode r = a.path("receiver");
            List<String> donors = new ArrayList<>();
            a.path("donors").forEach(d -> donors.add(classOf(d)));
            t.row(Cells.time(a, "time"), Cells.text(a, "host"), classOf(r) + " (" + Cells.text(r, "importance") + ")",
                    Cells.number(r, "pi-before", 2) + "→" + Cells.number(r, "pi-projected", 2),
                    donors.isEmpty() ? "-" : String.join(", ", donors), Cells.text(a, "reason"));
        }
        t.print(out, "(no adjustments in this range)");
    }

    private static String classOf(JsonNode projection) {
        return Cells.text(projection, "group") + "/" + Cells.text(projection, "service-class");
    }
}
