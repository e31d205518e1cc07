package dev.hpm.sim.pool;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hpm.codec.Node;
import dev.hpm.codec.TimeWindows;
import dev.hpm.core.dwm.DwmMode;
import dev.hpm.core.dwm.DwmPolicy;
import dev.hpm.core.model.Names;
import dev.hpm.core.model.Problems;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;

/**
 * Reads a scenario's {@code dwm} section into a {@link DwmPolicy}; every key is optional and
 * falls back to {@link DwmPolicy#DEFAULT}. Problems of form and of meaning (a threshold of 120 %,
 * a must rule naming an unknown host) are reported together, with their fields:
 * <pre>
 * dwm:
 *   mode: automatic                       # off | recommend | automatic
 *   even-distribution: {enabled: true, threshold: 80, duration: 5m, schedule: [{from: "08:00", to: "20:00"}]}
 *   power-save: {enabled: true, threshold: 70, duration: 5m, reserve-hosts: 1, schedule: []}
 *   migration: {per-host: 4, per-pool: 256, bandwidth: 62.5}     # bandwidth in MB/s
 *   cooldown: 30m
 *   maintenance: {action: migrate, migrate-back: true}            # or shutdown
 *   headroom: {window: 1h, sigmas: 1}
 *   rules:
 *     groups: [{name: web, servers: [a, b], anti: true, strength: must}]
 *     host-rules: [{name: pin, server: a, hosts: [host-1], avoid: false, strength: should}]
 * </pre>
 */
public final class DwmPolicyReader {
    private DwmPolicyReader() {
    }

    /** The policy of {@code dwm} (null: the defaults) for a pool of {@code hosts}; throws naming every problem. */
    public static DwmPolicy read(JsonNode dwm, Collection<String> hosts) {
        Problems problems = new Problems();
        DwmPolicy policy = dwm == null ? DwmPolicy.DEFAULT : read(Node.root(dwm, problems).with(dwm, "dwm"));
        if (problems.isEmpty()) {
            policy.problems(hosts).list().forEach(p -> problems.add("dwm." + p.field(), p.value(), p.fix()));
        }
        problems.throwIfAny();
        return policy;
    }

    private static DwmPolicy read(Node n) {
        DwmPolicy d = DwmPolicy.DEFAULT;
        if (!n.object("mode", "even-distribution", "power-save", "migration", "cooldown", "maintenance", "headroom",
                "rules")) {
            return d;
        }
        DwmMode mode = n.parse("mode", d.mode().label(), (v, f) -> Names.parse(DwmMode.class, v, f));
        Node ed = n.child("even-distribution");
        DwmPolicy.EvenDistribution e = d.evenDistribution();
        if (n.has("even-distribution") && ed.object("enabled", "threshold", "duration", "schedule")) {
            e = new DwmPolicy.EvenDistribution(bool(ed, "enabled", e.enabled()),
                    (int) ed.integer("threshold", e.threshold(), 0, 1000), ed.duration("duration", e.duration()),
                    TimeWindows.schedule(ed));
        }
        Node ps = n.child("power-save");
        DwmPolicy.PowerSave p = d.powerSave();
        if (n.has("power-save") && ps.object("enabled", "threshold", "duration", "reserve-hosts", "schedule")) {
            p = new DwmPolicy.PowerSave(bool(ps, "enabled", p.enabled()), (int) ps.integer("threshold", p.threshold(), 0, 1000),
                    ps.duration("duration", p.duration()), (int) ps.integer("reserve-hosts", p.reserveHosts(), -1000, 100_000),
                    TimeWindows.schedule(ps));
        }
        Node mg = n.child("migration");
        DwmPolicy.MigrationLimits m = d.migration();
        if (n.has("migration") && mg.object("per-host", "per-pool", "bandwidth")) {
            m = new DwmPolicy.MigrationLimits((int) mg.integer("per-host", m.perHost(), 0, 100_000),
                    (int) mg.integer("per-pool", m.perPool(), 0, 10_000_000), mg.number("bandwidth", m.bandwidthMbps(), 0, 1e6));
        }
        Node mt = n.child("maintenance");
        DwmPolicy.Maintenance maintenance = d.maintenance();
        if (n.has("maintenance") && mt.object("action", "migrate-back")) {
            maintenance = new DwmPolicy.Maintenance(mt.parse("action", maintenance.action().label(),
                    (v, f) -> Names.parse(DwmPolicy.Maintenance.Action.class, v, f)), bool(mt, "migrate-back", maintenance.migrateBack()));
        }
        Node hr = n.child("headroom");
        DwmPolicy.Headroom headroom = d.headroom();
        if (n.has("headroom") && hr.object("window", "sigmas")) {
            headroom = new DwmPolicy.Headroom(hr.duration("window", headroom.window()), hr.number("sigmas", headroom.sigmas(), -100, 100));
        }
        return new DwmPolicy(mode == null ? d.mode() : mode, e, p, m, n.duration("cooldown", d.cooldown()),
                maintenance == null || maintenance.action() == null ? d.maintenance() : maintenance, headroom, rules(n));
    }

    private static boolean bool(Node n, String key, boolean fallback) {
        String text = n.text(key, String.valueOf(fallback));
        if (!text.equals("true") && !text.equals("false")) {
            n.problem(key, text, "use true or false");
            return fallback;
        }
        return Boolean.parseBoolean(text);
    }

    private static DwmPolicy.Rules rules(Node n) {
        if (!n.has("rules")) {
            return DwmPolicy.Rules.NONE;
        }
        Node r = n.child("rules");
        if (!r.object("groups", "host-rules")) {
            return DwmPolicy.Rules.NONE;
        }
        List<DwmPolicy.ServerGroup> groups = new ArrayList<>();
        for (Node g : r.list("groups", false)) {
            if (g.object("name", "servers", "anti", "strength")) {
                groups.add(new DwmPolicy.ServerGroup(g.text("name", ""), new HashSet<>(g.texts("servers")),
                        bool(g, "anti", false), strength(g)));
            }
        }
        List<DwmPolicy.HostRule> hostRules = new ArrayList<>();
        for (Node h : r.list("host-rules", false)) {
            if (h.object("name", "server", "hosts", "avoid", "strength")) {
                hostRules.add(new DwmPolicy.HostRule(h.text("name", ""), h.text("server", ""), new HashSet<>(h.texts("hosts")),
                        bool(h, "avoid", false), strength(h)));
            }
        }
        return new DwmPolicy.Rules(groups, hostRules);
    }

    private static DwmPolicy.Strength strength(Node n) {
        DwmPolicy.Strength s = n.parse("strength", "must", (v, f) -> Names.parse(DwmPolicy.Strength.class, v, f));
        return s == null ? DwmPolicy.Strength.MUST : s;
    }
}
