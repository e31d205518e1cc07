package dev.hpm.server.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hpm.codec.Node;
import dev.hpm.core.balance.BalancingGroup;
import dev.hpm.core.balance.MemberWeight;
import dev.hpm.core.balance.WeightTerm;
import dev.hpm.sasp.GroupWorkloadManager;
import dev.hpm.server.balance.BalancingService;
import dev.hpm.server.balance.LoadBalancers;
import dev.hpm.server.http.Route;
import dev.hpm.server.http.Routes;
import dev.hpm.server.security.Role;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code /load-balancing-groups}: the groups with their members, each member's weight with the
 * terms and reason of it and its history; create, update and delete for admins;
 * {@code /load-balancing-hosts/{host}}: a host's maintenance as the weights see it (docs/workload-balancing.md).
 */
public final class LoadBalancingController {
    private final ApiContext api;
    private final LoadBalancers lbs;

    public LoadBalancingController(ApiContext api, LoadBalancers lbs) {
        this.api = api;
        this.lbs = lbs;
    }

    /** The routes of this controller, to add to {@link Routes#of}'s. */
    public static List<Route> routes(ApiContext api, LoadBalancers lbs) {
        LoadBalancingController c = new LoadBalancingController(api, lbs);
        String base = Routes.BASE + "/load-balancing-groups";
        return List.of(
                new Route(HandlerType.GET, base, Role.VIEWER, c::list),
                new Route(HandlerType.POST, base, Role.ADMIN, c::create),
                new Route(HandlerType.GET, base + "/{id}", Role.VIEWER, c::get),
                new Route(HandlerType.POST, base + "/{id}", Role.ADMIN, c::update),
                new Route(HandlerType.DELETE, base + "/{id}", Role.ADMIN, c::delete),
                new Route(HandlerType.GET, base + "/{id}/weights", Role.VIEWER, c::weights),
                new Route(HandlerType.GET, Routes.BASE + "/load-balancing-hosts", Role.VIEWER, c::hosts),
                new Route(HandlerType.POST, Routes.BASE + "/load-balancing-hosts/{host}", Role.ADMIN, c::setHost));
    }

    public void list(Context ctx) {
        ArrayNode list = Views.JSON.arrayNode();
        for (BalancingGroup g : lbs.weights().groups()) {
            list.add(group(g));
        }
        ArrayNode sasp = Views.JSON.arrayNode();
        for (GroupWorkloadManager.LbView lb : lbs.sasp().loadBalancers()) {
            ObjectNode o = sasp.addObject();
            o.put("lb-uid", lb.uid()).put("connected", lb.connected()).put("health", lb.health()).put("push", lb.push())
                    .put("trust", lb.trust()).put("no-change", lb.noChange());
            ObjectNode groups = o.putObject("groups");
            lb.groups().forEach((name, members) -> members.forEach(groups.putArray(name)::add));
        }
        ctx.json(Views.JSON.objectNode().<ObjectNode>set("load-balancing-groups", list).set("sasp-load-balancers", sasp));
    }

    public void get(Context ctx) {
        ObjectNode o = group(find(ctx));
        o.set("weights", weightsOf(o.get("name").asText(), false));
        ctx.json(o);
    }

    public void weights(Context ctx) {
        BalancingGroup g = find(ctx);
        BalancingService.GroupWeights w = lbs.weights().current().get(g.name());
        ObjectNode o = Views.JSON.objectNode();
        o.put("id", g.id()).put("name", g.name());
        o.put("time", w == null ? null : w.at().toString());
        o.put("interval", w == null ? -1 : w.interval());
        o.set("weights", weightsOf(g.name(), true));
        ctx.json(o);
    }

    private ArrayNode weightsOf(String group, boolean withHistory) {
        ArrayNode list = Views.JSON.arrayNode();
        BalancingService.GroupWeights w = lbs.weights().current().get(group);
        if (w == null) {
            return list;
        }
        for (MemberWeight m : w.weights()) {
            ObjectNode o = list.addObject();
            o.put("member", m.member()).put("weight", m.weight()).put("target", m.target())
                    .put("contactable", m.contactable()).put("quiesced", m.quiesced()).put("confident", m.confident())
                    .put("reason", m.reason());
            ArrayNode terms = o.putArray("terms");
            for (WeightTerm t : m.terms()) {
                terms.addObject().put("name", t.name()).put("value", t.value()).put("reason", t.reason());
            }
            if (withHistory) {
                ArrayNode h = o.putArray("history");
                lbs.weights().history(group, m.member()).forEach(p -> h.addObject().put("time", p.at().toString())
                        .put("weight", p.weight()).put("target", p.target()));
            }
        }
        return list;
    }

