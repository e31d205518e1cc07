package dev.hpm.server.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hpm.codec.Node;
import dev.hpm.codec.PolicyCodec;
import dev.hpm.core.model.Goal;
import dev.hpm.core.model.GroupMember;
import dev.hpm.core.model.Importance;
import dev.hpm.core.model.InvalidDefinitionException;
import dev.hpm.core.model.PerformancePolicy;
import dev.hpm.core.model.VelocityMapping;
import dev.hpm.core.model.ServiceClass;
import dev.hpm.core.model.VelocityLevel;
import dev.hpm.core.model.WorkloadResourceGroup;
import dev.hpm.server.runtime.Live;
import dev.hpm.store.DefinitionRepository.GroupRecord;
import dev.hpm.store.InventoryRepository;
import io.javalin.http.Context;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code /workload-resource-groups}: list, detail, get, create, update (the policy too), delete,
 * add/remove servers. This class reads requests and renders answers only: the rules about groups and
 * their members are {@link dev.hpm.core.model.GroupRules}', checked by the store in the transaction
 * of each change; its exceptions become 409 or 400 by their type ({@link dev.hpm.server.http.ErrorMapper}).
 */
public final class WrgController {
    private final ApiContext api;

    public WrgController(ApiContext api) {
        this.api = api;
    }

    public void list(Context ctx) {
        listing(ctx, false);
    }

    public void detail(Context ctx) {
        listing(ctx, true);
    }

    /** Every group: summaries, or in {@code detail} with policies, members and service classes. */
    private void listing(Context ctx, boolean detail) {
        Live live = api.live();
        Map<String, Integer> sizes = api.groupSizes();
        VelocityMapping mapping = api.state().definition().velocityMapping();
        ArrayNode list = Views.JSON.arrayNode();
        for (GroupRecord g : api.state().groups()) { // as last committed: no read, no parsing of policies
            int servers = sizes.getOrDefault(g.group().name(), 0);
            list.add(detail ? Views.wrg(g, live, servers, mapping).set("warnings",
                    Views.regexWarnings(api.state().classifier(), g.group().name())) : Views.wrgSummary(g, live, servers));
        }
        ctx.json(Views.JSON.objectNode().set("workload-resource-groups", list));
    }

    public void get(Context ctx) {
        ctx.json(render(find(ctx.pathParam("id"))));
    }

    public void create(Context ctx) {
        Map<String, Set<String>> aliases = new HashMap<>(); // member UUID -> its name, for the rules
        WorkloadResourceGroup group = Requests.read(ctx, n -> readGroup(n, null, aliases));
        // the store checks the GroupRules in its transaction: a taken name or member is a 409 (ConflictException)
        GroupRecord created = api.audited(ctx, "create-workload-resource-group", group.name(), "",
                () -> api.store().definitions().create(group, aliases));
        api.state().reloadDefinition();
        ctx.status(201).header("Location", ctx.path() + "/" + created.id()).json(render(created));
    }

    public void update(Context ctx) {
        GroupRecord current = find(ctx.pathParam("id"));
        WorkloadResourceGroup group = Requests.read(ctx, n -> readGroup(n, current.group(), new HashMap<>()));
        GroupRecord updated = api.audited(ctx, "update-workload-resource-group", group.name(), "id " + current.id(),
                () -> api.store().definitions().update(current.id(), group));
        api.state().reloadDefinition();
        ctx.json(render(updated));
    }

    public void delete(Context ctx) {
        GroupRecord current = find(ctx.pathParam("id"));
        api.audited(ctx, "delete-workload-resource-group", current.group().name(), "id " + current.id(),
                () -> api.store().definitions().delete(current.id()));
        api.state().reloadDefinition();
        ctx.status(204);
    }

