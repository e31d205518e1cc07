package dev.hpm.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hpm.cli.remote.CliFailure;
import dev.hpm.cli.remote.RemoteCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.List;

/** {@code hpm wrg-create}: a new workload resource group. */
@Command(name = "wrg-create", mixinStandardHelpOptions = true,
        description = {"Creates a workload resource group (admin).",
                "Without --policy-file the group gets one service class, default, with a moderate velocity goal at "
                + "the group's importance."},
        footerHeading = "%nExamples:%n",
        footer = {"  hpm wrg-create --wrg-name Trading --importance highest \\",
                "      --policy-file trading.yaml --vs trade-1,trade-2",
                "  hpm wrg-create --wrg-name Batch --importance low --cpu-maximum 4",
                "", "A policy file (YAML or JSON):",
                "  service-classes:",
                "    - {name: online, goal: fast, importance: highest}",
                "    - {name: housekeeping, goal: discretionary}",
                "  rules:",
                "    - service-class: housekeeping",
                "      filters: [{attribute: name, operator: wildcard, value: 'trade-admin-*'}]",
                "  default-class: online"})
public final class WrgCreateCommand extends RemoteCommand {
    @Mixin
    WrgAttributes attributes;

    @Option(names = "--vs", paramLabel = "VS", split = ",",
            description = "virtual servers (UUIDs or names) to put in the group; repeatable or comma-separated")
    List<String> servers;

    @Override
    protected void validate() {
        if (attributes.name == null || attributes.name.isBlank()) {
            throw CliFailure.usage("--wrg-name is missing: name the new group, e.g. --wrg-name Trading");
        }
    }

    @Override
    protected int execute() {
        ObjectNode body = attributes.body();
        if (servers != null && !servers.isEmpty()) {
            ArrayNode list = body.putArray("virtual-servers");
            servers.stream().map(String::strip).filter(s -> !s.isEmpty()).forEach(list::add);
        }
        JsonNode group = client().post("/workload-resource-groups", body);
        output().show(group, out -> {
            out.println("Created workload resource group " + group.path("name").asText() + ".");
            out.println();
            WrgViews.detail(group, out);
        });
        return 0;
    }
}
