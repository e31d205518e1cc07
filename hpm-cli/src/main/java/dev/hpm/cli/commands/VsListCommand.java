package dev.hpm.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hpm.cli.remote.CliFailure;
import dev.hpm.cli.remote.Query;
import dev.hpm.cli.remote.RemoteCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code hpm vs-list}: virtual servers with goal versus actual, filtered. */
@Command(name = "vs-list", mixinStandardHelpOptions = true,
        description = {"Lists virtual servers with goal versus actual now.",
                "Shows each server's host, group, service class, importance, management level, velocity, PI and "
                + "status. --detail adds vCPUs, CPU shares and caps, CPU figures and tags."},
        footerHeading = "%nExamples:%n",
        footer = {"  hpm vs-list", "  hpm vs-list --status missing-goal", "  hpm vs-list --wrg Trading --detail",
                "  hpm vs-list --host qemu+ssh://root@kvm2/system --name 'web-*'"})
public final class VsListCommand extends RemoteCommand {
    @Option(names = "--host", paramLabel = "H", description = "only servers on this hypervisor (its id, see hypervisors)")
    String host;

    @Option(names = "--wrg", paramLabel = "ID", description = "only servers of this workload resource group (id or name)")
    String group;

    @Option(names = "--name", paramLabel = "PATTERN",
            description = "only servers whose name contains this, or matches it with * and ?")
    String name;

    @Option(names = "--status", paramLabel = "S", completionCandidates = Choices.Statuses.class,
            description = "only servers with this goal status: ${COMPLETION-CANDIDATES}")
    String status;

    @Option(names = "--detail", description = "every attribute and figure")
    boolean detail;

    @Override
    protected void validate() {
        if (status != null && !Choices.STATUSES.contains(status)) {
            throw CliFailure.usage("--status is \"" + status + "\": use one of " + String.join(", ", Choices.STATUSES));
        }
    }

    @Override
    protected int execute() {
        JsonNode body = client().get(detail ? "/virtual-servers/detail" : "/virtual-servers", Query.of()
                .add("host", host).add("workload-resource-group", group).add("name", name).add("status", status));
        output().show(body, out -> {
            if (detail) {
                VsViews.detailList(body, out);
            } else {
                VsViews.list(body, out);
            }
        });
        return 0;
    }
}
