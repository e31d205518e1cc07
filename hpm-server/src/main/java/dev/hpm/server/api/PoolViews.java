package dev.hpm.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hpm.codec.Documents;
import dev.hpm.core.dwm.PowerState;
import dev.hpm.core.loop.IntervalReport;
import dev.hpm.core.measure.VsMeasurement;
import dev.hpm.core.pool.PoolInventory.HostFacts;
import dev.hpm.server.pool.PolicyJson;
import dev.hpm.server.pool.PoolPolicy;
import dev.hpm.server.pool.PoolRuntime;
import dev.hpm.server.pool.PowerStates;
import dev.hpm.server.runtime.ManagedHost;
import dev.hpm.store.PlanRepository.ActionRecord;
import dev.hpm.store.PlanRepository.MigrationRecord;
import dev.hpm.store.PlanRepository.PlanRecord;
import dev.hpm.store.PoolRepository.HostState;
import dev.hpm.store.PoolRepository.PoolRecord;
import dev.hpm.store.PoolRepository.PowerSettings;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.hpm.server.api.Views.JSON;
import static dev.hpm.server.api.Views.time;

/** The JSON of server pools, plans, maintenance, power and migrations (docs/pool-api.md). */
final class PoolViews {
    private PoolViews() {
    }

    /** A pool with its hosts' figures now. */
    static ObjectNode pool(PoolRecord p, PoolPolicy policy, PoolRuntime runtime, List<ManagedHost> hosts,
                           Map<String, HostState> states) {
        ObjectNode o = JSON.objectNode();
        o.put("id", p.id());
        o.put("name", p.name());
        o.put("description", p.description());
        ArrayNode list = o.putArray("hypervisors");
        Map<String, HostFacts> facts = new HashMap<>();
        if (runtime != null) {
            runtime.hardware().hosts().forEach(f -> facts.put(f.id(), f));
        }
        Map<String, IntervalReport> reports = runtime == null ? Map.of() : runtime.reports();
        double watts = 0;
        int powered = 0;
        for (String id : p.hypervisors()) {
            ManagedHost h = hosts.stream().filter(m -> m.id().equals(id)).findFirst().orElse(null);
            HostFacts f = facts.get(id);
            HostState s = states.getOrDefault(id, null);
            ObjectNode host = host(id, h == null ? id : h.name(), f, reports.get(id), s, runtime);
            list.add(host);
            watts += host.get("watts").asDouble();
            powered += f != null && (f.power().isOn() || f.power() == PowerState.BOOTING) ? 1 : 0;
        }
        o.set("dwm-policy", PolicyJson.write(policy));
        o.put("mode", policy.dwm().mode().label());
        String pending = runtime == null ? null : runtime.pending().orElse(null);
        if (pending == null) {
            o.putNull("pending-plan");
        } else {
            o.put("pending-plan", pending);
        }
        o.put("migrations-in-flight", runtime == null ? 0 : runtime.migrationsInFlight());
        o.put("watts", Math.round(watts * 10) / 10.0);
        o.put("powered-hosts", powered);
        time(o, "created", p.created());
        time(o, "updated", p.updated());
        return o;
    }

    /** HOSTSUMMARY. */
    static ObjectNode host(String id, String name, HostFacts f, IntervalReport r, HostState s, PoolRuntime runtime) {
        ObjectNode o = JSON.objectNode();
        o.put("id", id);
        o.put("name", name);
        PowerState power = f == null ? PowerState.ON : f.power();
        o.put("power-state", PowerStates.toStore(power).label());
        o.put("maintenance", s == null ? "none" : s.maintenance().label());
        var m = r == null ? null : r.measurement();
        double u = m == null || Double.isNaN(m.cpuUtilisation()) ? 0 : m.cpuUtilisation();
        o.put("cpu-utilisation", Math.round(u * 10_000) / 10_000.0);
        o.put("cpus", f != null ? f.cpus() : m == null ? 0 : m.cpus());
        o.put("memory-mb", f == null ? 0 : f.memoryMb());
        o.put("watts", Math.round(watts(f, u) * 10) / 10.0);
        ArrayNode servers = o.putArray("virtual-servers");
        long used = 0;
        if (m != null && power.isOn()) {
            for (VsMeasurement v : m.servers()) {
                long mem = runtime == null ? 0 : runtime.hardware().serverMemoryMb(v.name());
                used += mem;
                ObjectNode vs = servers.addObject();
                vs.put("id", v.uuid());
                vs.put("name", v.name());
                vs.put("cpu", Double.isNaN(v.usingCpus()) ? 0 : Math.round(v.usingCpus() * 1000) / 1000.0);
                vs.put("memory-mb", mem);
            }
        }
        o.put("memory-used-mb", used);
        return o;
    }

