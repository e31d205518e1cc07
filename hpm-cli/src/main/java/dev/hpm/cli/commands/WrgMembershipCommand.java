package dev.hpm.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hpm.cli.remote.RemoteCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.List;

/** Adds virtual servers to a group or removes them ({@code POST /workload-resource-groups/{id}/actions}). */
abstract sealed class WrgMembershipCommand extends RemoteCommand {
    @Parameters(index = "0", paramLabel = "ID", description = "the group's id or name")
    String id;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "VS", description = "virtual servers: UUIDs or names")
    List<String> servers;

    /** {@code add-virtual-servers} or {@code remove-virtual-servers}. */
    abstract String action();

    @Override
    protected int execute() {
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("action", action());
        servers.forEach(body.putArray("virtual-servers")::add);
        JsonNode group = client().post(WrgShowCommand.path(id) + "/actions", body);
        output().show(group, out -> {
            out.println("Workload resource group " + group.path("name").asText() + " now has "
                    + group.path("virtual-servers").size() + " members.");
            out.println();
            WrgViews.detail(group, out);
        });
        return 0;
    }

    /** {@code hpm wrg-add-vs}. */
    @Command(name = "wrg-add-vs", mixinStandardHelpOptions = true,
            description = {"Adds virtual servers to a workload resource group (admin).",
                    "A server in another group must leave it first (a conflict: exit code 5)."},
            footerHeading = "%nExamples:%n", footer = {"  hpm wrg-add-vs Trading trade-4 trade-5"})
    public static final class Add extends WrgMembershipCommand {
        @Override
        String action() {
            return "add-virtual-servers";
        }
    }

    /** {@code hpm wrg-remove-vs}. */
    @Command(name = "wrg-remove-vs", mixinStandardHelpOptions = true,
            description = {"Removes virtual servers from a workload resource group (admin).",
                    "They return to the default group."},
            footerHeading = "%nExamples:%n", footer = {"  hpm wrg-remove-vs Trading trade-5"})
    public static final class Remove extends WrgMembershipCommand {
        @Override
        String action() {
            return "remove-virtual-servers";
        }
    }
}
