package dev.hpm.server.api;

import static dev.hpm.codec.ReportCodec.number;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hpm.core.model.WorkloadResourceGroup;
import dev.hpm.store.DefinitionRepository.GroupRecord;
import dev.hpm.store.HistoryRepository;
import dev.hpm.store.HistoryRepository.ClassPoint;
import dev.hpm.store.HistoryRepository.GroupPoint;
import dev.hpm.store.HistoryRepository.RawServerPoint;
import dev.hpm.store.InventoryRepository.ServerRecord;
import io.javalin.http.Context;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /metrics/raw|calculated/...}: history over a time range, every interval or combined into
 * buckets ({@code step}). Raw series are counters as collected; calculated series are velocity,
 * PI and CPU as HPM computed them.
 */
public final class MetricsController {
    /** Raw server samples one response may carry. */
    static final long MAX_RAW_SAMPLES = 500_000;
    private final ApiContext api;

    public MetricsController(ApiContext api) {
        this.api = api;
    }

    private Requests.Range range(Context ctx) {
        return Requests.range(ctx, api.time().now(), Duration.ofHours(1));
    }

    public void rawHypervisor(Context ctx) {
        Requests.Range r = range(ctx);
        Map<String, ArrayNode> series = new LinkedHashMap<>();
        for (HistoryRepository.RawHostPoint p : api.store().history().rawHosts(AdjustmentsController.blankToNull(
                ctx.queryParam("host")), r.from(), r.to())) {
            ObjectNode s = series.computeIfAbsent(p.host(), h -> Views.JSON.arrayNode()).addObject();
            s.put("time", p.at().toString());
            s.put("kernel-nanos", p.kernelNanos());
            s.put("user-nanos", p.userNanos());
            s.put("idle-nanos", p.idleNanos());
            s.put("iowait-nanos", p.iowaitNanos());
        }
        ctx.json(Views.JSON.objectNode().set("hypervisors", bySeries(series)));
    }

    public void calculatedHypervisor(Context ctx) {
        Requests.Range r = range(ctx);
        Map<String, ArrayNode> series = new LinkedHashMap<>();
        for (HistoryRepository.HostPoint p : api.store().history().hosts(AdjustmentsController.blankToNull(
                ctx.queryParam("host")), r.from(), r.to(), r.step())) {
            ObjectNode s = series.computeIfAbsent(p.host(), h -> Views.JSON.arrayNode()).addObject();
            s.put("time", p.at().toString());
            s.put("connected", p.connected());
            s.put("cpus", p.cpus());
            number(s, "cpu-utilisation", p.cpuUtilisation(), 4);
            number(s, "velocity", p.velocity(), 1);
            number(s, "using-cpus", p.usingCpus(), 3);
            number(s, "delay-cpus", p.delayCpus(), 3);
            s.put("virtual-server-count", p.servers());
        }
        ctx.json(Views.JSON.objectNode().set("hypervisors", bySeries(series)));
    }

    private static ArrayNode bySeries(Map<String, ArrayNode> series) {
        ArrayNode list = Views.JSON.arrayNode();
        series.forEach((id, samples) -> {
            ObjectNode o = list.addObject();
            o.put("id", id);
            o.set("samples", samples);
        });
        return list;
    }

    public void rawGroups(Context ctx) {
        raw(ctx, groups(null));
    }

    public void rawDefault(Context ctx) {
        raw(ctx, groups(WorkloadResourceGroup.DEFAULT_NAME));
    }

    public void rawGroup(Context ctx) {
        raw(ctx, groups(ctx.pathParam("id")));
    }

    public void calculatedGroups(Context ctx) {
        calculated(ctx, groups(null));
    }

    public void calculatedDefault(Context ctx) {
        calculated(ctx, groups(WorkloadResourceGroup.DEFAULT_NAME));
    }

    public void calculatedGroup(Context ctx) {
        calculated(ctx, groups(ctx.pathParam("id")));
    }

    private List<GroupRecord> groups(String id) {
        if (id == null) {
            return api.store().definitions().groups();
        }
        return List.of(api.store().definitions().group(id)
                .orElseThrow(() -> ApiException.notFound("no workload resource group with id or name \"" + id + "\"")));
    }

