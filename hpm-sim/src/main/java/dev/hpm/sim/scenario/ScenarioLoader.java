package dev.hpm.sim.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hpm.codec.DefinitionCodec;
import dev.hpm.codec.Documents;
import dev.hpm.codec.Node;
import dev.hpm.codec.PolicyCodec;
import dev.hpm.codec.Units;
import dev.hpm.core.cpu.CpuManagerSettings;
import dev.hpm.core.model.Importance;
import dev.hpm.core.model.Names;
import dev.hpm.core.model.Problems;
import dev.hpm.core.model.ServiceDefinition;
import dev.hpm.core.model.VelocityMapping;
import dev.hpm.core.model.WorkloadResourceGroup;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Reads a scenario file (YAML; see {@code scenarios/README.md} for the format). Every problem in
 * the file is reported at once, each naming its key path, the value and the fix.
 */
public final class ScenarioLoader {
    private static final String[] ROOT_KEYS = {"name", "description", "duration", "interval", "tick", "seed",
            "scheduler-noise", "velocity-mapping", "static-shares", "cpu-manager", "hosts", "groups", "servers",
            "events", "dwm", "power", "live-migration", "pool-policies"};
    private static final long DEFAULT_MEMORY_KIB = 4L << 20;

    private ScenarioLoader() {
    }

    /** Loads and validates {@code file}. */
    public static Scenario load(Path file) {
        JsonNode tree;
        try {
            tree = Documents.readYaml(file);
        } catch (Documents.DocumentException e) {
            throw new ScenarioException(e.getMessage());
        }
        return read(tree, file.toString(), file);
    }

    /**
     * Loads a scenario from text (e.g. a resource) called {@code name}; relative trace paths start at
     * the working directory.
     */
    public static Scenario load(String yaml, String name) {
        JsonNode tree;
        try {
            tree = Documents.parseYaml(yaml, name);
        } catch (Documents.DocumentException e) {
            throw new ScenarioException(e.getMessage());
        }
        return read(tree, name, Path.of(name).toAbsolutePath());
    }

    private static Scenario read(JsonNode tree, String source, Path file) {
        Problems problems = new Problems();
        Node root = Node.root(tree, problems);
        Scenario scenario = read(root, file);
        List<String> hostNames = readHosts(Node.root(tree, new Problems())).stream().map(Scenario.HostSpec::name).toList();
        scenario = PoolSpecReader.attach(root, scenario, hostNames);
        if (!problems.isEmpty()) {
            throw new ScenarioException(source, problems.list());
        }
        return scenario;
    }

    private static Scenario read(Node root, Path file) {
        if (!root.object(ROOT_KEYS)) {
            return null;
        }
        String fileName = file.getFileName().toString().replaceFirst("\\.ya?ml$", "");
        String name = root.text("name", fileName);
        String description = root.text("description", "");
        Duration duration = root.duration("duration", null);
        Duration interval = root.duration("interval", Duration.ofSeconds(10));
        Duration tick = root.duration("tick", Duration.ofSeconds(1));
        long seed = root.integer("seed", 1, Long.MIN_VALUE + 1, Long.MAX_VALUE);
        double noise = root.number("scheduler-noise", 0, 0, 0.3);
        checkTiming(root, duration, interval, tick);
        VelocityMapping mapping = root.has("velocity-mapping")
                ? PolicyCodec.readMapping(root.child("velocity-mapping")) : VelocityMapping.DEFAULT;
        Map<Importance, Long> staticShares = Scenario.defaultStaticShares();
        long discretionaryShares = readStaticShares(root, staticShares);
        CpuManagerSettings cpu = readCpu(root.child("cpu-manager"), root.has("cpu-manager"));

        List<Scenario.HostSpec> hosts = readHosts(root);
        Map<String, Node> groupNodes = groupNodes(root);
        Map<String, List<String>> members = new HashMap<>();
        List<Scenario.ServerSpec> servers = readServers(root, name, hosts, groupNodes.keySet(), members,
                new DemandReader(file.toAbsolutePath().getParent()));
        List<WorkloadResourceGroup> groups = groups(groupNodes, members);
        ServiceDefinition definition = root.build(() -> new ServiceDefinition(mapping, groups));
        List<Scenario.Event> events = readEvents(root, hosts, servers);
        if (!root.problems().isEmpty()) {
            return null;
        }
        return new Scenario(name, description, duration, interval, tick, seed, noise, definition, hosts, servers,
                events, staticShares, discretionaryShares, cpu);
    }

