package dev.hpm.sim.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hpm.codec.DefinitionCodec;
import dev.hpm.codec.Documents;
import dev.hpm.codec.Node;
import dev.hpm.codec.PolicyCodec;
import dev.hpm.core.dwm.PowerModel;
import dev.hpm.core.model.Classifier;
import dev.hpm.core.model.Problems;
import dev.hpm.core.model.ServiceDefinition;
import dev.hpm.core.model.VelocityMapping;
import dev.hpm.core.model.VirtualServerInfo;
import dev.hpm.core.model.WorkloadResourceGroup;
import dev.hpm.sim.demand.Traces;
import dev.hpm.sim.pool.MigrationModel;
import dev.hpm.sim.pool.PoolEvents;
import dev.hpm.sim.pool.PoolRules;
import dev.hpm.sim.pool.SimPool;
import dev.hpm.sim.pool.ThrMmtPlanner;
import dev.hpm.sim.pool.TraceDemand;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Reads a pool scenario (a scenario file with a {@code pool} section; format in
 * {@code scenarios/README.md}). Every problem is reported at once, each naming its key path, the
 * value and the fix, as {@link ScenarioLoader} does.
 */
public final class PoolScenarioLoader {
    private static final String[] ROOT_KEYS = {"name", "description", "duration", "interval", "first-decision", "seed",
            "pool", "velocity-mapping", "hosts", "groups", "servers", "events", "dwm"};

    private PoolScenarioLoader() {
    }

    /** True if {@code file} is a pool scenario (has a {@code pool} section). */
    public static boolean isPoolScenario(Path file) {
        try {
            JsonNode tree = Documents.readYaml(file);
            return tree != null && tree.has("pool");
        } catch (Documents.DocumentException e) {
            return false;
        }
    }

    /** Loads {@code file}; with {@code traces} non-null every trace directory is replaced by it. */
    public static PoolScenario load(Path file, Path traces) {
        JsonNode tree;
        try {
            tree = Documents.readYaml(file);
        } catch (Documents.DocumentException e) {
            throw new ScenarioException(e.getMessage());
        }
        Problems problems = new Problems();
        PoolScenario s = new PoolScenarioLoader.Reader(file.toAbsolutePath().getParent(), traces)
                .read(Node.root(tree, problems), file);
        if (!problems.isEmpty()) {
            throw new ScenarioException(file.toString(), problems.list());
        }
        return s;
    }

    private static final class Reader {
        private final Path base;
        private final Path traces;
        private Path traceDirectory;

        Reader(Path base, Path traces) {
            this.base = base;
            this.traces = traces;
        }

        PoolScenario read(Node root, Path file) {
            if (!root.object(ROOT_KEYS)) {
                return null;
            }
            String name = root.text("name", file.getFileName().toString().replaceFirst("\\.ya?ml$", ""));
            String description = root.text("description", "");
            Duration duration = root.duration("duration", null);
            Duration interval = root.duration("interval", Duration.ofMinutes(5));
            Duration first = root.duration("first-decision", interval);
            long seed = root.integer("seed", 1, Long.MIN_VALUE + 1, Long.MAX_VALUE);
            if (duration != null && interval != null && interval.toSeconds() < 1) {
                root.problem("interval", interval, "must be at least 1s");
            }
            if (duration != null && first != null && first.compareTo(duration) > 0) {
                root.problem("first-decision", first, "must not be after the end (duration " + duration + ")");
            }
            Node pool = root.child("pool");
            pool.object("rules", "placement", "policies", "thr-mmt", "migration", "max-migrations-per-host",
                    "max-migrations-per-pool", "boot-delay", "shutdown-delay");
            PoolRules rules = rules(pool);
            PoolScenario.Placement placement = placement(pool);
            List<String> policies = pool.has("policies") ? pool.texts("policies") : List.of("none", "thr-mmt");
            double threshold = pool.has("thr-mmt") ? threshold(pool.child("thr-mmt")) : ThrMmtPlanner.DEFAULT_THRESHOLD;
            VelocityMapping mapping = root.has("velocity-mapping")
                    ? PolicyCodec.readMapping(root.child("velocity-mapping")) : VelocityMapping.DEFAULT;
            List<SimPool.HostSpec> hosts = PoolHostReader.read(root);
            Map<String, Node> groupNodes = new LinkedHashMap<>();
            for (Node g : root.list("groups", false)) {
                String groupName = g.text("name", null);
                if (groupName != null && groupNodes.putIfAbsent(groupName, g) != null) {
                    g.problem("name", groupName, "another group has this name; choose another");
                }
            }
            Map<String, List<String>> members = new HashMap<>();
            List<Pending> pending = servers(root, name, hosts, placement, groupNodes.keySet(), members);
            List<WorkloadResourceGroup> groups = new ArrayList<>();
            groupNodes.forEach((groupName, g) -> {
                WorkloadResourceGroup group = DefinitionCodec.readGroup(g, groupName,
                        Set.copyOf(members.getOrDefault(groupName, List.of())), false);
                if (group != null) {
                    groups.add(group);
                }
            });
            ServiceDefinition definition = root.build(() -> new ServiceDefinition(mapping, groups));
            List<PoolEvents.Event> events = events(root, hosts);
            if (!root.problems().isEmpty()) {
                return null;
            }
            Classifier classifier = new Classifier(definition);
            List<PoolScenario.Server> servers = pending.stream().map(p -> new PoolScenario.Server(p.name, p.uuid, p.host,
                    p.vcpus, p.maxCpu, p.memoryMb, p.demand, classifier.classify(
                    new VirtualServerInfo(p.uuid, p.name, null, Set.of(), "linux")))).toList();
            return new PoolScenario(name, description, duration, interval, first, seed, rules, placement, policies,
                    threshold, definition, hosts, servers, events, root.json().get("dwm"), traceDirectory);
        }

