package dev.hpm.cli.commands;

import dev.hpm.cli.remote.RemoteCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code hpm user-delete NAME}. */
@Command(name = "user-delete", mixinStandardHelpOptions = true,
        description = {"Deletes a user and their API tokens (admin).",
                "The last admin cannot be deleted (exit code 5). Prints nothing with --format json."},
        footerHeading = "%nExamples:%n", footer = {"  hpm user-delete alice"})
public final class UserDeleteCommand extends RemoteCommand {
    @Parameters(paramLabel = "NAME", description = "the user")
    String name;

    @Override
    protected int execute() {
        client().delete(UserViews.path(name));
        output().done("Deleted user " + name + " and their API tokens.");
        return 0;
    }
}
