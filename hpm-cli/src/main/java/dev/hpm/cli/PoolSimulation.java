package dev.hpm.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hpm.codec.Documents;
import dev.hpm.codec.Units;
import dev.hpm.core.model.Importance;
import dev.hpm.sim.pool.PoolPolicies;
import dev.hpm.sim.pool.PoolResult;
import dev.hpm.sim.pool.PoolScenarioRunner;
import dev.hpm.sim.scenario.PoolScenario;
import dev.hpm.sim.scenario.PoolScenarioLoader;
import dev.hpm.sim.scenario.ScenarioException;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;

/**
 * {@code hpm simulate} for a pool scenario: runs each pool policy and reports CloudSim's measures
 * (energy, migrations, SLATAH, PDM, SLAV, ESV: percentages in the table, fractions in JSON), goal
 * attainment per importance level, the planner's time and the no-ping-pong figure.
 */
final class PoolSimulation {
    private final PoolScenario scenario;
    private final List<PoolResult> results;

    private PoolSimulation(PoolScenario scenario, List<PoolResult> results) {
        this.scenario = scenario;
        this.results = results;
    }

    /** Loads and runs; {@code policies} null means the scenario's own list. */
    static PoolSimulation run(Path file, Path traces, List<String> policies, PrintWriter progress) {
        PoolScenario scenario;
        try {
            scenario = PoolScenarioLoader.load(file, traces);
        } catch (ScenarioException e) {
            throw new Main.UserException(e.getMessage());
        }
        List<String> names = new ArrayList<>(new LinkedHashSet<>(policies == null ? scenario.policies() : policies));
        for (String n : names) {
            if (PoolPolicies.find(n).isEmpty()) {
                throw new Main.UserException("--policies: \"" + n + "\" is not a pool policy; use "
                        + String.join(", ", PoolPolicies.all().stream().map(PoolPolicies.Policy::name).toList()));
            }
        }
        List<PoolResult> results = new ArrayList<>();
        PoolScenarioRunner runner = new PoolScenarioRunner(scenario, System::nanoTime);
        for (String n : names) {
            if (progress != null) {
                progress.printf(Locale.ROOT, "\rsimulating %s …", n).flush();
            }
            try {
                results.add(runner.run(n));
            } catch (IllegalArgumentException e) {
                throw new Main.UserException("--policies: " + e.getMessage());
            }
            if (progress != null) {
                progress.print("\r\033[K");
                progress.flush();
            }
        }
        return new PoolSimulation(scenario, results);
    }

    String json() {
        ObjectNode root = Documents.json().createObjectNode();
        root.put("scenario", scenario.name());
        root.put("description", scenario.description());
        if (scenario.traceDirectory() != null) {
            root.put("traces", scenario.traceDirectory().toString());
        }
        root.put("duration-seconds", scenario.duration().toSeconds());
        root.put("interval-seconds", scenario.interval().toSeconds());
        root.put("hosts", scenario.hosts().size());
        root.put("servers", scenario.servers().size());
        ArrayNode list = root.putArray("results");
        for (PoolResult r : results) {
            ObjectNode o = list.addObject();
            o.put("policy", r.policy());
            o.put("energy-kwh", r.energyKwh());
            o.put("migrations", r.migrations());
            o.put("slatah", r.slatah());
            o.put("pdm", r.pdm());
            o.put("slav", r.slav());
            o.put("esv", r.esv());
            ObjectNode attainment = o.putObject("attainment");
            for (Importance level : Importance.values()) {
                Double a = r.attainment().get(level);
                if (a != null) {
                    attainment.put(level.label(), a);
                }
            }
            ObjectNode ms = o.putObject("planner-ms");
            ms.put("mean", r.plannerMeanMs());
            ms.put("max", r.plannerMaxMs());
            o.put("max-migrations-per-server-hour", r.maxMigrationsPerServerHour());
            o.put("mean-active-hosts", r.meanActiveHosts());
            o.put("vm-seconds-migrating", r.vmSecondsMigrating());
            o.put("decisions", r.decisions());
            o.put("run-millis", r.wallMillis());
        }
        try {
            return Documents.json().writer().with(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    String table() {
        StringBuilder s = new StringBuilder();
        s.append("Scenario ").append(scenario.name()).append(": ").append(scenario.description()).append('\n');
        s.append(String.format(Locale.ROOT, "%s, decisions every %s; %d hosts, %d servers%s%n%n",
                Units.format(scenario.duration()), Units.format(scenario.interval()), scenario.hosts().size(),
                scenario.servers().size(), scenario.traceDirectory() == null ? "" : "; traces " + scenario.traceDirectory()));
        s.append(String.format(Locale.ROOT, "%-10s %10s %10s %9s %9s %10s %10s %12s %9s%n", "policy", "energy kWh",
                "migrations", "SLATAH %", "PDM %", "SLAV %", "ESV %", "planner ms", "run time"));
        for (PoolResult r : results) {
            s.append(String.format(Locale.ROOT, "%-10s %10.2f %10d %9.4f %9.5f %10.6f %10.6f %5.2f/%-6.1f %8.1fs%n",
                    r.policy(), r.energyKwh(), r.migrations(), 100 * r.slatah(), 100 * r.pdm(), 100 * r.slav(),
                    100 * r.esv(), r.plannerMeanMs(), r.plannerMaxMs(), r.wallMillis() / 1000.0));
        }
        List<Importance> levels = List.of(Importance.values()).stream()
                .filter(l -> results.stream().anyMatch(r -> r.attainment().containsKey(l))).toList();
        if (!levels.isEmpty()) {
            s.append("\nGoal attainment: share of server-intervals with PI <= 1, by importance\n");
            s.append(String.format(Locale.ROOT, "%-10s", "policy"));
            levels.forEach(l -> s.append(String.format(Locale.ROOT, "%9s", l.label())));
            s.append('\n');
            for (PoolResult r : results) {
                s.append(String.format(Locale.ROOT, "%-10s", r.policy()));
                levels.forEach(l -> s.append(String.format(Locale.ROOT, "%9s", r.attainment().containsKey(l)
                        ? String.format(Locale.ROOT, "%.1f%%", 100 * r.attainment().get(l)) : "-")));
                s.append('\n');
            }
        }
        s.append("\nMost migrations of one server within any hour: ");
        s.append(String.join(", ", results.stream().map(r -> r.policy() + " " + r.maxMigrationsPerServerHour()).toList()));
        s.append(".\nSLAV = SLATAH x PDM, ESV = energy (kWh) x SLAV, as CloudSim 3.0.3 computes them (scenarios/README.md).\n");
        return s.toString();
    }
}