        private static PoolRules rules(Node pool) {
            String kind = pool.text("rules", "hpm");
            PoolRules r = switch (kind) {
                case "cloudsim" -> PoolRules.cloudSim();
                case "hpm" -> PoolRules.hpm();
                default -> {
                    pool.problem("rules", kind, "use cloudsim (CloudSim 3.0.3's rules, for the study) or hpm");
                    yield PoolRules.hpm();
                }
            };
            MigrationModel m = r.migration();
            if (pool.has("migration")) {
                Node n = pool.child("migration");
                n.object("bandwidth-mb-per-s", "dirty-rate-mb-per-s", "max-rounds", "stop-copy-mb", "degradation",
                        "target-share");
                m = new MigrationModel(n.number("bandwidth-mb-per-s", m.bandwidthMbPerS(), 0.001, 1e6),
                        n.number("dirty-rate-mb-per-s", m.dirtyMbPerS(), 0, 1e6),
                        (int) n.integer("max-rounds", m.maxRounds(), 1, 1000), n.number("stop-copy-mb", m.stopCopyMb(), 0, 1e6),
                        n.number("degradation", m.degradation(), 0, 1), n.number("target-share", m.targetShare(), 0, 1));
            }
            return new PoolRules(r.allocation(), r.emptyHostDrawsNothing(), r.zeroDemandLeaves(), r.memoryConstrains(),
                    r.floorPerUnit(), m, (int) pool.integer("max-migrations-per-host", r.maxMigrationsPerHost(), 0, 1000),
                    (int) pool.integer("max-migrations-per-pool", r.maxMigrationsPerPool(), 0, 100_000),
                    pool.duration("boot-delay", r.bootDelay()), pool.duration("shutdown-delay", r.shutdownDelay()),
                    r.idleWattsWhileBooting(), r.overlappingMigrations());
        }

        private static PoolScenario.Placement placement(Node pool) {
            String p = pool.text("placement", "as-written");
            return switch (p) {
                case "cloudsim-pabfd" -> PoolScenario.Placement.CLOUDSIM_PABFD;
                case "as-written" -> PoolScenario.Placement.AS_WRITTEN;
                default -> {
                    pool.problem("placement", p, "use cloudsim-pabfd (CloudSim's start) or as-written (each server's host)");
                    yield PoolScenario.Placement.AS_WRITTEN;
                }
            };
        }

        private static double threshold(Node n) {
            n.object("threshold");
            return n.number("threshold", ThrMmtPlanner.DEFAULT_THRESHOLD, 0.01, 1);
        }

        /** A server read but not yet classified. */
        private record Pending(String name, String uuid, int host, int vcpus, double maxCpu, long memoryMb,
                               java.util.function.LongFunction<java.util.function.LongToDoubleFunction> demand) {
        }

