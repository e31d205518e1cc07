package dev.hpm.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hpm.cli.remote.Block;
import dev.hpm.cli.remote.Cells;
import dev.hpm.cli.remote.ExitCodes;
import dev.hpm.cli.remote.HpmClient;
import dev.hpm.cli.remote.Query;
import dev.hpm.cli.remote.RemoteCommand;
import picocli.CommandLine.Command;

/** {@code hpm health}: whether the server is up; needs no credentials. */
@Command(name = "health", mixinStandardHelpOptions = true,
        description = {"Whether the server is up: database and connected hypervisors.",
                "Needs no credentials. Exit code 0 when up, 6 when down or unreachable: usable as a probe."},
        footerHeading = "%nExamples:%n",
        footer = {"  hpm health", "  hpm health --server https://hpm.example.com:8460 --ca-file ca.pem",
                "  until hpm health >/dev/null; do sleep 1; done"})
public final class HealthCommand extends RemoteCommand {
    @Override
    protected int execute() {
        HpmClient.Response r = client().send("GET", "/health", Query.of(), null);
        boolean health = r.json().has("status");
        if (!health) {
            throw client().error(r);
        }
        JsonNode h = r.json();
        output().show(h, out -> {
            Block b = new Block().add("Status", Cells.text(h, "status")).add("Server", client().settings().server())
                    .add("Database", Cells.text(h, "database"))
                    .add("Hypervisors", Cells.text(h, "hypervisors") + " (" + Cells.text(h, "hypervisors-connected")
                            + " connected)");
            b.print(out);
        });
        return r.ok() && "up".equals(h.path("status").asText()) ? ExitCodes.OK : ExitCodes.UNAVAILABLE;
    }
}
