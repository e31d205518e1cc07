package dev.hpm.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hpm.cli.remote.CliFailure;
import dev.hpm.cli.remote.Output;
import dev.hpm.cli.remote.RemoteCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** {@code hpm policy-export}: the versioned document of every group and policy. */
@Command(name = "policy-export", mixinStandardHelpOptions = true,
        description = {"Exports every group and policy as a versioned document.",
                "The document (JSON) holds the velocity mapping and every workload resource group with its members "
                + "and performance policy; policy-import takes it back exactly. Without --output it goes to standard "
                + "output."},
        footerHeading = "%nExamples:%n",
        footer = {"  hpm policy-export --output policies.json", "  hpm policy-export > policies.json",
                "  hpm policy-export --output policies.json --force"})
public final class PolicyExportCommand extends RemoteCommand {
    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "write the document to FILE")
    Path output;

    @Option(names = "--force", description = "overwrite FILE if it exists")
    boolean force;

    @Override
    protected void validate() {
        if (output != null) {
            if (Files.exists(output) && !force) {
                throw CliFailure.usage("--output is " + output + ", which exists: add --force to overwrite it");
            }
            Path dir = output.toAbsolutePath().getParent();
            if (dir != null && !Files.isDirectory(dir)) {
                throw CliFailure.usage("--output is " + output + ": there is no folder " + dir);
            }
        }
    }

    @Override
    protected int execute() {
        JsonNode document = client().get("/performance-policies/export");
        if (output == null) {
            output().printJson(document);
            return 0;
        }
        write(document);
        int members = 0;
        for (JsonNode g : document.path("workload-resource-groups")) {
            members += g.path("virtual-servers").size();
        }
        output().done("Exported " + document.path("workload-resource-groups").size() + " workload resource groups ("
                + members + " members) to " + output + ".");
        return 0;
    }

    /** Writes through a temporary file in the same folder, so that a failure leaves no half-written document. */
    private void write(JsonNode document) {
        Path target = output.toAbsolutePath();
        Path temp = null;
        try {
            temp = Files.createTempFile(target.getParent(), ".hpm-export-", ".tmp");
            Files.writeString(temp, Output.pretty(document) + "\n", StandardCharsets.UTF_8);
            if (!force && Files.exists(target)) {
                throw CliFailure.usage("--output is " + output + ", which exists: add --force to overwrite it");
            }
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw CliFailure.usage("--output is " + output + ": cannot write it (" + e.getMessage() + ")");
        } finally {
            deleteQuietly(temp);
        }
    }

    private static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                // the temporary file was moved or cannot be removed; nothing to report
            }
        }
    }
}
