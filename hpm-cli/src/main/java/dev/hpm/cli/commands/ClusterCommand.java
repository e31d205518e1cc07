package dev.hpm.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hpm.cli.remote.Cells;
import dev.hpm.cli.remote.RemoteCommand;
import dev.hpm.cli.remote.Table;
import dev.hpm.cli.remote.Table.Column;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/** {@code hpm cluster}: the instances sharing the server's database, their hosts and the hosts' leases (docs/cluster.md). */
@Command(name = "cluster", mixinStandardHelpOptions = true,
        description = {"The HPM instances sharing this server's PostgreSQL: alive or not, heartbeat age, hosts held;",
                "then every host's lease: owner, epoch (the fencing token), age since the last renewal, expiry."},
        footerHeading = "%nExamples:%n", footer = {"  hpm cluster", "  hpm cluster --format json"})
public final class ClusterCommand extends RemoteCommand {
    @Override
    protected int execute() {
        JsonNode body = client().get("/cluster");
        output().show(body, out -> table(body, out));
        return 0;
    }

    static void table(JsonNode body, PrintWriter out) {
        if (!body.path("clustered").asBoolean()) {
            out.println("This server runs alone (no cluster configured): it manages every host itself.");
            return;
        }
        out.println("Answered by " + Cells.text(body, "self") + "; lease " + Cells.text(body, "lease-seconds")
                + " s, renewed every " + Cells.text(body, "renew-every-seconds") + " s");
        Table instances = new Table(Column.left("INSTANCE"), Column.left("STATE"), Column.right("HEARTBEAT AGE"),
                Column.right("HOSTS"), Column.left("ADDRESS"), Column.left("STARTED"));
        for (JsonNode i : body.path("instances")) {
            instances.row(Cells.text(i, "id"), i.path("alive").asBoolean() ? "alive" : "dead",
                    Cells.number(i, "heartbeat-age-seconds", 1) + " s", Cells.text(i, "host-count"),
                    Cells.text(i, "address"), Cells.time(i, "started"));
        }
        instances.print(out, "(no instances)");
        out.println();
        Table hosts = new Table(Column.left("HOST"), Column.left("OWNER"), Column.right("EPOCH"),
                Column.right("LEASE AGE"), Column.left("VALID"), Column.left("EXPIRES"));
        for (JsonNode h : body.path("hosts")) {
            hosts.row(Cells.text(h, "host"), h.path("owner").isNull() ? "(free)" : Cells.text(h, "owner"),
                    Cells.text(h, "epoch"), h.path("lease-age-seconds").isNull() ? "-"
                            : Cells.number(h, "lease-age-seconds", 1) + " s",
                    Cells.yesNo(h, "valid"), Cells.time(h, "expires"));
        }
        hosts.print(out, "(no hosts)");
    }
}
