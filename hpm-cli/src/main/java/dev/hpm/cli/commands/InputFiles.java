package dev.hpm.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hpm.cli.remote.CliFailure;
import dev.hpm.codec.Documents;

import java.nio.file.Path;

/** Reads the JSON or YAML documents commands send (policies, policy documents), with the limits of {@link Documents}. */
final class InputFiles {
    private InputFiles() {
    }

    /**
     * The document in {@code file} as a JSON object.
     *
     * @param setting what named the file, e.g. {@code --policy-file}, for messages
     * @param what    what the file should hold, e.g. "a performance policy"
     */
    static JsonNode object(Path file, String setting, String what) {
        JsonNode tree;
        try {
            tree = Documents.readYaml(file);
        } catch (Documents.DocumentException e) {
            throw CliFailure.usage(setting + ": " + e.getMessage());
        }
        if (!tree.isObject()) {
            throw CliFailure.usage(setting + " is " + file + ": it holds " + tree.getNodeType().name().toLowerCase()
                    + ", not " + what + " (a JSON or YAML object)");
        }
        return tree;
    }
}
