package dev.hpm.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hpm.cli.remote.Block;
import dev.hpm.cli.remote.Cells;
import dev.hpm.cli.remote.RemoteCommand;
import picocli.CommandLine.Command;

/** {@code hpm whoami}: who the server takes the caller for. */
@Command(name = "whoami", mixinStandardHelpOptions = true,
        description = {"Shows who the server takes you for.",
                "User, role, and how you authenticated (password or token)."},
        footerHeading = "%nExamples:%n", footer = {"  hpm whoami", "  HPM_TOKEN=hpm_… hpm whoami"})
public final class WhoamiCommand extends RemoteCommand {
    @Override
    protected int execute() {
        JsonNode session = client().get("/session");
        output().show(session, out -> new Block().add("User", Cells.text(session, "name"))
                .add("Role", Cells.text(session, "role"))
                .add("Authenticated by", Cells.text(session, "via")).add("Server", client().settings().server()).print(out));
        return 0;
    }
}
