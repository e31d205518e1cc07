package dev.hpm.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hpm.cli.remote.Cells;
import dev.hpm.cli.remote.RemoteCommand;
import dev.hpm.cli.remote.Table;
import dev.hpm.cli.remote.Table.Column;
import picocli.CommandLine.Command;

/** {@code hpm lb-groups}: the load-balancing groups with their members, and the SASP load balancers. */
@Command(name = "lb-groups", mixinStandardHelpOptions = true,
        description = {"The load-balancing groups and their members (docs/workload-balancing.md).",
                "Also the load balancers registered over SASP and whether they are connected."},
        footerHeading = "%nExamples:%n", footer = {"  hpm lb-groups", "  hpm lb-groups --format json"})
public final class LbGroupsCommand extends RemoteCommand {
    @Override
    protected int execute() {
        JsonNode body = client().get("/load-balancing-groups");
        output().show(body, out -> {
            Table t = new Table(Column.left("GROUP", 24), Column.left("MEMBER", 24), Column.left("VIRTUAL SERVER", 24),
                    Column.left("ADDRESS"), Column.right("PORT"), Column.left("PROTOCOL"));
            for (JsonNode g : body.path("load-balancing-groups")) {
                for (JsonNode m : g.path("members")) {
                    t.row(Cells.text(g, "name"), Cells.text(m, "name"), Cells.text(m, "virtual-server"),
                            Cells.text(m, "address"), Cells.text(m, "port"), Cells.text(m, "protocol"));
                }
            }
            t.print(out, "(no load-balancing groups)");
            Table lbs = new Table(Column.left("SASP LB UID", 32), Column.left("CONNECTED"), Column.left("PUSH"),
                    Column.left("TRUST"));
            for (JsonNode lb : body.path("sasp-load-balancers")) {
                lbs.row(Cells.text(lb, "lb-uid"), Cells.yesNo(lb, "connected"), Cells.yesNo(lb, "push"), Cells.yesNo(lb, "trust"));
            }
            if (!body.path("sasp-load-balancers").isEmpty()) {
                out.println();
                lbs.print(out, "");
            }
        });
        return 0;
    }
}
