package dev.hpm.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hpm.cli.remote.RemoteCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code hpm wrg-list}: the workload resource groups with their goal attainment now. */
@Command(name = "wrg-list", mixinStandardHelpOptions = true,
        description = {"Lists the workload resource groups with goal attainment now.",
                "Importance, size, CPU limits, velocity, worst PI and status per group. --detail shows each group in "
                + "full: policy, members, service classes and rules."},
        footerHeading = "%nExamples:%n",
        footer = {"  hpm wrg-list", "  hpm wrg-list --detail", "  hpm wrg-list --format json"})
public final class WrgListCommand extends RemoteCommand {
    @Option(names = "--detail", description = "every group in full: policy, members, service classes, rules")
    boolean detail;

    @Override
    protected int execute() {
        JsonNode body = client().get(detail ? "/workload-resource-groups/detail" : "/workload-resource-groups");
        output().show(body, out -> {
            if (detail) {
                WrgViews.details(body, out);
            } else {
                WrgViews.list(body, out);
            }
        });
        return 0;
    }
}
