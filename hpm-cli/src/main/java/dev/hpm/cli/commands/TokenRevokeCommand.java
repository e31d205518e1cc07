package dev.hpm.cli.commands;

import dev.hpm.cli.remote.Query;
import dev.hpm.cli.remote.RemoteCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code hpm token-revoke ID}. */
@Command(name = "token-revoke", mixinStandardHelpOptions = true,
        description = {"Revokes an API token; it stops working at once.",
                "Your own tokens; admins may revoke anyone's. Prints nothing with --format json."},
        footerHeading = "%nExamples:%n", footer = {"  hpm token-revoke 0b6d4c1e-5f0a-4c52-9a55-3f1f7f0e9a10"})
public final class TokenRevokeCommand extends RemoteCommand {
    @Parameters(paramLabel = "ID", description = "the token's id (see token-list)")
    String id;

    @Override
    protected int execute() {
        client().delete("/tokens/" + Query.encode(id));
        output().done("Revoked token " + id + ".");
        return 0;
    }
}