    /** The {@code groups} section by name; a name used twice is a problem. */
    static Map<String, Node> groupNodes(Node root) {
        Map<String, Node> groupNodes = new LinkedHashMap<>();
        for (Node g : root.list("groups", false)) {
            String groupName = g.text("name", null);
            if (groupName != null && groupNodes.putIfAbsent(groupName, g) != null) {
                g.problem("name", groupName, "another group has this name; choose another");
            }
        }
        return groupNodes;
    }

    /** The groups read from their nodes, with the servers (UUIDs) the scenario put in each. */
    static List<WorkloadResourceGroup> groups(Map<String, Node> groupNodes, Map<String, List<String>> members) {
        List<WorkloadResourceGroup> groups = new ArrayList<>();
        groupNodes.forEach((groupName, g) -> {
            WorkloadResourceGroup group = DefinitionCodec.readGroup(g, groupName,
                    Set.copyOf(members.getOrDefault(groupName, List.of())), false);
            if (group != null) {
                groups.add(group);
            }
        });
        return groups;
    }

    private static void checkTiming(Node root, Duration duration, Duration interval, Duration tick) {
        if (tick != null && tick.toMillis() < 10) {
            root.problem("tick", Units.format(tick), "use at least 10ms");
            return;
        }
        if (interval != null && tick != null && (interval.toNanos() % tick.toNanos() != 0 || interval.compareTo(tick) < 0)) {
            root.problem("interval", Units.format(interval), "must be a whole multiple of tick (" + Units.format(tick) + ")");
        }
        if (interval != null && interval.toMillis() < 1000) {
            root.problem("interval", Units.format(interval), "must be at least 1s");
        }
        if (duration != null && interval != null && duration.compareTo(interval.multipliedBy(2)) < 0) {
            root.problem("duration", Units.format(duration), "must cover at least two intervals (" + Units.format(interval.multipliedBy(2)) + ")");
        }
        if (duration != null && interval != null && duration.dividedBy(interval) > 1_000_000) {
            root.problem("duration", Units.format(duration), "more than a million intervals; shorten it or lengthen interval");
        }
    }

    private static long readStaticShares(Node root, Map<Importance, Long> shares) {
        if (!root.has("static-shares")) {
            return shares.get(Importance.LOWEST);
        }
        Node n = root.child("static-shares");
        n.object("highest", "high", "medium", "low", "lowest", "discretionary");
        for (Importance i : Importance.values()) {
            shares.put(i, n.integer(i.label(), shares.get(i), 2, 262_144));
        }
        return n.integer("discretionary", shares.get(Importance.LOWEST), 2, 262_144);
    }

    static CpuManagerSettings readCpu(Node n, boolean present) {
        CpuManagerSettings d = CpuManagerSettings.DEFAULT;
        if (!present) {
            return d;
        }
        n.object("target-pi", "donor-pi", "min-pi-improvement", "min-shares", "max-shares", "min-share-step",
                "max-step-factor", "donor-cooldown-intervals", "strategy");
        CpuManagerSettings.Strategy parsed = n.parse("strategy", Names.label(d.strategy()),
                (text, field) -> Names.parse(CpuManagerSettings.Strategy.class, text, field));
        CpuManagerSettings.Strategy strategy = parsed == null ? d.strategy() : parsed;
        CpuManagerSettings s = n.build(() -> new CpuManagerSettings(
                n.number("target-pi", d.targetPi(), 0, 10), n.number("donor-pi", d.donorPi(), 0, 10),
                n.number("min-pi-improvement", d.minPiImprovement(), 0, 10),
                n.integer("min-shares", d.minShares(), 0, 262_144), n.integer("max-shares", d.maxShares(), 0, 262_144),
                n.number("min-share-step", d.minShareStep(), 0, 10), n.number("max-step-factor", d.maxStepFactor(), 0, 1000),
                (int) n.integer("donor-cooldown-intervals", d.donorCooldownIntervals(), 0, 1000), strategy));
        return s == null ? d : s;
    }

