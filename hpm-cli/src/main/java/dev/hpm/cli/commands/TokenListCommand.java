package dev.hpm.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hpm.cli.remote.RemoteCommand;
import picocli.CommandLine.Command;

/** {@code hpm token-list}: your API tokens. */
@Command(name = "token-list", mixinStandardHelpOptions = true,
        description = {"Lists your API tokens (never their secrets).",
                "Id, label, when created and when last used."},
        footerHeading = "%nExamples:%n", footer = {"  hpm token-list"})
public final class TokenListCommand extends RemoteCommand {
    @Override
    protected int execute() {
        JsonNode body = client().get("/tokens");
        output().show(body, out -> TokenViews.table(body.path("tokens"), out));
        return 0;
    }
}
