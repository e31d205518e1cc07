package dev.hpm.server.pool;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hpm.codec.Documents;
import dev.hpm.codec.Node;
import dev.hpm.codec.TimeWindows;
import dev.hpm.codec.Units;
import dev.hpm.core.dwm.DwmMode;
import dev.hpm.core.dwm.DwmPolicy;
import dev.hpm.core.dwm.TimeWindow;
import dev.hpm.core.model.Names;
import dev.hpm.core.model.Problems;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The JSON form of a {@link PoolPolicy} (docs/pool-api.md, POLICY): written for the API and the
 * store, read from either onto a base policy, so that a missing key leaves that setting as it was.
 * Durations are ISO-8601 ({@code PT5M}); {@code 5m} is read too. Problems of form are recorded on
 * the node with their fields; problems of meaning come from {@link PoolPolicy#problems}.
 */
public final class PolicyJson {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private PolicyJson() {
    }

    public static ObjectNode write(PoolPolicy policy) {
        DwmPolicy d = policy.dwm();
        ObjectNode o = JSON.objectNode();
        o.put("mode", d.mode().label());
        ObjectNode ed = o.putObject("even-distribution");
        ed.put("enabled", d.evenDistribution().enabled());
        ed.put("threshold", d.evenDistribution().threshold());
        ed.put("duration", d.evenDistribution().duration().toString());
        ed.set("schedule", schedule(d.evenDistribution().schedule()));
        ObjectNode ps = o.putObject("power-save");
        ps.put("enabled", d.powerSave().enabled());
        ps.put("threshold", d.powerSave().threshold());
        ps.put("duration", d.powerSave().duration().toString());
        ps.put("reserve-hosts", d.powerSave().reserveHosts());
        ps.set("schedule", schedule(d.powerSave().schedule()));
        ObjectNode m = o.putObject("migration");
        m.put("per-host", d.migration().perHost());
        m.put("per-pool", d.migration().perPool());
        m.put("bandwidth-mbps", d.migration().bandwidthMbps());
        m.put("max-downtime-ms", policy.migration().maxDowntimeMs());
        m.put("timeout", policy.migration().timeout().toString());
        m.put("auto-converge", policy.migration().autoConverge());
        o.put("cooldown", d.cooldown().toString());
        ObjectNode mt = o.putObject("maintenance");
        mt.put("action", d.maintenance().action().label());
        mt.put("migrate-back", d.maintenance().migrateBack());
        ObjectNode h = o.putObject("headroom");
        h.put("window", d.headroom().window().toString());
        h.put("sigmas", d.headroom().sigmas());
        ObjectNode rules = o.putObject("rules");
        ArrayNode groups = rules.putArray("groups");
        for (DwmPolicy.ServerGroup g : d.rules().groups()) {
            ObjectNode go = groups.addObject();
            go.put("name", g.name());
            ArrayNode servers = go.putArray("servers");
            g.servers().stream().sorted().forEach(servers::add);
            go.put("anti", g.anti());
            go.put("strength", g.strength().label());
        }
        ArrayNode hostRules = rules.putArray("host-rules");
        for (DwmPolicy.HostRule r : d.rules().hostRules()) {
            ObjectNode ro = hostRules.addObject();
            ro.put("name", r.name());
            ro.put("server", r.server());
            ArrayNode hosts = ro.putArray("hosts");
            r.hosts().stream().sorted().forEach(hosts::add);
            ro.put("avoid", r.avoid());
            ro.put("strength", r.strength().label());
        }
        return o;
    }

    /** The stored document (written by {@link #write}); a damaged one falls back to nothing: it throws. */
    public static PoolPolicy parse(String json, String what) {
        Problems problems = new Problems();
        PoolPolicy p = read(Node.root(Documents.parseJson(json, what), problems), PoolPolicy.DEFAULT);
        problems.throwIfAny();
        return p;
    }

    /** Reads {@code n} onto {@code base}: every key optional, a missing one keeps the base's value. */
    public static PoolPolicy read(Node n, PoolPolicy base) {
        DwmPolicy d = base.dwm();
        if (!n.object("mode", "even-distribution", "power-save", "migration", "cooldown", "maintenance", "headroom",
                "rules")) {
            return base;
        }
        DwmMode mode = n.parse("mode", d.mode().label(), (v, f) -> Names.parse(DwmMode.class, v, f));
        DwmPolicy.EvenDistribution e = d.evenDistribution();
        Node ed = n.child("even-distribution");
        if (n.has("even-distribution") && ed.object("enabled", "threshold", "duration", "schedule")) {
            e = new DwmPolicy.EvenDistribution(bool(ed, "enabled", e.enabled()),
                    (int) ed.integer("threshold", e.threshold(), -1000, 1000), duration(ed, "duration", e.duration()),
                    ed.has("schedule") ? TimeWindows.schedule(ed) : e.schedule());
        }
        DwmPolicy.PowerSave p = d.powerSave();
        Node ps = n.child("power-save");
        if (n.has("power-save") && ps.object("enabled", "threshold", "duration", "reserve-hosts", "schedule")) {
            p = new DwmPolicy.PowerSave(bool(ps, "enabled", p.enabled()), (int) ps.integer("threshold", p.threshold(), -1000, 1000),
                    duration(ps, "duration", p.duration()),
                    (int) ps.integer("reserve-hosts", p.reserveHosts(), -1000, 100_000),
                    ps.has("schedule") ? TimeWindows.schedule(ps) : p.schedule());
        }
        DwmPolicy.MigrationLimits m = d.migration();
        PoolPolicy.Migration mo = base.migration();
        Node mg = n.child("migration");
        if (n.has("migration") && mg.object("per-host", "per-pool", "bandwidth-mbps", "max-downtime-ms", "timeout",
                "auto-converge")) {
            m = new DwmPolicy.MigrationLimits((int) mg.integer("per-host", m.perHost(), -1000, 100_000),
                    (int) mg.integer("per-pool", m.perPool(), -1000, 10_000_000),
                    mg.number("bandwidth-mbps", m.bandwidthMbps(), -1e6, 1e6));
            mo = new PoolPolicy.Migration(mg.integer("max-downtime-ms", mo.maxDowntimeMs(), -1_000_000, 1_000_000),
                    duration(mg, "timeout", mo.timeout()), bool(mg, "auto-converge", mo.autoConverge()));
        }
        DwmPolicy.Maintenance maintenance = d.maintenance();
        Node mt = n.child("maintenance");
        if (n.has("maintenance") && mt.object("action", "migrate-back")) {
            DwmPolicy.Maintenance.Action action = mt.parse("action", maintenance.action().label(),
                    (v, f) -> Names.parse(DwmPolicy.Maintenance.Action.class, v, f));
            maintenance = new DwmPolicy.Maintenance(action == null ? maintenance.action() : action,
                    bool(mt, "migrate-back", maintenance.migrateBack()));
        }
        DwmPolicy.Headroom headroom = d.headroom();
        Node hr = n.child("headroom");
        if (n.has("headroom") && hr.object("window", "sigmas")) {
            headroom = new DwmPolicy.Headroom(duration(hr, "window", headroom.window()),
                    hr.number("sigmas", headroom.sigmas(), -100, 100));
        }
        DwmPolicy.Rules rules = n.has("rules") ? rules(n.child("rules")) : d.rules();
        return new PoolPolicy(new DwmPolicy(mode == null ? d.mode() : mode, e, p, m, duration(n, "cooldown", d.cooldown()),
                maintenance, headroom, rules), mo);
    }

    private static Duration duration(Node n, String key, Duration fallback) {
        String text = n.text(key, "");
        if (text == null || text.isEmpty()) {
            return fallback;
        }
        try {
            return text.startsWith("P") || text.startsWith("p") ? Duration.parse(text) : Units.duration(text);
        } catch (RuntimeException e) { // unparsable, or too long for a Duration
            n.problem(key, text, "write an ISO-8601 duration such as PT5M or PT30S");
            return fallback;
        }
    }

    private static boolean bool(Node n, String key, boolean fallback) {
        if (!n.has(key)) {
            return fallback;
        }
        var v = n.json().get(key);
        if (!v.isBoolean()) {
            n.problem(key, v.toString(), "use true or false");
            return fallback;
        }
        return v.asBoolean();
    }

    private static ArrayNode schedule(List<TimeWindow> windows) {
        ArrayNode a = JSON.arrayNode();
        for (TimeWindow w : windows) {
            a.addObject().put("from", w.from().toString()).put("to", w.to().toString());
        }
        return a;
    }

    private static DwmPolicy.Rules rules(Node r) {
        if (!r.object("groups", "host-rules")) {
            return DwmPolicy.Rules.NONE;
        }
        List<DwmPolicy.ServerGroup> groups = new ArrayList<>();
        for (Node g : r.list("groups", false)) {
            if (g.object("name", "servers", "anti", "strength")) {
                groups.add(new DwmPolicy.ServerGroup(g.text("name", ""), new LinkedHashSet<>(g.texts("servers")),
                        bool(g, "anti", false), strength(g)));
            }
        }
        List<DwmPolicy.HostRule> hostRules = new ArrayList<>();
        for (Node h : r.list("host-rules", false)) {
            if (h.object("name", "server", "hosts", "avoid", "strength")) {
                hostRules.add(new DwmPolicy.HostRule(h.text("name", ""), h.text("server", ""),
                        new LinkedHashSet<>(h.texts("hosts")), bool(h, "avoid", false), strength(h)));
            }
        }
        return new DwmPolicy.Rules(groups, hostRules);
    }

    private static DwmPolicy.Strength strength(Node n) {
        DwmPolicy.Strength s = n.parse("strength", "must", (v, f) -> Names.parse(DwmPolicy.Strength.class, v, f));
        return s == null ? DwmPolicy.Strength.MUST : s;
    }
}