    public void action(Context ctx) {
        GroupRecord current = find(ctx.pathParam("id"));
        record Action(String verb, List<String> servers) {
        }
        Action action = Requests.read(ctx, n -> {
            n.object("action", "virtual-servers");
            String verb = n.text("action", null);
            if (verb != null && !verb.equals("add-virtual-servers") && !verb.equals("remove-virtual-servers")) {
                n.problem("action", verb, "use add-virtual-servers or remove-virtual-servers");
            }
            List<String> servers = n.texts("virtual-servers");
            if (!n.has("virtual-servers") || servers.isEmpty()) {
                n.problem("virtual-servers", null, "list the virtual servers (UUIDs or names)");
            }
            return new Action(verb, servers);
        });
        boolean add = action.verb().equals("add-virtual-servers");
        List<GroupMember> servers = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (String id : action.servers()) {
            var server = api.store().inventory().server(id);
            if (server.isPresent()) {
                servers.add(new GroupMember(server.get().uuid(), Set.of(server.get().name())));
            } else if (!add) {
                servers.add(new GroupMember(id, Set.of())); // a member HPM has not seen (yet), listed as it was given
            } else {
                unknown.add(id);
            }
        }
        if (!unknown.isEmpty()) {
            throw ApiException.notFound("no virtual server with UUID or name " + unknown);
        }
        // read, check (GroupRules: not the default group, no server of another group, only members removed)
        // and write the members in one transaction of the store: parallel actions all count
        GroupRecord updated = api.audited(ctx, action.verb(), current.group().name(), String.join(", ", action.servers()),
                () -> add ? api.store().definitions().addMembers(current.id(), servers)
                        : api.store().definitions().removeMembers(current.id(), servers));
        api.state().reloadDefinition();
        ctx.json(render(updated));
    }

    private ObjectNode render(GroupRecord g) {
        ObjectNode o = Views.wrg(g, api.live(), api.groupSizes().getOrDefault(g.group().name(), 0),
                api.state().definition().velocityMapping());
        o.set("warnings", Views.regexWarnings(api.state().classifier(), g.group().name()));
        return o;
    }

    private GroupRecord find(String id) {
        return api.store().definitions().group(id)
                .orElseThrow(() -> ApiException.notFound("no workload resource group with id or name \"" + id + "\""));
    }

    /**
     * Reads a group from a create (no {@code current}) or update body: absent fields keep the
     * current value (or the default for a new group). Each member read is stored by its UUID;
     * {@code aliases} receives its name.
     */
    private WorkloadResourceGroup readGroup(Node n, WorkloadResourceGroup current, Map<String, Set<String>> aliases) {
        n.object("name", "description", "importance", "cpu-minimum", "cpu-maximum", "performance-policy", "virtual-servers");
        String name = n.text("name", current == null ? null : current.name());
        String description = n.text("description", current == null ? "" : current.description());
        Importance importance = n.parse("importance", current == null ? "medium" : current.importance().label(), Importance::parse);
        Double min = limit(n, "cpu-minimum", current == null ? null : current.cpuMinimum());
        Double max = limit(n, "cpu-maximum", current == null ? null : current.cpuMaximum());
        PerformancePolicy policy;
        if (n.has("performance-policy")) {
            policy = PolicyCodec.read(n.child("performance-policy"), name);
        } else if (current != null) {
            policy = current.policy();
        } else {
            policy = name == null ? null : new PerformancePolicy(name, List.of(new ServiceClass("default",
                    Goal.velocity(VelocityLevel.MODERATE), importance == null ? Importance.MEDIUM : importance)),
                    List.of(), "default");
        }
        Set<String> members = current == null ? new LinkedHashSet<>() : new LinkedHashSet<>(current.members());
        if (n.has("virtual-servers")) {
            if (current != null) {
                n.problem("virtual-servers", "(present)", "change members with POST .../actions (add-virtual-servers, remove-virtual-servers)");
            }
            for (String id : n.texts("virtual-servers")) {
                InventoryRepository.ServerRecord server = api.store().inventory().server(id)
                        .orElseThrow(() -> ApiException.notFound("no virtual server with UUID or name \"" + id + "\""));
                members.add(server.uuid());
                aliases.put(server.uuid(), Set.of(server.name()));
            }
        }
        if (name == null || importance == null || policy == null || !n.problems().isEmpty()) {
            return null;
        }
        try {
            return new WorkloadResourceGroup(name, description, importance, policy, min, max, members);
        } catch (InvalidDefinitionException e) {
            e.problems().forEach(p -> n.problems().add(p.field(), p.value(), p.fix()));
            return null;
        }
    }

    private static Double limit(Node n, String key, Double fallback) {
        if (!n.has(key)) {
            return n.json() != null && n.json().has(key) ? null : fallback; // explicit null removes the limit
        }
        return n.number(key, Double.NaN, 0, WorkloadResourceGroup.MAX_CPUS);
    }
}