    private static List<Scenario.HostSpec> readHosts(Node root) {
        List<Scenario.HostSpec> hosts = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Node h : root.list("hosts", true)) {
            h.object("name", "name-prefix", "count", "cpus", "memory");
            int cpus = (int) h.integer("cpus", Long.MIN_VALUE, 1, 4096);
            long memory = h.kib("memory", 64L << 20);
            for (String hostName : names(h)) {
                if (!names.add(hostName)) {
                    h.problem("name", hostName, "another host has this name; choose another");
                }
                hosts.add(new Scenario.HostSpec(hostName, cpus, memory));
            }
        }
        return hosts;
    }

    /** One name ({@code name}) or a set ({@code name-prefix} + {@code count}: prefix01 … prefixNN). */
    private static List<String> names(Node n) {
        if (n.has("name") == n.has("name-prefix")) {
            n.problem("name", null, "give either name (one) or name-prefix with count (a set)");
            return List.of();
        }
        if (n.has("name")) {
            if (n.has("count")) {
                n.problem("count", n.text("count", ""), "count goes with name-prefix, not name");
            }
            return List.of(n.text("name", null));
        }
        String prefix = n.text("name-prefix", null);
        int count = (int) n.integer("count", Long.MIN_VALUE, 1, 100_000);
        int width = String.valueOf(count).length();
        List<String> out = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            out.add(prefix + String.format("%0" + width + "d", i));
        }
        return out;
    }

    private static List<Scenario.ServerSpec> readServers(Node root, String scenario, List<Scenario.HostSpec> hosts,
                                                         Set<String> groups, Map<String, List<String>> members,
                                                         DemandReader demands) {
        List<Scenario.ServerSpec> servers = new ArrayList<>();
        Set<String> names = new HashSet<>();
        List<String> hostNames = hosts.stream().map(Scenario.HostSpec::name).toList();
        for (Node s : root.list("servers", true)) {
            s.object("name", "name-prefix", "count", "host", "hosts", "group", "vcpus", "memory", "tags", "os-type",
                    "cpu-cap", "demand", "response-time");
            List<String> placement = placement(s, hostNames);
            Scenario.ResponseTimeSpec responseTime = s.has("response-time") ? responseTime(s.child("response-time")) : null;
            String group = s.text("group", WorkloadResourceGroup.DEFAULT_NAME);
            if (!group.equals(WorkloadResourceGroup.DEFAULT_NAME) && !groups.contains(group)) {
                s.problem("group", group, "no such group; define it under groups or use one of " + groups);
            }
            int vcpus = (int) s.integer("vcpus", 1, 1, 512);
            long memory = s.kib("memory", DEFAULT_MEMORY_KIB);
            Set<String> tags = Set.copyOf(s.texts("tags"));
            String os = s.text("os-type", "linux");
            double cap = s.has("cpu-cap") ? s.number("cpu-cap", 1, 0.01, vcpus) : Double.POSITIVE_INFINITY;
            List<String> serverNames = names(s);
            for (int k = 0; k < serverNames.size(); k++) {
                String serverName = serverNames.get(k);
                if (!names.add(serverName)) {
                    s.problem("name", serverName, "another server has this name; choose another");
                }
                DemandSpec demand = s.has("demand") ? demands.read(s.child("demand"), vcpus, k) : null;
                if (!s.has("demand")) {
                    s.problem("demand", null, "this key is required: how much CPU the server wants (see scenarios/README.md)");
                }
                if (demand == null || placement.isEmpty()) {
                    continue;
                }
                String uuid = UUID.nameUUIDFromBytes(("hpm-sim/" + scenario + "/" + serverName)
                        .getBytes(StandardCharsets.UTF_8)).toString();
                if (!group.equals(WorkloadResourceGroup.DEFAULT_NAME)) {
                    members.computeIfAbsent(group, g -> new ArrayList<>()).add(uuid);
                }
                servers.add(new Scenario.ServerSpec(uuid, serverName, placement.get(k % placement.size()), vcpus, memory,
                        tags, os, cap, demand, responseTime));
            }
        }
        return servers;
    }

    /** {@code response-time: {cpu: 40ms, other: 10ms, rate: 50}}: see {@link Scenario.ResponseTimeSpec}. */
    private static Scenario.ResponseTimeSpec responseTime(Node n) {
        n.object("cpu", "other", "rate");
        double cpu = n.has("cpu") ? n.duration("cpu", Duration.ofMillis(20)).toNanos() / 1e6 : 20;
        double other = n.has("other") ? n.duration("other", Duration.ZERO).toNanos() / 1e6 : 0;
        double rate = n.number("rate", 20, 0.1, 100_000);
        if (!(cpu > 0)) {
            n.problem("cpu", cpu + "ms", "the CPU a request needs must be above 0, e.g. 40ms");
        }
        return new Scenario.ResponseTimeSpec(cpu, other, rate);
    }

    /** The hosts a server (set) goes on, round robin: {@code host: NAME} or {@code hosts: [NAME or GLOB, …]}. */
    private static List<String> placement(Node s, List<String> hostNames) {
        if (s.has("host") && s.has("hosts")) {
            s.problem("hosts", "(present)", "give either host or hosts, not both");
            return List.of();
        }
        if (s.has("host")) {
            String host = s.text("host", null);
            if (!hostNames.contains(host)) {
                s.problem("host", host, "no such host; use one of " + abbreviate(hostNames));
                return List.of();
            }
            return List.of(host);
        }
        if (!s.has("hosts")) {
            return hostNames;
        }
        List<String> chosen = new ArrayList<>();
        for (String pattern : s.texts("hosts")) {
            Pattern glob = glob(pattern);
            List<String> matched = hostNames.stream().filter(h -> glob.matcher(h).matches()).toList();
            if (matched.isEmpty()) {
                s.problem("hosts", pattern, "matches no host; hosts are " + abbreviate(hostNames));
            }
            chosen.addAll(matched);
        }
        return chosen;
    }

    /** A host-name glob ({@code *}, {@code ?}) as a pattern. */
    static Pattern glob(String pattern) {
        return Pattern.compile(pattern.replace(".", "\\.").replace("*", ".*").replace("?", "."));
    }

    private static List<Scenario.Event> readEvents(Node root, List<Scenario.HostSpec> hosts,
                                                   List<Scenario.ServerSpec> servers) {
        List<Scenario.Event> events = new ArrayList<>();
        Set<String> hostNames = new HashSet<>(hosts.stream().map(Scenario.HostSpec::name).toList());
        Set<String> serverNames = new HashSet<>(servers.stream().map(Scenario.ServerSpec::name).toList());
        for (Node e : root.list("events", false)) {
            e.object("at", "restart", "host-unreachable", "for", PoolSpecReader.EVENT_KEYS[0], PoolSpecReader.EVENT_KEYS[1],
                    PoolSpecReader.EVENT_KEYS[2]);
            Duration at = e.duration("at", null);
            PoolSpec.Event poolEvent = PoolSpecReader.event(e, at, hostNames, serverNames);
            if (poolEvent != null) {
                events.add(new Scenario.Event.Pool(poolEvent));
            } else if (e.has("restart")) {
                String server = e.text("restart", null);
                if (!serverNames.contains(server)) {
                    e.problem("restart", server, "no such server");
                }
                events.add(new Scenario.Event.Restart(at, server));
            } else if (e.has("host-unreachable")) {
                String host = e.text("host-unreachable", null);
                if (!hostNames.contains(host)) {
                    e.problem("host-unreachable", host, "no such host");
                }
                events.add(new Scenario.Event.HostUnreachable(at, host, e.duration("for", null)));
            } else {
                e.problem("restart", null, "an event needs restart: SERVER, host-unreachable: HOST (with for: DURATION), "
                        + "maintenance: HOST (with for), power-on-fails: HOST or migration-fails: SERVER");
            }
        }
        events.sort(java.util.Comparator.comparing(Scenario.Event::at, java.util.Comparator.nullsFirst(Duration::compareTo)));
        return events;
    }

    private static String abbreviate(List<String> names) {
        return names.size() <= 8 ? names.toString() : names.subList(0, 8) + " and " + (names.size() - 8) + " more";
    }
}
