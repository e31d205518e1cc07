package dev.hpm.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hpm.cli.remote.Cells;
import dev.hpm.cli.remote.RemoteCommand;
import dev.hpm.cli.remote.Table;
import dev.hpm.cli.remote.Table.Column;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/** {@code hpm hypervisors}: every managed host, its state and figures now. */
@Command(name = "hypervisors", mixinStandardHelpOptions = true,
        description = {"The hypervisors: connected, or unreachable since when and why.",
                "Also their CPUs, utilisation, velocity, contention, servers, management level and the last decision."},
        footerHeading = "%nExamples:%n", footer = {"  hpm hypervisors", "  hpm hypervisors --format json"})
public final class HypervisorsCommand extends RemoteCommand {
    @Override
    protected int execute() {
        JsonNode body = client().get("/hypervisors");
        output().show(body, out -> table(body, out));
        return 0;
    }

    /** The hosts as a table; the last column says why a host is unreachable, or what HPM last decided. */
    static void table(JsonNode body, PrintWriter out) {
        Table t = new Table(Column.left("ID"), Column.left("NAME", 24), Column.left("STATE"), Column.right("CPUS"),
                Column.right("UTIL"), Column.right("VELOCITY"), Column.left("CONTENDED"), Column.right("VS"),
                Column.left("LEVEL"), Column.left("WHY / LAST DECISION"));
        for (JsonNode h : body.path("hypervisors")) {
            String status = Cells.text(h, "status");
            boolean unreachable = status.equals("unreachable");
            String state = unreachable ? "unreachable since " + Cells.time(h, "unreachable-since") : status;
            t.row(Cells.text(h, "id"), Cells.text(h, "name"), state, Cells.text(h, "cpus"), Cells.percent(h, "cpu-utilisation"),
                    Cells.number(h, "velocity", 1), Cells.yesNo(h, "contended"), Cells.text(h, "virtual-server-count"),
                    Cells.text(h, "management-level"), unreachable ? Cells.text(h, "error") : Cells.text(h, "last-decision"));
        }
        t.print(out, "(no hypervisors)");
    }
}
