package dev.hpm.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hpm.core.model.Importance;
import dev.hpm.core.model.ManagementLevel;
import dev.hpm.core.model.ManagementLevels;
import dev.hpm.core.model.PerformancePolicy;
import dev.hpm.core.model.Problems;
import dev.hpm.core.model.ServiceDefinition;
import dev.hpm.core.model.VelocityMapping;
import dev.hpm.core.model.WorkloadResourceGroup;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads and writes the policy file of {@code hpm manage}: the service definition (velocity mapping,
 * workload resource groups with their members and policies) and the management levels.
 *
 * <pre>{@code
 * velocity-mapping: {fastest: 90, fast: 70, moderate: 50, slow: 30, slowest: 10}
 * groups:
 *   - name: Trading
 *     importance: highest
 *     cpu-maximum: 3.5
 *     members: [trade-1, 6f1d…]        # VS names or UUIDs
 *     policy: {service-classes: [{name: online, goal: fast, importance: highest}]}
 * management:
 *   default: manage                      # none, monitor or manage
 *   hosts: {"qemu:///system": monitor}
 *   servers: {scratch-vm: none}
 * }</pre>
 */
public final class DefinitionCodec {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** What a policy file defines. */
    public record Definition(ServiceDefinition serviceDefinition, ManagementLevels levels) {
    }

    private DefinitionCodec() {
    }

    /** Loads a YAML or JSON policy file; every problem is reported at once. */
    public static Definition load(Path file, ManagementLevel defaultLevel) {
        JsonNode tree;
        try {
            tree = Documents.readYaml(file);
        } catch (Documents.DocumentException e) {
            throw new InvalidDocumentException(e.getMessage());
        }
        Problems problems = new Problems();
        Definition d = read(Node.root(tree, problems), defaultLevel);
        if (!problems.isEmpty()) {
            throw new InvalidDocumentException(file.toString(), problems.list());
        }
        return d;
    }

    /** Reads a policy document; returns null if there were problems (recorded in the node's problems). */
    public static Definition read(Node root, ManagementLevel defaultLevel) {
        if (!root.object("velocity-mapping", "groups", "management")) {
            return null;
        }
        VelocityMapping mapping = root.has("velocity-mapping")
                ? PolicyCodec.readMapping(root.child("velocity-mapping")) : VelocityMapping.DEFAULT;
        List<WorkloadResourceGroup> groups = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Node g : root.list("groups", false)) {
            String name = g.text("name", null);
            if (name != null && !names.add(name)) {
                g.problem("name", name, "another group has this name; choose another");
            }
            WorkloadResourceGroup group = readGroup(g, name, Set.of(), true);
            if (group != null) {
                groups.add(group);
            }
        }
        ServiceDefinition definition = root.build(() -> new ServiceDefinition(mapping, groups));
        ManagementLevels levels = readLevels(root.child("management"), root.has("management"), defaultLevel);
        return root.problems().isEmpty() ? new Definition(definition, levels) : null;
    }

    /**
     * Reads one group. {@code members} are added to those the group lists itself (when
     * {@code listed} allows a {@code members} key).
     */
    public static WorkloadResourceGroup readGroup(Node g, String name, Set<String> members, boolean listed) {
        if (listed) {
            g.object("name", "description", "importance", "cpu-minimum", "cpu-maximum", "members", "policy");
        } else {
            g.object("name", "description", "importance", "cpu-minimum", "cpu-maximum", "policy");
        }
        Importance importance = g.parse("importance", "medium", Importance::parse);
        String description = g.text("description", "");
        Double min = g.has("cpu-minimum") ? g.number("cpu-minimum", 0, 0, WorkloadResourceGroup.MAX_CPUS) : null;
        Double max = g.has("cpu-maximum") ? g.number("cpu-maximum", 1, 0.01, WorkloadResourceGroup.MAX_CPUS) : null;
        Set<String> all = new TreeSet<>(members);
        if (listed) {
            all.addAll(g.texts("members"));
        }
        PerformancePolicy policy = g.has("policy") ? PolicyCodec.read(g.child("policy"), name) : null;
        if (!g.has("policy")) {
            g.problem("policy", null, "this key is required: the group's service classes and rules");
        }
        if (name == null || importance == null || policy == null) {
            return null;
        }
        return g.build(() -> new WorkloadResourceGroup(name, description, importance, policy, min, max, all));
    }

    private static ManagementLevels readLevels(Node n, boolean present, ManagementLevel defaultLevel) {
        if (!present) {
            return ManagementLevels.all(defaultLevel);
        }
        n.object("default", "hosts", "servers");
        ManagementLevel fallback = n.parse("default", defaultLevel.label(), ManagementLevel::parse);
        Map<String, ManagementLevel> hosts = levelMap(n.child("hosts"), n.has("hosts"));
        Map<String, ManagementLevel> servers = levelMap(n.child("servers"), n.has("servers"));
        ManagementLevel d = fallback == null ? defaultLevel : fallback;
        return new ManagementLevels(d, hosts, d, servers);
    }

    private static Map<String, ManagementLevel> levelMap(Node n, boolean present) {
        Map<String, ManagementLevel> map = new HashMap<>();
        if (!present) {
            return map;
        }
        if (!n.json().isObject()) {
            n.problems().add(n.path(), n.json().toString(), "must be a map of name: none|monitor|manage");
            return map;
        }
        Iterator<String> keys = n.json().fieldNames();
        while (keys.hasNext()) {
            String key = keys.next();
            ManagementLevel level = n.parse(key, null, ManagementLevel::parse);
            if (level != null) {
                map.put(key, level);
            }
        }
        return map;
    }

    /** The policy document of {@code definition} and {@code levels}, readable by {@link #read}. */
    public static ObjectNode write(ServiceDefinition definition, ManagementLevels levels) {
        ObjectNode root = JSON.objectNode();
        root.set("velocity-mapping", PolicyCodec.writeMapping(definition.velocityMapping()));
        ArrayNode groups = root.putArray("groups");
        for (WorkloadResourceGroup g : definition.groups()) {
            ObjectNode o = groups.addObject();
            o.put("name", g.name());
            if (!g.description().isEmpty()) {
                o.put("description", g.description());
            }
            o.put("importance", g.importance().label());
            if (g.cpuMinimum() != null) {
                o.put("cpu-minimum", g.cpuMinimum());
            }
            if (g.cpuMaximum() != null) {
                o.put("cpu-maximum", g.cpuMaximum());
            }
            ArrayNode members = o.putArray("members");
            new TreeSet<>(g.members()).forEach(members::add);
            o.set("policy", PolicyCodec.write(g.policy()));
        }
        ObjectNode management = root.putObject("management");
        management.put("default", levels.serverDefault().label());
        ObjectNode hosts = management.putObject("hosts");
        new java.util.TreeMap<>(levels.hosts()).forEach((k, v) -> hosts.put(k, v.label()));
        ObjectNode servers = management.putObject("servers");
        new java.util.TreeMap<>(levels.servers()).forEach((k, v) -> servers.put(k, v.label()));
        return root;
    }
}
