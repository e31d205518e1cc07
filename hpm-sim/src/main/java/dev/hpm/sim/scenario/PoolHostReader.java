package dev.hpm.sim.scenario;

import dev.hpm.codec.Node;
import dev.hpm.core.dwm.PowerModel;
import dev.hpm.sim.pool.SimPool;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code hosts} section of a pool scenario: single hosts ({@code name}) or sets
 * ({@code name-prefix} + {@code count}, named prefix0 … prefix(count−1) as CloudSim numbers its
 * hosts), optionally alternating {@code types} by id (host i takes types[i mod n]).
 */
final class PoolHostReader {
    private PoolHostReader() {
    }

    static List<SimPool.HostSpec> read(Node root) {
        List<SimPool.HostSpec> hosts = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Node h : root.list("hosts", true)) {
            h.object("name", "name-prefix", "count", "types", "cpus", "capacity", "memory", "power", "on");
            List<Node> types = h.has("types") ? h.list("types", false) : List.of(h);
            List<SimPool.HostSpec> typeSpecs = new ArrayList<>();
            for (Node t : types) {
                if (t != h) {
                    t.object("cpus", "capacity", "memory", "power");
                }
                int cpus = (int) t.integer("cpus", Long.MIN_VALUE, 1, 4096);
                double capacity = t.number("capacity", cpus, 0.001, 1e6);
                long memory = t.kib("memory", 64L << 20) / 1024;
                PowerModel power = PoolScenarioLoader.power(t, "power");
                typeSpecs.add(new SimPool.HostSpec("", capacity, cpus, memory, power, true));
            }
            boolean on = !h.has("on") || Boolean.parseBoolean(h.text("on", "true"));
            List<String> hostNames;
            if (h.has("name") == h.has("name-prefix")) {
                h.problem("name", null, "give either name (one host) or name-prefix with count (a set)");
                continue;
            }
            if (h.has("name")) {
                hostNames = List.of(h.text("name", ""));
            } else {
                int count = (int) h.integer("count", Long.MIN_VALUE, 1, 100_000);
                hostNames = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    hostNames.add(h.text("name-prefix", "") + i);
                }
            }
            for (int i = 0; i < hostNames.size(); i++) {
                String name = hostNames.get(i);
                if (!names.add(name)) {
                    h.problem("name", name, "another host has this name; choose another");
                }
                SimPool.HostSpec t = typeSpecs.get(i % typeSpecs.size());
                hosts.add(new SimPool.HostSpec(name, t.capacity(), t.cpus(), t.memoryMb(), t.powerModel(), on));
            }
        }
        return hosts;
    }
}
