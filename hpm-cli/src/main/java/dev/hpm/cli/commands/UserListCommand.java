package dev.hpm.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hpm.cli.remote.RemoteCommand;
import picocli.CommandLine.Command;

/** {@code hpm user-list}. */
@Command(name = "user-list", mixinStandardHelpOptions = true, description = {"Lists the users and their roles (admin)."},
        footerHeading = "%nExamples:%n", footer = {"  hpm user-list"})
public final class UserListCommand extends RemoteCommand {
    @Override
    protected int execute() {
        JsonNode body = client().get("/users");
        output().show(body, out -> UserViews.table(body.path("users"), out));
        return 0;
    }
}
