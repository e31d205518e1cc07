package dev.hpm.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hpm.cli.remote.RemoteCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;

/** {@code hpm user-create NAME --role R}. */
@Command(name = "user-create", mixinStandardHelpOptions = true,
        description = {"Creates a user (admin).",
                "Roles: viewer (reads) or admin (also changes). The password (at least 12 characters) comes from "
                + "--new-password-file, --password-stdin, or is typed twice at a prompt; never from the command line."},
        footerHeading = "%nExamples:%n",
        footer = {"  hpm user-create alice --role viewer", "  hpm user-create ops --role admin --new-password-file ops.pw",
                "  pwgen -s 24 1 | hpm user-create ci --role viewer --password-stdin"})
public final class UserCreateCommand extends RemoteCommand {
    @Parameters(paramLabel = "NAME", description = "letters, digits, '.', '_' or '-'")
    String name;

    @Option(names = "--role", required = true, paramLabel = "ROLE", completionCandidates = Choices.Roles.class,
            description = "viewer or admin")
    String role;

    @Mixin
    NewPassword password;

    @Override
    protected void validate() {
        password.validate();
    }

    @Override
    protected int execute() {
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("name", name).put("role", role)
                .put("password", password.read(environment(), name));
        JsonNode user = client().post("/users", body);
        output().show(user, out -> {
            out.println("Created user " + user.path("name").asText() + ".");
            UserViews.table(List.of(user), out);
        });
        return 0;
    }
}
