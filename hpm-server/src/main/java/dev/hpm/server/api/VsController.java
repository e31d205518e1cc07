package dev.hpm.server.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hpm.codec.Node;
import dev.hpm.core.model.ClassInfo;
import dev.hpm.core.model.Glob;
import dev.hpm.core.model.ManagementLevel;
import dev.hpm.server.runtime.Live;
import dev.hpm.store.InventoryRepository;
import dev.hpm.store.InventoryRepository.ServerRecord;
import io.javalin.http.Context;

import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/** {@code /virtual-servers}: list (with filters), detail, get, update (management level, tags, description). */
public final class VsController {
    static final int MAX_DESCRIPTION = dev.hpm.core.model.Identifiers.MAX_DESCRIPTION;
    private final ApiContext api;
    private final RenderedListing rendered = new RenderedListing();

    public VsController(ApiContext api) {
        this.api = api;
    }

    public void list(Context ctx) {
        answer(ctx, false);
    }

    public void detail(Context ctx) {
        answer(ctx, true);
    }

    /** The listing, rendered once per published state and request ({@link RenderedListing}). */
    private void answer(Context ctx, boolean detail) {
        checkStatus(ctx);
        Object[] state = {api.live(), api.state().servers(), api.state().levels(), api.state().classifier()};
        String request = detail + " " + api.state().version() + " " + ctx.queryString();
        ctx.contentType(io.javalin.http.ContentType.APPLICATION_JSON)
                .result(rendered.answer(state, request, () -> listing(ctx, detail)));
    }

    private ObjectNode listing(Context ctx, boolean detail) {
        checkStatus(ctx);
        Live live = api.live();
        Predicate<ServerRecord> filter = filter(ctx);
        ArrayNode list = Views.JSON.arrayNode();
        api.state().servers().values().stream().filter(filter).sorted(Comparator.comparing(ServerRecord::name)).forEach(s -> {
            ClassInfo cls = api.classOf(s);
            Live.ServerNow now = live.servers().get(s.uuid());
            ObjectNode o = detail ? Views.vsDetail(s, cls, api.levelOf(s), now) : Views.vsSummary(s, cls, api.levelOf(s), now);
            if (matches(ctx, o)) { // the status is known once rendered
                list.add(o);
            }
        });
        return Views.JSON.objectNode().set("virtual-servers", list);
    }

    /** Filters known before rendering. */
    private Predicate<ServerRecord> filter(Context ctx) {
        Predicate<ServerRecord> p = s -> true;
        String host = ctx.queryParam("host");
        if (host != null && !host.isBlank()) {
            p = p.and(s -> s.host().equals(host));
        }
        String name = ctx.queryParam("name");
        if (name != null && !name.isBlank()) {
            if (Glob.isGlob(name)) {
                Glob glob = Glob.of(name);
                p = p.and(s -> glob.matches(s.name()));
            } else {
                String needle = name.toLowerCase(Locale.ROOT);
                p = p.and(s -> s.name().toLowerCase(Locale.ROOT).contains(needle));
            }
        }
        String group = ctx.queryParam("workload-resource-group");
        if (group != null && !group.isBlank()) {
            String groupName = api.store().definitions().group(group).map(g -> g.group().name())
                    .orElseThrow(() -> ApiException.notFound("no workload resource group with id or name \"" + group + "\""));
            p = p.and(s -> api.classOf(s).key().group().equals(groupName));
        }
        return p;
    }

    static final java.util.List<String> STATUSES = java.util.List.of(Status.ON_GOAL, Status.MISSING_GOAL, Status.NO_GOAL,
            Status.IDLE, Status.NO_DATA, Status.NOT_MANAGED);

    /** Filters on rendered figures. */
    private static boolean matches(Context ctx, ObjectNode o) {
        String status = ctx.queryParam("status");
        return status == null || status.isBlank() || status.equals(o.get("status").asText());
    }

    private static void checkStatus(Context ctx) {
        String status = ctx.queryParam("status");
        if (status != null && !status.isBlank() && !STATUSES.contains(status)) {
            throw Requests.invalidParameter("status", status, "use one of " + String.join(", ", STATUSES));
        }
    }

    public void get(Context ctx) {
        ServerRecord s = api.server(ctx.pathParam("id"));
        ctx.json(Views.vsDetail(s, api.classOf(s), api.levelOf(s), api.live().servers().get(s.uuid())));
    }

    public void update(Context ctx) {
        ServerRecord s = api.server(ctx.pathParam("id"));
        InventoryRepository.ServerUpdate update = Requests.read(ctx, VsController::readUpdate);
        update.tags().ifPresent(tags -> writeTagsToDomain(s, tags)); // outside the store's transaction
        ServerRecord updated = api.audited(ctx, "update-virtual-server", s.name(), describe(update),
                () -> api.store().inventory().updateServer(s.uuid(), update));
        api.state().updated(updated);
        ctx.json(Views.vsDetail(updated, api.classOf(updated), api.levelOf(updated), api.live().servers().get(s.uuid())));
    }

    /**
     * On a host whose domains keep their tags (libvirt: HPM's element in the domain's metadata,
     * docs/libvirt-hosts.md), writes the tags into the domain first, so that they travel with it; if
     * that fails, nothing changes and the answer says why (409: the host or the domain cannot take them now).
     */
    private void writeTagsToDomain(ServerRecord s, Set<String> tags) {
        api.service().hosts().stream().filter(h -> h.id().equals(s.host()) && h.driver().keepsTags()).findFirst()
                .ifPresent(h -> {
                    try {
                        h.driver().setTags(s.uuid(), tags);
                    } catch (dev.hpm.core.driver.DriverException e) {
                        throw ApiException.conflict("cannot store the tags in domain " + s.name() + " on host "
                                + h.name() + ": " + e.getMessage() + "; try again once the host is reachable");
                    }
                });
    }

    static InventoryRepository.ServerUpdate readUpdate(Node n) {
        n.object("management-level", "tags", "description");
        Optional<Optional<ManagementLevel>> level = Optional.empty();
        if (n.has("management-level")) {
            Optional<ManagementLevel> parsed = LevelsController.level(n);
            level = parsed == null ? Optional.empty() : Optional.of(parsed);
        }
        Optional<Set<String>> tags = Optional.empty();
        if (n.has("tags")) {
            Set<String> t = new LinkedHashSet<>(n.texts("tags"));
            dev.hpm.core.model.Tags.check(n.problems(), "tags", t);
            tags = Optional.of(t);
        }
        Optional<String> description = Optional.empty();
        if (n.has("description")) {
            String d = n.text("description", "");
            if (d.length() > MAX_DESCRIPTION) {
                n.problem("description", d.length() + " characters", "shorten it to at most " + MAX_DESCRIPTION);
            }
            description = Optional.of(d);
        }
        if (level.isEmpty() && tags.isEmpty() && description.isEmpty() && n.problems().isEmpty()) {
            n.problem("management-level", null, "give management-level, tags or description to change");
        }
        return new InventoryRepository.ServerUpdate(description, tags, level);
    }

    private static String describe(InventoryRepository.ServerUpdate u) {
        StringBuilder s = new StringBuilder();
        u.level().ifPresent(l -> s.append("management-level ").append(l.map(ManagementLevel::label).orElse("default")).append("; "));
        u.tags().ifPresent(t -> s.append("tags ").append(t).append("; "));
        u.description().ifPresent(d -> s.append("description changed; "));
        return s.toString().strip();
    }
}
