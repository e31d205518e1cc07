package dev.hpm.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hpm.cli.remote.Query;
import dev.hpm.cli.remote.RemoteCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code hpm wrg-show ID}: one workload resource group in full. */
@Command(name = "wrg-show", mixinStandardHelpOptions = true,
        description = {"Shows one workload resource group in full.",
                "Attributes, members, its performance policy with each service class's goal and figures now, and the "
                + "classification rules."},
        footerHeading = "%nExamples:%n",
        footer = {"  hpm wrg-show Trading", "  hpm wrg-show default", "  hpm wrg-show Trading --format json > trading.json"})
public final class WrgShowCommand extends RemoteCommand {
    @Parameters(paramLabel = "ID", description = "the group's id or name; default is the built-in group")
    String id;

    @Override
    protected int execute() {
        JsonNode group = client().get(path(id));
        output().show(group, out -> WrgViews.detail(group, out));
        return 0;
    }

    /** The API path of a group. */
    static String path(String id) {
        return "/workload-resource-groups/" + Query.encode(id);
    }
}
