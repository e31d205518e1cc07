package dev.hpm.server.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hpm.codec.Node;
import dev.hpm.core.model.InvalidDefinitionException;
import dev.hpm.core.model.ManagementLevel;
import dev.hpm.core.model.ManagementLevels;
import dev.hpm.core.model.Problem;
import dev.hpm.server.runtime.ManagedHost;
import dev.hpm.store.InventoryRepository.ServerRecord;
import io.javalin.http.Context;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /mgmt-levels}: the default level, each hypervisor's and the servers' own levels. A POST is
 * validated as a whole (unknown ids, bad levels) before anything changes.
 */
public final class LevelsController {
    private final ApiContext api;

    public LevelsController(ApiContext api) {
        this.api = api;
    }

    public void get(Context ctx) {
        ctx.json(render());
    }

    private ObjectNode render() {
        ObjectNode o = Views.JSON.objectNode();
        ManagementLevels levels = api.state().levels(); // the published inventory; updated in place after every change
        o.put("default", levels.hostDefault().label());
        ArrayNode hosts = o.putArray("hypervisors");
        for (ManagedHost h : api.service().hosts()) {
            ObjectNode ho = hosts.addObject();
            ho.put("id", h.id());
            ho.put("name", h.name());
            ho.put("management-level", levels.host(h.id()).label());
            ManagementLevel own = levels.hosts().get(h.id());
            if (own == null) {
                ho.putNull("own-management-level");
            } else {
                ho.put("own-management-level", own.label());
            }
        }
        ArrayNode servers = o.putArray("virtual-servers");
        api.state().servers().values().stream().filter(s -> s.level() != null)
                .sorted(Comparator.comparing(ServerRecord::name)).forEach(s -> {
                    ObjectNode so = servers.addObject();
                    so.put("id", s.uuid());
                    so.put("name", s.name());
                    so.put("management-level", s.level().label());
                });
        return o;
    }

    private record HostChange(String id, ManagementLevel level) {
    }

    private record ServerChange(String uuid, Optional<ManagementLevel> level) {
    }

    private record Changes(ManagementLevel fallback, List<HostChange> hosts, List<ServerChange> servers) {
    }

    public void set(Context ctx) {
        Changes changes = Requests.read(ctx, this::read);
        Map<String, ManagementLevel> hosts = new LinkedHashMap<>();
        changes.hosts().forEach(h -> hosts.put(h.id(), h.level()));
        Map<String, Optional<ManagementLevel>> servers = new LinkedHashMap<>();
        changes.servers().forEach(s -> servers.put(s.uuid(), s.level()));
        api.audited(ctx, "set-management-levels", "mgmt-levels", (changes.fallback() == null ? "" : "default "
                        + changes.fallback().label() + "; ") + changes.hosts().size() + " hypervisors, "
                        + changes.servers().size() + " virtual servers",
                () -> api.store().inventory().setLevels(changes.fallback(), hosts, servers));
        api.state().levelsSet(changes.fallback(), hosts, servers);
        ctx.json(render());
    }

    private Changes read(Node n) {
        n.object("default", "hypervisors", "virtual-servers");
        ManagementLevel fallback = n.has("default") ? n.parse("default", null, ManagementLevel::parse) : null;
        List<HostChange> hosts = new ArrayList<>();
        for (Node h : n.list("hypervisors", false)) {
            h.object("id", "management-level");
            String id = h.text("id", null);
            Optional<ManagementLevel> level = level(h);
            if (id != null && api.store().inventory().host(id).isEmpty()) {
                h.problem("id", id, "no such hypervisor; GET /hypervisors lists them");
            } else if (id != null && level != null) {
                hosts.add(new HostChange(id, level.orElse(null)));
            }
        }
        List<ServerChange> servers = new ArrayList<>();
        for (Node s : n.list("virtual-servers", false)) {
            s.object("id", "management-level");
            String id = s.text("id", null);
            Optional<ManagementLevel> level = level(s);
            Optional<ServerRecord> server = id == null ? Optional.empty() : api.store().inventory().server(id);
            if (id != null && server.isEmpty()) {
                s.problem("id", id, "no virtual server with that UUID or name");
            } else if (server.isPresent() && level != null) {
                servers.add(new ServerChange(server.get().uuid(), level));
            }
        }
        if (fallback == null && hosts.isEmpty() && servers.isEmpty() && n.problems().isEmpty()) {
            n.problem("default", null, "give default, hypervisors or virtual-servers to change");
        }
        return new Changes(fallback, hosts, servers);
    }

    /** A level, or empty for "default"; null if invalid (the problem is recorded). */
    /**
     * A {@code management-level} field: a level, {@code default} (empty: inherit the level above), or
     * null when it is absent or invalid (the problem is recorded).
     */
    static Optional<ManagementLevel> level(Node n) {
        String text = n.text("management-level", null);
        if (text == null) {
            return null;
        }
        if (text.equals("default")) {
            return Optional.empty();
        }
        ManagementLevel level = n.parse("management-level", null, (v, f) -> {
            try {
                return ManagementLevel.parse(v, f);
            } catch (InvalidDefinitionException e) {
                throw new InvalidDefinitionException(new Problem(f, v,
                        "use none, monitor, manage, or default (to inherit the level of its host and the pool)"));
            }
        });
        return level == null ? null : Optional.of(level);
    }
}