        private List<Pending> servers(Node root, String scenario, List<SimPool.HostSpec> hosts,
                                      PoolScenario.Placement placement, Set<String> groups,
                                      Map<String, List<String>> members) {
            List<Pending> out = new ArrayList<>();
            Map<String, Integer> hostIndex = new HashMap<>();
            for (int i = 0; i < hosts.size(); i++) {
                hostIndex.put(hosts.get(i).id(), i);
            }
            Set<String> names = new java.util.HashSet<>();
            DemandReader demands = new DemandReader(base);
            for (Node s : root.list("servers", true)) {
                s.object("name", "name-prefix", "count", "traces", "sample-period", "types", "host", "hosts", "group",
                        "groups", "vcpus", "max-cpu", "memory", "demand");
                List<Path> files = s.has("traces") ? traceFiles(s) : null;
                int count = files != null ? files.size() : s.has("name-prefix") ? (int) s.integer("count", Long.MIN_VALUE, 1, 1_000_000) : 1;
                if (files != null && s.has("count")) {
                    s.problem("count", s.text("count", ""), "a traces set has one server per trace file; remove count");
                }
                if (files == null && !s.has("demand")) {
                    s.problem("demand", null, "this key is required (or traces: DIR): how much CPU the servers want");
                }
                if (!s.has("name") && !s.has("name-prefix")) {
                    s.problem("name", null, "give name (one server) or name-prefix (a set)");
                }
                List<String> serverGroups = s.has("groups") ? s.texts("groups") : List.of(s.text("group", WorkloadResourceGroup.DEFAULT_NAME));
                for (int i = 0; i < serverGroups.size(); i++) {
                    String g = serverGroups.get(i);
                    if (!g.equals(WorkloadResourceGroup.DEFAULT_NAME) && !groups.contains(g)) {
                        s.problem(s.has("groups") ? "groups[" + i + "]" : "group", g, "no such group; define it under groups or use one of " + groups);
                    }
                }
                List<Node> types = s.list("types", false);
                int vcpus = (int) s.integer("vcpus", 1, 1, 512);
                double maxCpu = s.number("max-cpu", vcpus, 0.001, 4096);
                long memory = s.kib("memory", 1L << 20) / 1024;
                long period = s.duration("sample-period", Duration.ofMinutes(5)).toNanos();
                List<Integer> placed = placement == PoolScenario.Placement.AS_WRITTEN ? hostsFor(s, hostIndex) : List.of(-1);
                int block = types.isEmpty() ? 1 : (count + types.size() - 1) / types.size();
                for (Node t : types) {
                    t.object("max-cpu", "memory");
                }
                for (int k = 0; k < count; k++) {
                    String name = s.has("name") ? s.text("name", "") : s.text("name-prefix", "") + k;
                    if (!names.add(name)) {
                        s.problem("name", name, "another server has this name; choose another");
                    }
                    double cpu = maxCpu;
                    long mem = memory;
                    if (!types.isEmpty()) {
                        Node t = types.get(k / block);
                        cpu = t.number("max-cpu", Double.NaN, 0.001, 4096);
                        mem = t.kib("memory", 1L << 20) / 1024;
                    }
                    java.util.function.LongFunction<java.util.function.LongToDoubleFunction> demand;
                    if (files != null) {
                        double[] percent = readTrace(s, files.get(k));
                        double c = cpu;
                        demand = seed -> new TraceDemand(percent, period, c);
                    } else {
                        DemandSpec spec = s.has("demand") ? demands.read(s.child("demand"), vcpus, k) : null;
                        demand = spec == null ? null : seed -> spec.create(seed)::cpus;
                    }
                    if (demand == null || placed.isEmpty()) {
                        continue;
                    }
                    String uuid = UUID.nameUUIDFromBytes(("hpm-sim/" + scenario + "/" + name).getBytes(StandardCharsets.UTF_8)).toString();
                    String group = serverGroups.get(k % serverGroups.size());
                    if (!group.equals(WorkloadResourceGroup.DEFAULT_NAME)) {
                        members.computeIfAbsent(group, g -> new ArrayList<>()).add(uuid);
                    }
                    out.add(new Pending(name, uuid, placed.get(k % placed.size()), vcpus, cpu, mem, demand));
                }
            }
            return out;
        }

