package dev.hpm.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hpm.cli.remote.RemoteCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;

/** {@code hpm policy-import FILE}: replaces the groups and policies with a document's. */
@Command(name = "policy-import", mixinStandardHelpOptions = true,
        description = {"Replaces every group and policy with a document's.",
                "Takes a document from policy-export (JSON or YAML; admin). The server checks the whole document "
                + "first: if any part is invalid, every problem is listed and nothing changes (exit code 2)."},
        footerHeading = "%nExamples:%n", footer = {"  hpm policy-import policies.json", "  hpm policy-import policies.yaml"})
public final class PolicyImportCommand extends RemoteCommand {
    @Parameters(paramLabel = "FILE", description = "the policy document (JSON or YAML)")
    Path file;

    private JsonNode document;

    @Override
    protected void validate() {
        document = InputFiles.object(file, "FILE", "a policy document");
    }

    @Override
    protected int execute() {
        JsonNode result = client().post("/performance-policies/import", document);
        output().show(result, out -> out.println("Imported " + result.path("workload-resource-groups").asInt()
                + " workload resource groups with " + result.path("virtual-servers").asInt() + " virtual servers from "
                + file + "."));
        return 0;
    }
}
