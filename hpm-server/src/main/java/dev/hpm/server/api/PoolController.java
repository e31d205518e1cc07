package dev.hpm.server.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hpm.codec.Node;
import dev.hpm.core.dwm.DwmPolicy;
import dev.hpm.core.dwm.Placement;
import dev.hpm.core.model.ClassInfo;
import dev.hpm.core.model.Names;
import dev.hpm.core.model.Problems;
import dev.hpm.core.model.VirtualServerInfo;
import dev.hpm.core.model.WorkloadResourceGroup;
import dev.hpm.server.pool.PolicyJson;
import dev.hpm.server.pool.PoolPolicy;
import dev.hpm.server.pool.PoolRuntime;
import dev.hpm.server.runtime.ManagedHost;
import dev.hpm.store.PlanRepository;
import dev.hpm.store.PoolRepository.HostState;
import dev.hpm.store.PoolRepository.PoolChange;
import dev.hpm.store.PoolRepository.PoolRecord;
import io.javalin.http.Context;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code /server-pools}: pools (list, create, update, delete), each pool's DWM policy, its plans
 * (approve and reject in recommend mode) and the ranking of its hosts for a new server
 * (docs/pool-api.md). Writes are audited; a pool's runtime is rebuilt when its hosts change.
 */
public final class PoolController {
    private final ApiContext api;

    public PoolController(ApiContext api) {
        this.api = api;
    }

    public void list(Context ctx) {
        Map<String, HostState> states = states();
        ArrayNode list = Views.JSON.arrayNode();
        for (PoolRecord p : api.store().pools().pools()) {
            list.add(view(p, states));
        }
        ctx.json(Views.JSON.objectNode().set("server-pools", list));
    }

    public void get(Context ctx) {
        ctx.json(view(pool(ctx), states()));
    }

    private record Body(Optional<String> name, Optional<String> description, Optional<List<String>> hypervisors) {
    }

    private Body body(Node n) {
        if (!n.object("name", "description", "hypervisors")) {
            return new Body(Optional.empty(), Optional.empty(), Optional.empty());
        }
        Optional<List<String>> hosts = n.has("hypervisors")
                ? Optional.of(n.texts("hypervisors").stream().map(this::hostId).toList()) : Optional.empty();
        return new Body(n.has("name") ? Optional.ofNullable(n.text("name", "")) : Optional.empty(),
                n.has("description") ? Optional.ofNullable(n.text("description", "")) : Optional.empty(), hosts);
    }

    /** A hypervisor's id from its id or name (an unknown one is kept, for the store to name). */
    private String hostId(String idOrName) {
        return api.pools().hosts().stream().filter(h -> h.id().equals(idOrName) || h.name().equals(idOrName))
                .map(ManagedHost::id).findFirst().orElse(idOrName);
    }

    public void create(Context ctx) {
        Body b = Requests.read(ctx, n -> {
            Body body = body(n);
            if (!n.has("name")) {
                n.problem("name", null, "this key is required");
            }
            n.problems().addAll(api.pools().problems(body.hypervisors().orElse(List.of())).list());
            return body;
        });
        List<String> hosts = b.hypervisors().orElse(List.of());
        int reserve = Math.max(0, Math.min(1, hosts.size() - 1));
        PoolPolicy policy = PoolPolicy.DEFAULT.withDwm(DwmPolicy.DEFAULT.withPowerSave(new DwmPolicy.PowerSave(
                true, DwmPolicy.PowerSave.DEFAULT.threshold(), DwmPolicy.PowerSave.DEFAULT.duration(), reserve, List.of())));
        PoolRecord p = api.audited(ctx, "pool-create", b.name().orElse(""), String.join(", ", hosts),
                () -> api.store().pools().create(b.name().orElse(""), b.description().orElse(""), hosts,
                        PolicyJson.write(policy).toString()));
        api.pools().load(p.id());
        ctx.status(201).json(view(p, states()));
    }