        private List<Path> traceFiles(Node s) {
            Path dir = traces != null ? traces : base.resolve(s.text("traces", "")).normalize();
            if (!Files.isDirectory(dir)) {
                s.problem("traces", dir.toString(), traces != null ? "no such directory (given with --traces)"
                        : "no such directory (relative paths start at the scenario file's folder)");
                return List.of();
            }
            List<Path> files = Traces.list(dir);
            if (files.isEmpty()) {
                s.problem("traces", dir.toString(), "holds no trace files");
            }
            traceDirectory = dir;
            return files;
        }

        private static double[] readTrace(Node s, Path file) {
            try {
                return Traces.readPlanetLab(file);
            } catch (RuntimeException e) {
                s.problem("traces", file.toString(), e.getMessage());
                return new double[]{0};
            }
        }

        private static List<Integer> hostsFor(Node s, Map<String, Integer> hostIndex) {
            List<String> wanted = s.has("host") ? List.of(s.text("host", "")) : s.texts("hosts");
            if (wanted.isEmpty()) {
                s.problem("host", null, "with placement as-written every server needs host: NAME or hosts: [NAME, …]");
                return List.of();
            }
            List<Integer> out = new ArrayList<>();
            for (String h : wanted) {
                Integer i = hostIndex.get(h);
                if (i == null) {
                    s.problem(s.has("host") ? "host" : "hosts", h, "no such host; hosts are named by the hosts section");
                } else {
                    out.add(i);
                }
            }
            return out;
        }

        private static List<PoolEvents.Event> events(Node root, List<SimPool.HostSpec> hosts) {
            Map<String, Integer> index = new HashMap<>();
            for (int i = 0; i < hosts.size(); i++) {
                index.put(hosts.get(i).id(), i);
            }
            List<PoolEvents.Event> events = new ArrayList<>();
            for (Node e : root.list("events", false)) {
                e.object("at", "maintenance", "for", "power-on-fails", "migrations-fail");
                Duration at = e.duration("at", null);
                String key = e.has("maintenance") ? "maintenance" : e.has("power-on-fails") ? "power-on-fails"
                        : e.has("migrations-fail") ? "migrations-fail" : null;
                if (key == null) {
                    e.problem("maintenance", null, "an event needs maintenance: HOST (with for: DURATION), power-on-fails: HOST or migrations-fail: HOST");
                    continue;
                }
                String host = e.text(key, "");
                Integer h = index.get(host);
                if (h == null) {
                    e.problem(key, host, "no such host");
                    continue;
                }
                if (at == null) {
                    continue;
                }
                long t = at.toNanos();
                events.add(switch (key) {
                    case "maintenance" -> new PoolEvents.Event.Maintenance(t, h, e.duration("for", Duration.ZERO).toNanos());
                    case "power-on-fails" -> new PoolEvents.Event.PowerOnFails(t, h);
                    default -> new PoolEvents.Event.MigrationsFail(t, h);
                });
            }
            return events;
        }
    }

    /** A power model by name ({@code hp-proliant-ml110-g4}, {@code hp-proliant-ml110-g5}), as idle/max watts, or as 11 watts. */
    static PowerModel power(Node n, String key) {
        if (!n.has(key)) {
            return PowerModel.linear(100, 200);
        }
        JsonNode v = n.json().get(key);
        if (v.isArray()) {
            if (v.size() != 11) {
                n.problem(key, v.toString(), "give 11 watts, at 0 %, 10 %, … 100 % utilisation");
                return PowerModel.linear(100, 200);
            }
            double[] w = new double[11];
            for (int i = 0; i < 11; i++) {
                w[i] = v.get(i).asDouble();
            }
            return new PowerModel(w);
        }
        if (v.isObject()) {
            Node p = n.child(key);
            p.object("idle", "max");
            return PowerModel.linear(p.number("idle", Double.NaN, 0, 1e5), p.number("max", Double.NaN, 0, 1e5));
        }
        return switch (v.asText()) {
            case "hp-proliant-ml110-g4" -> PowerModel.HP_PROLIANT_ML110_G4;
            case "hp-proliant-ml110-g5" -> PowerModel.HP_PROLIANT_ML110_G5;
            default -> {
                n.problem(key, v.asText(), "use hp-proliant-ml110-g4, hp-proliant-ml110-g5, {idle: W, max: W} or a list of 11 watts");
                yield PowerModel.linear(100, 200);
            }
        };
    }
}