    public void create(Context ctx) {
        BalancingGroup g = Requests.read(ctx, n -> read(n, null));
        BalancingGroup created = api.audited(ctx, "create-load-balancing-group", g.name(), "",
                () -> api.store().balancing().create(g));
        lbs.weights().reloadGroups();
        ctx.status(201).header("Location", ctx.path() + "/" + created.id()).json(group(created));
    }

    public void update(Context ctx) {
        BalancingGroup current = find(ctx);
        BalancingGroup g = Requests.read(ctx, n -> read(n, current));
        BalancingGroup updated = api.audited(ctx, "update-load-balancing-group", g.name(), "",
                () -> api.store().balancing().update(current.id(), g));
        lbs.weights().reloadGroups();
        ctx.json(group(updated));
    }

    public void delete(Context ctx) {
        BalancingGroup current = find(ctx);
        api.audited(ctx, "delete-load-balancing-group", current.name(), "", () -> api.store().balancing().delete(current.id()));
        lbs.weights().reloadGroups();
        ctx.status(204);
    }

    public void hosts(Context ctx) {
        ArrayNode list = Views.JSON.arrayNode();
        lbs.weights().maintenance().stream().sorted().forEach(list::add);
        ArrayNode pool = Views.JSON.arrayNode();
        lbs.weights().poolMaintenance().stream().sorted().forEach(pool::add);
        ctx.json(Views.JSON.objectNode().<ObjectNode>set("in-maintenance", list).set("in-pool-maintenance", pool));
    }

    /** Body {@code {"maintenance": true}}: the host's members are quiesced (weight 0) until it is set false. */
    public void setHost(Context ctx) {
        String host = ctx.pathParam("host");
        boolean on = Requests.read(ctx, n -> {
            n.object("maintenance");
            if (!n.has("maintenance") || !n.json().get("maintenance").isBoolean()) {
                n.problem("maintenance", n.field("maintenance"), "give true or false");
                return false;
            }
            return n.json().get("maintenance").asBoolean();
        });
        api.audited(ctx, on ? "enter-load-balancing-maintenance" : "leave-load-balancing-maintenance", host, "",
                () -> lbs.weights().setMaintenance(host, on));
        ctx.json(Views.JSON.objectNode().put("host", host).put("maintenance", on));
    }

    private BalancingGroup find(Context ctx) {
        String id = ctx.pathParam("id");
        return api.store().balancing().group(id)
                .orElseThrow(() -> ApiException.notFound("no load-balancing group " + id + " (GET /load-balancing-groups lists them)"));
    }

    private static BalancingGroup read(Node n, BalancingGroup current) {
        n.object("name", "description", "members");
        String name = current != null ? n.text("name", current.name()) : n.text("name", null);
        if (current != null && !name.equals(current.name())) {
            n.problem("name", name, "a load-balancing group keeps its name; create a new group instead");
        }
        List<BalancingGroup.Member> members = new ArrayList<>();
        for (Node m : n.list("members", current == null)) {
            m.object("name", "virtual-server", "address", "port", "protocol");
            members.add(new BalancingGroup.Member(m.text("name", ""),
                    m.has("virtual-server") ? m.text("virtual-server", "") : null, m.text("address", ""),
                    (int) m.integer("port", 0, 0, 65_535), m.parse("protocol", "tcp", (text, field) -> switch (text) {
                        case "tcp" -> BalancingGroup.Protocol.TCP;
                        case "udp" -> BalancingGroup.Protocol.UDP;
                        default -> throw new dev.hpm.core.model.InvalidDefinitionException(
                                new dev.hpm.core.model.Problem(field, text, "use tcp or udp"));
                    })));
        }
        if (current != null && !n.has("members")) {
            members = current.members();
        }
        BalancingGroup g = new BalancingGroup(null, name == null ? "" : name,
                n.text("description", current == null ? "" : current.description()), null, members);
        try {
            return g.validate();
        } catch (dev.hpm.core.model.InvalidDefinitionException e) {
            e.problems().forEach(p -> n.problems().add(p.field(), p.value(), p.fix()));
            return g;
        }
    }

    private static ObjectNode group(BalancingGroup g) {
        ObjectNode o = Views.JSON.objectNode();
        o.put("id", g.id()).put("name", g.name()).put("description", g.description());
        ArrayNode members = o.putArray("members");
        for (BalancingGroup.Member m : g.members()) {
            members.addObject().put("name", m.name()).put("virtual-server", m.virtualServer()).put("address", m.address())
                    .put("port", m.port()).put("protocol", m.protocol().name().toLowerCase(java.util.Locale.ROOT));
        }
        return o;
    }
}
