package dev.hpm.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hpm.cli.remote.Query;
import dev.hpm.cli.remote.RemoteCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code hpm vs-show ID}: one virtual server. */
@Command(name = "vs-show", mixinStandardHelpOptions = true,
        description = {"Shows one virtual server.",
                "Attributes, classification, management level, CPU shares and cap, and its figures now."},
        footerHeading = "%nExamples:%n",
        footer = {"  hpm vs-show trade-1", "  hpm vs-show 48657c2c-3130-35a2-b31d-71fe0316fdb2"})
public final class VsShowCommand extends RemoteCommand {
    @Parameters(paramLabel = "ID", description = "the server's UUID or name")
    String id;

    @Override
    protected int execute() {
        JsonNode vs = client().get(path(id));
        output().show(vs, out -> VsViews.detail(vs, out));
        return 0;
    }

    static String path(String id) {
        return "/virtual-servers/" + Query.encode(id);
    }
}
