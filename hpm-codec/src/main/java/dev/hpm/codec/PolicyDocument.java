package dev.hpm.codec;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hpm.core.model.ServiceDefinition;
import dev.hpm.core.model.VelocityMapping;
import dev.hpm.core.model.WorkloadResourceGroup;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The versioned export/import document of performance policies: the velocity mapping and every
 * workload resource group with its members and policy.
 *
 * <pre>{@code
 * {"format": "hpm-performance-policies", "version": 1, "exported": "2026-11-22T01:00:00Z",
 *  "velocity-mapping": {"fastest": 90, …},
 *  "workload-resource-groups": [{"name": "Trading", "importance": "highest", "virtual-servers": […],
 *                                "performance-policy": {…}}]}
 * }</pre>
 * Writing what {@link #read} returns gives the same document again (apart from {@code exported}).
 */
public final class PolicyDocument {
    public static final String FORMAT = "hpm-performance-policies";
    public static final int VERSION = 1;
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private PolicyDocument() {
    }

    public static ObjectNode write(ServiceDefinition definition, Instant exported) {
        ObjectNode root = JSON.objectNode();
        root.put("format", FORMAT);
        root.put("version", VERSION);
        root.put("exported", exported.toString());
        root.set("velocity-mapping", PolicyCodec.writeMapping(definition.velocityMapping()));
        ArrayNode groups = root.putArray("workload-resource-groups");
        for (WorkloadResourceGroup g : definition.groups()) {
            ObjectNode o = groups.addObject();
            o.put("name", g.name());
            o.put("description", g.description());
            o.put("importance", g.importance().label());
            if (g.cpuMinimum() == null) {
                o.putNull("cpu-minimum");
            } else {
                o.put("cpu-minimum", g.cpuMinimum());
            }
            if (g.cpuMaximum() == null) {
                o.putNull("cpu-maximum");
            } else {
                o.put("cpu-maximum", g.cpuMaximum());
            }
            ArrayNode members = o.putArray("virtual-servers");
            new TreeSet<>(g.members()).forEach(members::add);
            o.set("performance-policy", PolicyCodec.write(g.policy()));
        }
        return root;
    }

    /** Reads and validates a document; null (with every problem recorded) if anything is wrong. */
    public static ServiceDefinition read(Node root) {
        if (!root.object("format", "version", "exported", "velocity-mapping", "workload-resource-groups")) {
            return null;
        }
        String format = root.text("format", null);
        if (format != null && !format.equals(FORMAT)) {
            root.problem("format", format, "this is not an HPM policy document; export one with GET /performance-policies/export");
        }
        long version = root.integer("version", Long.MIN_VALUE, 1, 1_000_000);
        if (root.has("version") && version != VERSION) {
            root.problem("version", version, "this HPM reads version " + VERSION + " documents");
        }
        VelocityMapping mapping = root.has("velocity-mapping")
                ? PolicyCodec.readMapping(root.child("velocity-mapping")) : VelocityMapping.DEFAULT;
        List<WorkloadResourceGroup> groups = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Node g : root.list("workload-resource-groups", true)) {
            if (!g.object("name", "description", "importance", "cpu-minimum", "cpu-maximum", "virtual-servers",
                    "performance-policy")) {
                continue;
            }
            String name = g.text("name", null);
            if (name != null && !names.add(name.toLowerCase(java.util.Locale.ROOT))) {
                g.problem("name", name, "another group in the document has this name");
            }
            Set<String> members = new TreeSet<>(g.texts("virtual-servers"));
            Node policy = g.with(g.json(), g.path());
            WorkloadResourceGroup group = DefinitionCodec.readGroup(rename(policy), name, members, false);
            if (group != null) {
                groups.add(group);
            }
        }
        if (!root.problems().isEmpty()) {
            return null;
        }
        return root.build(() -> new ServiceDefinition(mapping, groups));
    }

    /** {@link DefinitionCodec#readGroup} knows the policy as {@code policy}; the document calls it {@code performance-policy}. */
    private static Node rename(Node g) {
        ObjectNode copy = ((ObjectNode) g.json()).deepCopy();
        copy.remove("virtual-servers");
        if (copy.has("performance-policy")) {
            copy.set("policy", copy.remove("performance-policy"));
        }
        if (copy.has("cpu-minimum") && copy.get("cpu-minimum").isNull()) {
            copy.remove("cpu-minimum");
        }
        if (copy.has("cpu-maximum") && copy.get("cpu-maximum").isNull()) {
            copy.remove("cpu-maximum");
        }
        return g.with(copy, g.path());
    }
}
