package dev.hpm.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hpm.cli.remote.Credentials;
import dev.hpm.cli.remote.PrivateFiles;
import dev.hpm.cli.remote.RemoteCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;

/** {@code hpm user-update NAME}: role or password. */
@Command(name = "user-update", mixinStandardHelpOptions = true,
        description = {"Changes a user's role or password.",
                "Roles are changed by admins; a password by admins or the user themself. With neither --role nor a "
                + "password option, asks for the new password twice at a prompt.",
                "Users changing their own password also give the current one: the password this command logs in "
                + "with, or --old-password-file when it uses a token. The new password revokes the user's other "
                + "API tokens."},
        footerHeading = "%nExamples:%n",
        footer = {"  hpm user-update alice --role admin", "  hpm user-update alice                 # asks for a new password",
                "  hpm user-update ci --password-stdin < new.pw"})
public final class UserUpdateCommand extends RemoteCommand {
    @Parameters(paramLabel = "NAME", description = "the user")
    String name;

    @Option(names = "--role", paramLabel = "ROLE", completionCandidates = Choices.Roles.class, description = "viewer or admin")
    String role;

    @Mixin
    NewPassword password;

    @Option(names = "--old-password-file", paramLabel = "FILE",
            description = "file with your current password on its first line (changing your own password with a token)")
    Path oldPasswordFile;

    @Override
    protected void validate() {
        password.validate();
    }

    @Override
    protected int execute() {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        if (role != null) {
            body.put("role", role);
        }
        if (password.given() || role == null) {
            body.put("password", password.read(environment(), name));
            if (oldPasswordFile != null) {
                body.put("old-password", PrivateFiles.readSecret(oldPasswordFile, "--old-password-file"));
            } else if (client().settings().credentials() instanceof Credentials.Password p && p.user().equals(name)) {
                body.put("old-password", p.password()); // your own: the server asks for the current one
            }
        }
        JsonNode user = client().post(UserViews.path(name), body);
        output().show(user, out -> {
            out.println("Updated user " + user.path("name").asText() + (body.has("password") ? " (password changed)." : "."));
            UserViews.table(List.of(user), out);
        });
        return 0;
    }
}
