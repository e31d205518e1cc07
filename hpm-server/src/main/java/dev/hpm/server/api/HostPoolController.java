package dev.hpm.server.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hpm.core.dwm.MaintenanceProgress;
import dev.hpm.core.loop.IntervalReport;
import dev.hpm.core.model.Names;
import dev.hpm.core.pool.PoolInventory.HostFacts;
import dev.hpm.server.pool.PoolRuntime;
import dev.hpm.server.pool.PowerStates;
import dev.hpm.server.runtime.ManagedHost;
import dev.hpm.store.PlanRepository.ActionRecord;
import dev.hpm.store.PlanRepository.ActionState;
import dev.hpm.store.PlanRepository.MigrationFilter;
import dev.hpm.store.PoolRepository.Driver;
import dev.hpm.store.PoolRepository.HostState;
import dev.hpm.store.PoolRepository.PowerSettings;
import io.javalin.http.Context;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A pool host's maintenance ({@code enter}/{@code leave}, with progress), power (on, off, state)
 * and power settings, and the migration history (docs/pool-api.md). The BMC password is sealed
 * before it reaches the store and is never returned or written to the audit log.
 */
public final class HostPoolController {
    private final ApiContext api;

    public HostPoolController(ApiContext api) {
        this.api = api;
    }

    // ---- maintenance

    public void getMaintenance(Context ctx) {
        ManagedHost h = host(ctx);
        ctx.json(maintenance(h, runtime(h)));
    }

    public void setMaintenance(Context ctx) {
        ManagedHost h = host(ctx);
        String action = Requests.read(ctx, n -> {
            n.object("action");
            String a = n.text("action", null);
            if (a != null && !a.equals("enter") && !a.equals("leave")) {
                n.problem("action", a, "use enter or leave");
            }
            return a;
        });
        PoolRuntime r = runtime(h);
        api.audited(ctx, "maintenance-" + action, h.name(), "", () -> r.maintenance(h.id(), action.equals("enter")));
        ctx.status(202).json(maintenance(h, r));
    }

    /**
     * MAINT: state, how many of the host's servers left it and which remain, with why. A server is
     * wherever its hypervisor reports it: one whose migration is under way still counts as remaining
     * ({@code migrating}), one whose migration failed as {@code failed}, with the driver's words.
     */
    private ObjectNode maintenance(ManagedHost h, PoolRuntime r) {
        HostState s = api.store().pools().hostState(h.id(), api.time().now());
        boolean active = s.maintenance() != dev.hpm.store.PoolRepository.Maintenance.NONE;
        MaintenanceProgress p = r.progress(h.id());
        Map<String, PoolRuntime.Moves> moves = r.movesFrom(h.id());
        IntervalReport report = r.reports().get(h.id());
        List<dev.hpm.core.measure.VsMeasurement> here = !active || report == null || report.measurement() == null
                ? List.of() : report.measurement().servers();
        Map<String, String> why = new java.util.HashMap<>();
        if (p != null) {
            p.left().forEach(l -> why.put(l.server(), l.why()));
        }
        int total = !active ? 0 : Math.max(p == null ? 0 : p.total(), here.size());
        int moved = total - here.size();
        int failed = 0;
        ArrayNode remaining = Views.JSON.arrayNode();
        List<String> failures = new ArrayList<>();
        for (var v : here) {
            PoolRuntime.Moves m = moves.get(v.name());
            ActionRecord move = m == null ? null : m.latest();
            boolean lastFailed = m != null && m.lastFinished() != null && m.lastFinished().state() == ActionState.FAILED;
            boolean running = move != null && move.state() == ActionState.RUNNING;
            String state = lastFailed ? "failed" : running ? "migrating" : "waiting";
            String detail = lastFailed ? m.lastFinished().detail() + (running ? "; retrying" : "")
                    : why.getOrDefault(v.name(), move == null ? "not planned yet" : "");
            if (state.equals("failed")) {
                failed++;
                failures.add(v.name() + " could not move: " + m.lastFinished().detail() + "; it keeps running on " + h.name());
            }
            ObjectNode l = remaining.addObject();
            l.put("id", v.uuid());
            l.put("name", v.name());
            l.put("state", state);
            l.put("detail", detail);
        }
        ObjectNode o = Views.JSON.objectNode();
        o.put("hypervisor", h.id());
        o.put("state", s.maintenance().label());
        o.put("total", total);
        o.put("moved", moved);
        o.put("failed", failed);
        o.put("progress", total == 0 ? (s.maintenance() == dev.hpm.store.PoolRepository.Maintenance.IN ? 1.0 : 0.0)
                : Math.round(1000.0 * moved / total) / 1000.0);
        o.set("remaining", remaining);
        o.put("message", !failures.isEmpty() ? String.join("; ", failures)
                : !active ? "not in maintenance" : moved + " of " + total + " moved");
        Views.time(o, "since", s.maintenanceSince());
        return o;
    }

    // ---- power

    public void getPower(Context ctx) {
        ManagedHost h = host(ctx);
        ctx.json(power(h, runtime(h)));
    }

    public void setPower(Context ctx) {
        ManagedHost h = host(ctx);
        String action = Requests.read(ctx, n -> {
            n.object("action");
            String a = n.text("action", null);
            if (a != null && !a.equals("on") && !a.equals("off")) {
                n.problem("action", a, "use on or off");
            }
            return a;
        });
        PoolRuntime r = runtime(h);
        boolean on = action.equals("on");
        if (!on) {
            IntervalReport report = r.reports().get(h.id());
            int servers = report == null || report.measurement() == null ? 0 : report.measurement().servers().size();
            if (servers > 0) {
                throw ApiException.conflict(h.name() + " runs " + servers + " virtual server" + (servers == 1 ? "" : "s")
                        + "; a host is powered off only when none runs on it (enter maintenance first)");
            }
        }
        var handle = r.power(h.id(), on);
        api.store().audit().append(user(ctx), "power-" + action, h.name(), handle.state().finished()
                && handle.state() != dev.hpm.core.pool.PoolActuator.State.DONE ? "refused: " + handle.detail() : "");
        if (handle.state() == dev.hpm.core.pool.PoolActuator.State.FAILED) {
            throw ApiException.conflict("cannot power " + h.name() + " " + action + ": " + handle.detail());
        }
        ctx.status(202).json(power(h, r));
    }