    public void update(Context ctx) {
        PoolRecord p = pool(ctx);
        Body b = Requests.read(ctx, this::body);
        if (b.hypervisors().isPresent()) {
            check(b.hypervisors().get());
            if (!b.hypervisors().get().equals(p.hypervisors())) {
                refuseWhileExecuting(p, "change its hypervisors");
            }
        }
        PoolRecord q = api.audited(ctx, "pool-update", p.name(), b.hypervisors().map(h -> String.join(", ", h)).orElse(""),
                () -> api.store().pools().update(p.id(), new PoolChange(b.name(), b.description(), b.hypervisors())));
        if (b.hypervisors().isPresent() && !b.hypervisors().get().equals(p.hypervisors())) {
            api.pools().load(p.id());
        }
        ctx.json(view(q, states()));
    }

    public void delete(Context ctx) {
        PoolRecord p = pool(ctx);
        refuseWhileExecuting(p, "delete it");
        api.audited(ctx, "pool-delete", p.name(), "", () -> api.store().pools().delete(p.id()));
        api.pools().load(p.id());
        ctx.status(204);
    }

    private void refuseWhileExecuting(PoolRecord p, String what) {
        if (api.pools().runtime(p.id()).map(PoolRuntime::executing).orElse(false)) {
            throw ApiException.conflict("pool " + p.name() + " is executing a plan; wait until it finished to " + what);
        }
    }

    private void check(List<String> hosts) {
        Problems problems = api.pools().problems(hosts);
        if (!problems.isEmpty()) {
            throw ApiException.invalid(problems.list());
        }
    }

    // ---- DWM policy

    public void getPolicy(Context ctx) {
        ctx.json(PolicyJson.write(policy(pool(ctx))));
    }

    public void setPolicy(Context ctx) {
        PoolRecord p = pool(ctx);
        PoolPolicy current = policy(p);
        PoolPolicy next = Requests.read(ctx, n -> PolicyJson.read(n, current));
        Problems problems = next.problems(p.hypervisors());
        if (!problems.isEmpty()) {
            throw ApiException.invalid(problems.list());
        }
        String json = PolicyJson.write(next).toString();
        api.audited(ctx, "pool-policy", p.name(), json, () -> api.store().pools().setPolicy(p.id(), json));
        api.pools().runtime(p.id()).ifPresent(r -> r.policy(next));
        ctx.json(PolicyJson.write(next));
    }

    private PoolPolicy policy(PoolRecord p) {
        return api.pools().runtime(p.id()).map(PoolRuntime::policy)
                .orElseGet(() -> PolicyJson.parse(p.policy(), "the DWM policy of pool " + p.name()));
    }

    // ---- plans

    public void plans(Context ctx) {
        PoolRecord p = pool(ctx);
        String status = ctx.queryParam("status");
        PlanRepository.Status s = null;
        if (status != null) {
            try {
                s = Names.parse(PlanRepository.Status.class, status, "status");
            } catch (RuntimeException e) {
                throw Requests.invalidParameter("status", status, "use one of " + Names.choices(PlanRepository.Status.class));
            }
        }
        int limit = Requests.integer(ctx, "limit", 50, 1, 1000);
        ArrayNode list = Views.JSON.arrayNode();
        api.store().plans().plans(p.id(), s, limit).forEach(r -> list.add(PoolViews.plan(r)));
        ctx.json(Views.JSON.objectNode().set("plans", list));
    }

    public void plan(Context ctx) {
        ctx.json(PoolViews.plan(plan(pool(ctx), ctx.pathParam("plan"))));
    }

    public void approve(Context ctx) {
        decide(ctx, true);
    }

    public void reject(Context ctx) {
        decide(ctx, false);
    }