    private void raw(Context ctx, List<GroupRecord> groups) {
        Requests.Range r = range(ctx);
        Map<String, List<ServerRecord>> members = new HashMap<>();
        int count = 0;
        for (ServerRecord s : api.state().servers().values()) {
            String group = api.classOf(s).key().group();
            if (groups.stream().anyMatch(g -> g.group().name().equals(group))) {
                members.computeIfAbsent(group, g -> new ArrayList<>()).add(s);
                count++;
            }
        }
        long expected = count * Math.max(1, Duration.between(r.from(), r.to()).dividedBy(api.service().interval()));
        if (expected > MAX_RAW_SAMPLES) {
            throw Requests.invalidParameter("from", ctx.queryParam("from"), "about " + expected
                    + " raw samples; narrow the range or ask for one group (at most " + MAX_RAW_SAMPLES + ")");
        }
        Map<String, List<RawServerPoint>> byServer = new HashMap<>();
        for (RawServerPoint p : api.store().history().rawServers(count == 1 ? members.values().iterator().next()
                .getFirst().uuid() : null, r.from(), r.to())) {
            byServer.computeIfAbsent(p.uuid(), u -> new ArrayList<>()).add(p);
        }
        ArrayNode list = Views.JSON.arrayNode();
        for (GroupRecord g : groups) {
            ObjectNode go = list.addObject();
            go.put("id", g.id());
            go.put("name", g.group().name());
            ArrayNode servers = go.putArray("virtual-servers");
            for (ServerRecord s : members.getOrDefault(g.group().name(), List.of())) {
                ObjectNode so = servers.addObject();
                so.put("id", s.uuid());
                so.put("name", s.name());
                ArrayNode samples = so.putArray("samples");
                for (RawServerPoint p : byServer.getOrDefault(s.uuid(), List.of())) {
                    ObjectNode o = samples.addObject();
                    o.put("time", p.at().toString());
                    o.put("host", p.host());
                    counter(o, "cpu-time-nanos", p.cpuTimeNanos());
                    counter(o, "vcpu-time-nanos", p.vcpuTimeNanos());
                    counter(o, "vcpu-delay-nanos", p.vcpuDelayNanos());
                    counter(o, "balloon-current-kib", p.balloonCurrentKiB());
                    counter(o, "balloon-rss-kib", p.balloonRssKiB());
                    counter(o, "net-rx-bytes", p.netRxBytes());
                    counter(o, "net-tx-bytes", p.netTxBytes());
                    counter(o, "block-read-bytes", p.blockReadBytes());
                    counter(o, "block-write-bytes", p.blockWriteBytes());
                }
            }
        }
        ctx.json(Views.JSON.objectNode().set("workload-resource-groups", list));
    }

    private void calculated(Context ctx, List<GroupRecord> groups) {
        Requests.Range r = range(ctx);
        String only = groups.size() == 1 ? groups.getFirst().group().name() : null;
        Map<String, List<GroupPoint>> byGroup = new HashMap<>();
        for (GroupPoint p : api.store().history().groups(only, r.from(), r.to(), r.step())) {
            byGroup.computeIfAbsent(p.group(), g -> new ArrayList<>()).add(p);
        }
        Map<String, Map<String, List<ClassPoint>>> byClass = new HashMap<>();
        for (ClassPoint p : api.store().history().classes(only, r.from(), r.to(), r.step(), true)) {
            byClass.computeIfAbsent(p.group(), g -> new LinkedHashMap<>())
                    .computeIfAbsent(p.serviceClass(), c -> new ArrayList<>()).add(p);
        }
        ArrayNode list = Views.JSON.arrayNode();
        for (GroupRecord g : groups) {
            ObjectNode go = list.addObject();
            go.put("id", g.id());
            go.put("name", g.group().name());
            go.put("importance", g.group().importance().label());
            ArrayNode samples = go.putArray("samples");
            for (GroupPoint p : byGroup.getOrDefault(g.group().name(), List.of())) {
                ObjectNode o = samples.addObject();
                o.put("time", p.at().toString());
                number(o, "velocity", p.velocity(), 1);
                number(o, "worst-pi", p.worstPi(), 3);
                number(o, "using-cpus", p.usingCpus(), 3);
                number(o, "delay-cpus", p.delayCpus(), 3);
                o.put("virtual-server-count", p.servers());
            }
            ArrayNode classes = go.putArray("service-classes");
            byClass.getOrDefault(g.group().name(), Map.of()).forEach((name, points) -> {
                ObjectNode co = classes.addObject();
                ClassPoint first = points.getFirst();
                co.put("name", name);
                g.group().policy().serviceClass(name).ifPresent(c -> co.put("goal", c.goal().label()));
                co.put("goal-velocity", first.goalVelocity());
                co.put("importance", first.importance());
                ArrayNode cs = co.putArray("samples");
                for (ClassPoint p : points) {
                    ObjectNode o = cs.addObject();
                    o.put("time", p.at().toString());
                    number(o, "velocity", p.velocity(), 1);
                    number(o, "pi", p.pi(), 3);
                    number(o, "worst-pi", p.worstServerPi(), 3);
                    number(o, "using-cpus", p.usingCpus(), 3);
                    number(o, "delay-cpus", p.delayCpus(), 3);
                    o.put("virtual-server-count", p.servers());
                    if (p.responseTimeGoal() != null) {
                        o.put("completions", p.completions());
                        number(o, "average-millis", p.averageMillis(), 1);
                    }
                }
            });
        }
        ctx.json(Views.JSON.objectNode().set("workload-resource-groups", list));
    }

    /** A counter, or null where it was not collected. */
    private static void counter(ObjectNode o, String key, long value) {
        if (value < 0) {
            o.putNull(key);
        } else {
            o.put(key, value);
        }
    }

    public void calculatedServer(Context ctx) {
        ServerRecord s = api.server(ctx.pathParam("id"));
        Requests.Range r = range(ctx);
        ObjectNode o = Views.JSON.objectNode();
        o.put("id", s.uuid());
        o.put("name", s.name());
        ArrayNode samples = o.putArray("samples");
        for (HistoryRepository.ServerPoint p : api.store().history().servers(s.uuid(), r.from(), r.to(), r.step())) {
            ObjectNode so = samples.addObject();
            so.put("time", p.at().toString());
            so.put("host", p.host());
            number(so, "velocity", p.velocity(), 1);
            number(so, "pi", p.pi(), 3);
            number(so, "using-cpus", p.usingCpus(), 3);
            number(so, "delay-cpus", p.delayCpus(), 3);
            number(so, "cpu-cpus", p.cpuCpus(), 3);
            so.put("cpu-shares", p.shares());
            number(so, "cap-cpus", p.capCpus(), 3);
        }
        ctx.json(o);
    }
}
