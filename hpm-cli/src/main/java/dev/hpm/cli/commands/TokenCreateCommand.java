package dev.hpm.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.hpm.cli.remote.RemoteCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.List;

/** {@code hpm token-create --label L}: a new API token, whose secret is shown this once. */
@Command(name = "token-create", mixinStandardHelpOptions = true,
        description = {"Creates an API token and prints its secret, once.",
                "The secret is shown only now: store it where only you can read it, e.g. a file named by token-file "
                + "in ~/.config/hpm/cli.yaml.",
                "Log in with your user and password for this (--user with --password-file): a token cannot create "
                + "tokens."},
        footerHeading = "%nExamples:%n",
        footer = {"  hpm token-create --label nightly-report",
                "  (umask 077; hpm token-create --label ci --format json \\",
                "      | jq -r .token > ~/.config/hpm/token)"})
public final class TokenCreateCommand extends RemoteCommand {
    @Option(names = "--label", required = true, paramLabel = "L", description = "what the token is for (1 to 64 characters)")
    String label;

    @Override
    protected int execute() {
        JsonNode token = client().post("/tokens", JsonNodeFactory.instance.objectNode().put("label", label));
        output().show(token, out -> {
            TokenViews.table(List.of(token), out);
            out.println();
            out.println("Token: " + token.path("token").asText());
        });
        output().note("This is the only time the token is shown: store it now. Use it with HPM_TOKEN, --token,"
                + " or token-file in ~/.config/hpm/cli.yaml; revoke it with hpm token-revoke "
                + token.path("id").asText() + ".");
        return 0;
    }
}
