package dev.hpm.sim.scenario;

import dev.hpm.codec.Node;
import dev.hpm.core.dwm.DwmPolicy;
import dev.hpm.core.dwm.PowerModel;
import dev.hpm.core.model.InvalidDefinitionException;
import dev.hpm.sim.pool.DwmPolicyReader;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the pool sections of a host scenario ({@code dwm}, {@code power}, {@code live-migration},
 * {@code pool-policies}) and its pool events into a {@link PoolSpec}, every problem named with its
 * path as {@link ScenarioLoader} names them.
 */
final class PoolSpecReader {
    static final String[] KEYS = {"dwm", "power", "live-migration", "pool-policies"};
    static final String[] EVENT_KEYS = {"maintenance", "power-on-fails", "migration-fails"};
    private static final Set<String> POLICIES = Set.of("none", "threshold", "hpm");

    private PoolSpecReader() {
    }

    /**
     * {@code scenario} with its pool read from {@code root} (when it has a {@code dwm} section) and
     * the pool events moved from its events to the pool's; problems are added to {@code root}'s.
     * With {@code scenario} null (it had problems) the pool sections are still checked, against
     * {@code hosts}, so that every problem is reported at once; the result is then null.
     */
    static Scenario attach(Node root, Scenario scenario, List<String> hosts) {
        List<PoolSpec.Event> pool = new ArrayList<>();
        List<Scenario.Event> rest = new ArrayList<>();
        for (Scenario.Event e : scenario == null ? List.<Scenario.Event>of() : scenario.events()) {
            if (e instanceof Scenario.Event.Pool p) {
                pool.add(p.event());
            } else {
                rest.add(e);
            }
        }
        if (!root.has("dwm")) {
            if (!pool.isEmpty()) {
                root.problem("events", pool.getFirst().toString(), "pool events need a dwm section");
            }
            return scenario;
        }
        PoolSpec spec = read(root, hosts, pool);
        return scenario == null ? null : scenario.withPool(spec, rest);
    }

    private static PoolSpec read(Node root, List<String> hosts, List<PoolSpec.Event> events) {
        DwmPolicy policy = DwmPolicy.DEFAULT;
        try {
            policy = DwmPolicyReader.read(root.json().get("dwm"), hosts);
        } catch (InvalidDefinitionException e) {
            e.problems().forEach(p -> root.problems().add(p.field(), p.value(), p.fix()));
        }
        List<String> policies = root.has("pool-policies") ? root.texts("pool-policies") : List.of("none", "threshold", "hpm");
        for (String p : policies) {
            if (!POLICIES.contains(p)) {
                root.problem("pool-policies", p, "use none, threshold or hpm");
            }
        }
        Node power = root.child("power");
        Map<String, PowerModel> models = new HashMap<>();
        Set<String> off = new HashSet<>();
        Duration boot = Duration.ofMinutes(3);
        Duration shutdown = Duration.ofMinutes(1);
        if (root.has("power") && power.object("boot", "shutdown", "models", "off")) {
            boot = power.duration("boot", boot);
            shutdown = power.duration("shutdown", shutdown);
            for (Node m : power.list("models", false)) {
                m.object("hosts", "model");
                PowerModel model = PoolScenarioLoader.power(m, "model");
                for (String h : matching(m, "hosts", hosts)) {
                    models.put(h, model);
                }
            }
            for (String h : power.texts("off")) {
                if (!hosts.contains(h)) {
                    power.problem("off", h, "no such host");
                }
                off.add(h);
            }
        }
        Node mig = root.child("live-migration");
        double bandwidth = policy.migration().bandwidthMbps();
        double dirty = 0;
        if (root.has("live-migration") && mig.object("bandwidth", "dirty-rate")) {
            bandwidth = mig.number("bandwidth", bandwidth, 0.001, 1e6);
            dirty = mig.number("dirty-rate", 0, 0, 1e6);
        }
        return new PoolSpec(policy, policies, models, off, boot, shutdown, bandwidth, dirty, events);
    }

    /** A pool event ({@code maintenance}, {@code power-on-fails}, {@code migration-fails}), null if {@code e} is none. */
    static PoolSpec.Event event(Node e, Duration at, Set<String> hosts, Set<String> servers) {
        if (e.has("maintenance")) {
            return new PoolSpec.Event.Maintenance(at, known(e, "maintenance", hosts, "host"),
                    e.has("for") ? e.duration("for", null) : null);
        }
        if (e.has("power-on-fails")) {
            return new PoolSpec.Event.PowerOnFails(at, known(e, "power-on-fails", hosts, "host"));
        }
        if (e.has("migration-fails")) {
            return new PoolSpec.Event.MigrationFails(at, known(e, "migration-fails", servers, "server"));
        }
        return null;
    }

    private static String known(Node e, String key, Set<String> names, String what) {
        String name = e.text(key, null);
        if (!names.contains(name)) {
            e.problem(key, name, "no such " + what);
        }
        return name;
    }

    private static List<String> matching(Node n, String key, List<String> hosts) {
        List<String> out = new ArrayList<>();
        for (String pattern : n.texts(key)) {
            Pattern glob = ScenarioLoader.glob(pattern);
            List<String> matched = hosts.stream().filter(h -> glob.matcher(h).matches()).toList();
            if (matched.isEmpty()) {
                n.problem(key, pattern, "matches no host");
            }
            out.addAll(matched);
        }
        return out;
    }
}
