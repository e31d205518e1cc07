package dev.hpm.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hpm.cli.remote.CliFailure;
import dev.hpm.cli.remote.RemoteCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code hpm wrg-update ID}: changes a group's attributes or policy; what is not given stays. */
@Command(name = "wrg-update", mixinStandardHelpOptions = true,
        description = {"Changes a group's attributes or performance policy (admin).",
                "What is not given stays as it is. default updates the built-in group's policy (it cannot be "
                + "renamed). Members change with wrg-add-vs and wrg-remove-vs."},
        footerHeading = "%nExamples:%n",
        footer = {"  hpm wrg-update Trading --policy-file trading.yaml",
                "  hpm wrg-update Batch --cpu-maximum none --importance lowest",
                "  hpm wrg-update default --policy-file default-policy.yaml"})
public final class WrgUpdateCommand extends RemoteCommand {
    @Parameters(paramLabel = "ID", description = "the group's id or name; default is the built-in group")
    String id;

    @Mixin
    WrgAttributes attributes;

    @Override
    protected void validate() {
        if (attributes.isEmpty()) {
            throw CliFailure.usage("nothing to change: give --wrg-name, --importance, --description, --cpu-minimum,"
                    + " --cpu-maximum or --policy-file");
        }
    }

    @Override
    protected int execute() {
        ObjectNode body = attributes.body();
        JsonNode group = client().post(WrgShowCommand.path(id), body);
        output().show(group, out -> {
            out.println("Updated workload resource group " + group.path("name").asText() + ".");
            out.println();
            WrgViews.detail(group, out);
        });
        return 0;
    }
}
