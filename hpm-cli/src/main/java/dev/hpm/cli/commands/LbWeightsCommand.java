package dev.hpm.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hpm.cli.remote.Cells;
import dev.hpm.cli.remote.Query;
import dev.hpm.cli.remote.RemoteCommand;
import dev.hpm.cli.remote.Table;
import dev.hpm.cli.remote.Table.Column;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code hpm lb-weights GROUP}: each member's weight now and why. */
@Command(name = "lb-weights", mixinStandardHelpOptions = true,
        description = {"Each member's load-balancing weight (0 to 100) and the reason for it.",
                "The terms of the weight (capacity, goal, smoothing, bound, maintenance, ...) are in docs/workload-balancing.md."},
        footerHeading = "%nExamples:%n", footer = {"  hpm lb-weights web", "  hpm lb-weights web --format json"})
public final class LbWeightsCommand extends RemoteCommand {
    @Parameters(paramLabel = "GROUP", description = "the load-balancing group's id or name")
    String group;

    @Override
    protected int execute() {
        JsonNode body = client().get("/load-balancing-groups/" + Query.encode(group) + "/weights");
        output().show(body, out -> {
            Table t = new Table(Column.left("MEMBER", 24), Column.right("WEIGHT"), Column.right("TARGET"),
                    Column.left("SERVING"), Column.left("CONFIDENT"), Column.left("WHY"));
            for (JsonNode w : body.path("weights")) {
                boolean serving = w.path("contactable").asBoolean() && !w.path("quiesced").asBoolean();
                t.row(Cells.text(w, "member"), Cells.text(w, "weight"), Cells.text(w, "target"), serving ? "yes" : "no",
                        Cells.yesNo(w, "confident"), Cells.text(w, "reason"));
            }
            t.print(out, "(no weights yet: they follow the first interval)");
        });
        return 0;
    }
}