    private ObjectNode power(ManagedHost h, PoolRuntime r) {
        HostFacts f = r.hardware().hosts().stream().filter(x -> x.id().equals(h.id())).findFirst().orElse(null);
        HostState s = api.store().pools().hostState(h.id(), api.time().now());
        IntervalReport report = r.reports().get(h.id());
        double u = report == null || report.measurement() == null || Double.isNaN(report.measurement().cpuUtilisation())
                ? 0 : report.measurement().cpuUtilisation();
        ObjectNode o = Views.JSON.objectNode();
        o.put("hypervisor", h.id());
        o.put("state", f == null ? s.power().label() : PowerStates.toStore(f.power()).label());
        o.put("driver", r.hardware().driver(h.id()));
        o.put("watts", Math.round(PoolViews.watts(f, u) * 10) / 10.0);
        Views.time(o, "since", s.powerSince());
        String detail = r.powerDetail(h.id());
        o.put("detail", detail.isEmpty() ? s.powerDetail() : detail);
        return o;
    }

    public void getPowerSettings(Context ctx) {
        ctx.json(PoolViews.powerSettings(api.store().pools().powerSettings(host(ctx).id())));
    }

    public void setPowerSettings(Context ctx) {
        ManagedHost h = host(ctx);
        PowerSettings current = api.store().pools().powerSettings(h.id());
        record Read(PowerSettings settings, String password) {
        }
        Read read = Requests.read(ctx, n -> {
            n.object("driver", "address", "port", "username", "password", "password-set", "mac", "power-on-timeout",
                    "idle-watts", "max-watts");
            Driver driver = n.parse("driver", current.driver().label(), (v, f) -> Names.parse(Driver.class, v, f));
            Duration timeout = current.powerOnTimeout();
            String t = n.text("power-on-timeout", "");
            if (t != null && !t.isEmpty()) {
                try {
                    timeout = Duration.parse(t);
                } catch (DateTimeParseException e) {
                    n.problem("power-on-timeout", t, "write an ISO-8601 duration such as PT5M");
                }
            }
            PowerSettings s = new PowerSettings(h.id(), driver == null ? current.driver() : driver,
                    optional(n, "address", current.address()), (int) n.integer("port", current.port(), -1, 1_000_000),
                    optional(n, "username", current.username()), null, optional(n, "mac", current.mac()), timeout,
                    n.number("idle-watts", current.idleWatts(), -1e9, 1e9), n.number("max-watts", current.maxWatts(), -1e9, 1e9));
            return new Read(s, n.text("password", ""));
        });
        PowerSettings sealed = read.password() == null || read.password().isEmpty() ? read.settings()
                : read.settings().withPasswordSecret(api.pools().secrets().seal(read.password()));
        PowerSettings saved = api.audited(ctx, "power-settings", h.name(), sealed.toString(),
                () -> api.store().pools().setPowerSettings(sealed));
        ctx.json(PoolViews.powerSettings(saved));
    }

    /** An optional text whose current value may be null. */
    private static String optional(dev.hpm.codec.Node n, String key, String current) {
        return n.has(key) ? n.text(key, "") : current;
    }

    // ---- migrations

    public void migrations(Context ctx) {
        Instant since = instant(ctx, "since");
        Instant until = instant(ctx, "until");
        String host = ctx.queryParam("hypervisor");
        if (host != null) {
            host = api.pools().hosts().stream().filter(m -> m.name().equals(ctx.queryParam("hypervisor")))
                    .map(ManagedHost::id).findFirst().orElse(host);
        }
        int limit = Requests.integer(ctx, "limit", 100, 1, 10_000);
        ArrayNode list = Views.JSON.arrayNode();
        api.store().plans().migrations(new MigrationFilter(since, until, host, ctx.queryParam("virtual-server"), limit))
                .forEach(m -> list.add(PoolViews.migration(m)));
        ctx.json(Views.JSON.objectNode().set("migrations", list));
    }

    private static Instant instant(Context ctx, String name) {
        String v = ctx.queryParam(name);
        if (v == null) {
            return null;
        }
        try {
            return Instant.parse(v);
        } catch (DateTimeParseException e) {
            throw Requests.invalidParameter(name, v, "write an ISO-8601 time such as 2026-12-01T22:00:00Z");
        }
    }

    // ---- shared

    /** A managed hypervisor by name or id, or 404. */
    private ManagedHost host(Context ctx) {
        String id = ctx.pathParam("id");
        return api.pools().hosts().stream().filter(h -> h.name().equals(id) || h.id().equals(id)).findFirst()
                .orElseThrow(() -> ApiException.notFound("there is no hypervisor \"" + id
                        + "\" (use a name or id GET /hypervisors lists)"));
    }

    private PoolRuntime runtime(ManagedHost h) {
        return api.pools().runtimeOf(h.id()).orElseThrow(() -> ApiException.conflict(h.name()
                + " is in no server pool; add it to one (POST /server-pools) for maintenance and power"));
    }

    private static String user(Context ctx) {
        var p = ApiContext.principal(ctx);
        return p == null ? "-" : p.name();
    }
}
