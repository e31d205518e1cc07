package dev.hpm.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hpm.cli.remote.Cells;
import dev.hpm.cli.remote.CliFailure;
import dev.hpm.cli.remote.RemoteCommand;
import dev.hpm.cli.remote.Table;
import dev.hpm.cli.remote.Table.Column;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code hpm place POOL --cpu N --memory MB}: where in a pool a new server would best go. */
@Command(name = "place", mixinStandardHelpOptions = true,
        description = {"Ranks a pool's hosts for a new virtual server, best first.",
                "Whether it fits on each, the score and the reason. Nothing is created or moved."},
        footerHeading = "%nExamples:%n", footer = {"  hpm place prod --cpu 1.5 --memory 2048",
                "  hpm place prod --cpu 4 --memory 8192 --wrg Trading --format json"})
public final class PlaceCommand extends RemoteCommand {
    @Parameters(paramLabel = "POOL", description = "the pool's id or name")
    String pool;

    @Option(names = "--cpu", paramLabel = "CORES", required = true, description = "CPU the server needs, in cores")
    double cpu;

    @Option(names = "--memory", paramLabel = "MB", required = true, description = "memory the server needs, in MiB")
    long memory;

    @Option(names = "--wrg", paramLabel = "GROUP", description = "the workload resource group it would join")
    String wrg;

    @Override
    protected void validate() {
        if (!(cpu > 0)) {
            throw CliFailure.usage("--cpu is " + cpu + ": give the cores the server needs, more than 0, e.g. --cpu 1.5");
        }
        if (memory <= 0) {
            throw CliFailure.usage("--memory is " + memory + ": give the MiB the server needs, more than 0, e.g. --memory 2048");
        }
    }

    @Override
    protected int execute() {
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("cpu", cpu).put("memory-mb", memory);
        if (wrg != null) {
            body.put("workload-resource-group", wrg);
        }
        JsonNode ranked = client().post(PoolRefs.poolPath(client(), pool) + "/placement", body);
        output().show(ranked, out -> {
            Table t = new Table(Column.right("RANK"), Column.left("HOST"), Column.left("FITS"), Column.right("SCORE"),
                    Column.left("REASON"));
            ranked.path("hosts").forEach(h -> t.row(Cells.text(h, "rank"), Cells.text(h, "name"), Cells.yesNo(h, "fits"),
                    Cells.number(h, "score", 2), Cells.text(h, "reason")));
            t.print(out, "(no hosts in this pool)");
        });
        return 0;
    }
}