    private void decide(Context ctx, boolean approve) {
        PoolRecord p = pool(ctx);
        PlanRepository.PlanRecord before = plan(p, ctx.pathParam("plan"));
        PoolRuntime runtime = api.pools().runtime(p.id()).orElseThrow(() -> ApiException.conflict(
                "pool " + p.name() + " does not run in this server"));
        boolean done = api.audited(ctx, approve ? "plan-approve" : "plan-reject", before.id(), p.name(),
                () -> approve ? runtime.approve(before.id()) : runtime.reject(before.id()));
        if (!done) {
            throw ApiException.conflict("plan " + before.id() + " is " + before.status().label()
                    + ", not pending: only a pending plan can be " + (approve ? "approved" : "rejected"));
        }
        ctx.json(PoolViews.plan(api.store().plans().plan(before.id()).orElseThrow()));
    }

    private PlanRepository.PlanRecord plan(PoolRecord p, String id) {
        return api.store().plans().plan(id).filter(r -> r.pool().equals(p.id())).orElseThrow(() -> ApiException.notFound(
                "pool " + p.name() + " has no plan " + id + " (GET /server-pools/" + p.id() + "/plans lists them)"));
    }

    // ---- placement

    private record Wanted(double cpu, long memoryMb, String group) {
    }

    public void placement(Context ctx) {
        PoolRecord p = pool(ctx);
        Wanted w = Requests.read(ctx, n -> {
            n.object("cpu", "memory-mb", "workload-resource-group");
            return new Wanted(n.number("cpu", Double.NaN, 0.01, 4096), n.integer("memory-mb", Long.MIN_VALUE, 0, 1L << 40),
                    n.text("workload-resource-group", ""));
        });
        ClassInfo serviceClass = classOf(w.group());
        int vcpus = (int) Math.ceil(w.cpu());
        Placement.NewServer server = new Placement.NewServer("new-server", vcpus, vcpus, w.memoryMb(), w.cpu(), 1024,
                serviceClass);
        Placement.Ranking ranking = api.pools().runtime(p.id()).flatMap(r -> r.rank(server)).orElseThrow(() ->
                ApiException.conflict("pool " + p.name() + " has not run an interval yet; try again in a moment"));
        Map<String, String> names = new HashMap<>();
        api.pools().hosts().forEach(h -> names.put(h.id(), h.name()));
        ArrayNode hosts = Views.JSON.arrayNode();
        for (Placement.HostRank r : ranking.candidates()) {
            hosts.addObject().put("id", r.host()).put("name", names.getOrDefault(r.host(), r.host())).put("rank", r.rank())
                    .put("score", Math.round(r.score() * 1000) / 1000.0).put("fits", true).put("reason", r.why());
        }
        int rank = ranking.candidates().size();
        for (Placement.NotCandidate n : ranking.excluded()) {
            hosts.addObject().put("id", n.host()).put("name", names.getOrDefault(n.host(), n.host())).put("rank", ++rank)
                    .putNull("score").put("fits", false).put("reason", n.why());
        }
        ctx.json(Views.JSON.objectNode().set("hosts", hosts));
    }

    private ClassInfo classOf(String group) {
        var definition = api.state().definition();
        if (group.isEmpty()) {
            return api.state().classifier().classify(new VirtualServerInfo("new-server", "new-server", null, Set.of(), ""));
        }
        WorkloadResourceGroup g = definition.group(group).orElseThrow(() -> Requests.invalidParameter(
                "workload-resource-group", group, "no such group; GET /workload-resource-groups lists them"));
        return ClassInfo.of(g, g.policy().serviceClass(g.policy().defaultClass()).orElseThrow(),
                definition.velocityMapping());
    }

    // ---- shared

    private PoolRecord pool(Context ctx) {
        String id = ctx.pathParam("id");
        return api.store().pools().pool(id).orElseThrow(() -> ApiException.notFound(
                "there is no server pool with id or name \"" + id + "\" (GET /server-pools lists them)"));
    }

    private Map<String, HostState> states() {
        Map<String, HostState> states = new HashMap<>();
        api.store().pools().hostStates().forEach(s -> states.put(s.hypervisor(), s));
        return states;
    }

    private ObjectNode view(PoolRecord p, Map<String, HostState> states) {
        return PoolViews.pool(p, policy(p), api.pools().runtime(p.id()).orElse(null), api.pools().hosts(), states);
    }
}
