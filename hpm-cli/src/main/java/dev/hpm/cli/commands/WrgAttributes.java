package dev.hpm.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hpm.cli.remote.CliFailure;
import picocli.CommandLine.Option;

import java.math.BigDecimal;
import java.nio.file.Path;

/**
 * The attributes of a workload resource group that {@code wrg-create} and {@code wrg-update}
 * set, and the JSON body they make. Only the options given go into the body, so an update
 * changes just those.
 */
final class WrgAttributes {
    @Option(names = "--wrg-name", paramLabel = "NAME", description = "the group's name (wrg-update: renames it)")
    String name;

    @Option(names = "--importance", paramLabel = "IMPORTANCE", completionCandidates = Choices.Importances.class,
            description = "highest, high, medium (a new group's default), low or lowest")
    String importance;

    @Option(names = "--description", paramLabel = "TEXT", description = "what the group is for")
    String description;

    @Option(names = "--cpu-minimum", paramLabel = "CPUS", description = "CPUs the group should get at least, or none")
    String cpuMinimum;

    @Option(names = "--cpu-maximum", paramLabel = "CPUS",
            description = "CPUs the group may use at most (enforced as caps), or none")
    String cpuMaximum;

    @Option(names = "--policy-file", paramLabel = "FILE",
            description = "JSON or YAML performance policy: service-classes, rules, default-class (or a document with"
                    + " a performance-policy, such as wrg-show --format json)")
    Path policyFile;

    /** Whether no attribute was given. */
    boolean isEmpty() {
        return name == null && importance == null && description == null && cpuMinimum == null && cpuMaximum == null
                && policyFile == null;
    }

    /** The attributes given, as the API's JSON. */
    ObjectNode body() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        if (name != null) {
            o.put("name", name);
        }
        if (importance != null) {
            o.put("importance", importance);
        }
        if (description != null) {
            o.put("description", description);
        }
        cpus(o, "cpu-minimum", cpuMinimum);
        cpus(o, "cpu-maximum", cpuMaximum);
        if (policyFile != null) {
            JsonNode policy = InputFiles.object(policyFile, "--policy-file", "a performance policy");
            o.set("performance-policy", policy.has("performance-policy") ? policy.get("performance-policy") : policy);
        }
        return o;
    }

    private static void cpus(ObjectNode o, String key, String text) {
        if (text == null) {
            return;
        }
        if (text.strip().equalsIgnoreCase("none")) {
            o.putNull(key);
            return;
        }
        try {
            o.put(key, new BigDecimal(text.strip()));
        } catch (NumberFormatException e) {
            throw CliFailure.usage("--" + key + " is \"" + text + "\": give a number of CPUs such as 1.5, or none for no limit");
        }
    }
}