    /** What a host draws now: its power model at its utilisation when on, idle watts while switching, none when off. */
    static double watts(HostFacts f, double u) {
        if (f == null) {
            return 0;
        }
        return switch (f.power()) {
            case ON -> f.powerModel().watts(u);
            case BOOTING, SHUTTING_DOWN -> f.powerModel().idleWatts();
            case OFF, FAILED -> 0;
        };
    }

    static ObjectNode plan(PlanRecord p) {
        ObjectNode o = JSON.objectNode();
        o.put("id", p.id());
        o.put("pool", p.pool());
        time(o, "created", p.created());
        time(o, "updated", p.updated());
        o.put("status", p.status().label());
        o.put("goal", p.goal());
        o.put("summary", p.summary());
        ArrayNode actions = o.putArray("actions");
        for (ActionRecord a : p.actions()) {
            ObjectNode ao = actions.addObject();
            ao.put("index", a.index());
            ao.put("kind", a.kind().label());
            if (a.serverName() == null) {
                ao.putNull("virtual-server");
            } else {
                ao.putObject("virtual-server").put("id", a.serverId()).put("name", a.serverName());
            }
            text(ao, "from", a.from());
            text(ao, "to", a.to());
            text(ao, "host", a.host());
            ao.put("reason", a.reason());
            ao.put("state", a.state().label());
            ao.put("progress", Math.round(a.progress() * 1000) / 1000.0);
            ao.put("detail", a.detail());
            time(ao, "started", a.started());
            time(ao, "ended", a.ended());
        }
        o.set("projected", document(p.projected()));
        o.set("achieved", p.achieved() == null ? JSON.nullNode() : document(p.achieved()));
        o.set("before", document(p.before()));
        return o;
    }

    static ObjectNode migration(MigrationRecord m) {
        ObjectNode o = JSON.objectNode();
        o.put("id", m.id());
        o.putObject("virtual-server").put("id", m.serverId()).put("name", m.serverName());
        o.put("from", m.from());
        o.put("to", m.to());
        text(o, "pool", m.pool());
        text(o, "plan", m.plan());
        time(o, "started", m.started());
        time(o, "ended", m.ended());
        o.put("state", m.state().label());
        o.put("progress", Math.round(m.progress() * 1000) / 1000.0);
        o.put("memory-mb", m.memoryMb());
        if (m.downtimeMs() == null) {
            o.putNull("downtime-ms");
        } else {
            o.put("downtime-ms", m.downtimeMs());
        }
        o.put("detail", m.detail());
        return o;
    }

    /** The power settings without the password: only whether one is set. */
    static ObjectNode powerSettings(PowerSettings s) {
        ObjectNode o = JSON.objectNode();
        o.put("driver", s.driver().label());
        text(o, "address", s.address());
        o.put("port", s.port());
        text(o, "username", s.username());
        o.put("password-set", s.passwordSet());
        text(o, "mac", s.mac());
        o.put("power-on-timeout", s.powerOnTimeout().toString());
        o.put("idle-watts", s.idleWatts());
        o.put("max-watts", s.maxWatts());
        return o;
    }

    static void text(ObjectNode o, String key, String value) {
        if (value == null) {
            o.putNull(key);
        } else {
            o.put(key, value);
        }
    }

    private static JsonNode document(String json) {
        return Documents.parseJson(json, "a stored efficacy");
    }
}
