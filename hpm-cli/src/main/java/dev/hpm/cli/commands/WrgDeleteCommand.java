package dev.hpm.cli.commands;

import dev.hpm.cli.remote.RemoteCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code hpm wrg-delete ID}. */
@Command(name = "wrg-delete", mixinStandardHelpOptions = true,
        description = {"Deletes a workload resource group (admin).",
                "Its virtual servers return to the default group. Prints nothing with --format json."},
        footerHeading = "%nExamples:%n", footer = {"  hpm wrg-delete Batch"})
public final class WrgDeleteCommand extends RemoteCommand {
    @Parameters(paramLabel = "ID", description = "the group's id or name")
    String id;

    @Override
    protected int execute() {
        client().delete(WrgShowCommand.path(id));
        output().done("Deleted workload resource group " + id + "; its virtual servers are in the default group now.");
        return 0;
    }
}
