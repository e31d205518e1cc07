package dev.hpm.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hpm.codec.Documents;
import dev.hpm.core.dwm.PoolAction;
import dev.hpm.core.model.Importance;
import dev.hpm.core.pool.DwmRecords;
import dev.hpm.sim.run.DwmResult;
import dev.hpm.sim.run.DwmScenarioRunner;
import dev.hpm.sim.scenario.Scenario;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code hpm simulate} for a host scenario with a {@code dwm} section: runs each pool policy
 * ({@code none}, {@code threshold}, {@code hpm}) on the production path ({@link DwmScenarioRunner})
 * and prints energy, migrations, attainment per importance level, the planner's time and the
 * plans (in recommend mode each action with its reason and projected figures).
 */
final class DwmSimulation {
    private DwmSimulation() {
    }

    /** Runs the policies ({@code null}: the scenario's) and renders the table or, with {@code json}, JSON. */
    static String run(Scenario scenario, List<String> policies, boolean json) {
        List<DwmResult> results = results(scenario, policies);
        return json ? json(scenario, results) : table(scenario, results);
    }

    private static List<DwmResult> results(Scenario scenario, List<String> policies) {
        List<DwmResult> results = new ArrayList<>();
        for (String p : policies == null ? scenario.pool().policies() : policies) {
            if (!List.of("none", "threshold", "hpm").contains(p)) {
                throw new Main.UserException("--policies: \"" + p + "\" is not a pool policy; use none, threshold or hpm");
            }
            results.add(new DwmScenarioRunner(scenario, System::nanoTime).run(p));
        }
        return results;
    }

    private static String json(Scenario scenario, List<DwmResult> results) {
        ObjectNode root = Documents.json().createObjectNode();
        root.put("scenario", scenario.name());
        ArrayNode list = root.putArray("results");
        for (DwmResult r : results) {
            ObjectNode o = list.addObject();
            o.put("policy", r.policy());
            o.put("energy-kwh", r.energyKwh());
            o.put("migrations", r.migrations());
            o.put("failed-migrations", r.failedMigrations());
            ObjectNode attainment = o.putObject("attainment");
            r.cpu().attainment().forEach((level, a) -> attainment.put(level.label(), a));
            ObjectNode planner = o.putObject("planner-ms");
            planner.put("mean", r.plannerMeanMs());
            planner.put("max", r.plannerMaxMs());
            o.put("plans", r.plans().size());
            o.put("must-violations", r.mustViolations());
        }
        try {
            return Documents.json().writer().with(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String table(Scenario scenario, List<DwmResult> results) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%s: %s%n%n", scenario.name(), scenario.description()));
        out.append(String.format(Locale.ROOT, "%-10s %10s %11s %8s  %-40s %s%n", "policy", "energy kWh", "migrations",
                "failed", "attainment (highest … lowest)", "planner ms mean/max"));
        for (DwmResult r : results) {
            StringBuilder att = new StringBuilder();
            for (Importance i : Importance.values()) {
                double a = r.cpu().attainmentAt(i);
                if (!Double.isNaN(a)) {
                    att.append(String.format(Locale.ROOT, "%s %.1f %% ", i.label(), 100 * a));
                }
            }
            out.append(String.format(Locale.ROOT, "%-10s %10.3f %11d %8d  %-40s %.2f / %.2f%n", r.policy(), r.energyKwh(),
                    r.migrations(), r.failedMigrations(), att.toString().trim(), r.plannerMeanMs(), r.plannerMaxMs()));
        }
        for (DwmResult r : results) {
            if (r.plans().isEmpty()) {
                continue;
            }
            List<DwmRecords.PlanRecord> shown = r.plans().stream()
                    .filter(p -> p.status() != DwmRecords.Status.SUPERSEDED).limit(10).toList();
            out.append(String.format(Locale.ROOT, "%nplans of %s (%d made, %d superseded before approval; the first %d "
                            + "others):%n", r.policy(), r.plans().size(),
                    r.plans().stream().filter(p -> p.status() == DwmRecords.Status.SUPERSEDED).count(), shown.size()));
            for (DwmRecords.PlanRecord p : shown) {
                out.append(String.format(Locale.ROOT, "  %s [%s] %d actions, projected %.0f W (saves %.0f W), loaded %d→%d%s%n",
                        p.id(), p.status().name().toLowerCase(Locale.ROOT), p.plan().actions().size(), p.plan().projected().watts(),
                        p.plan().projected().wattsSaved(), p.plan().projected().loadedBefore(), p.plan().projected().loadedAfter(),
                        p.achieved() == null ? "" : String.format(Locale.ROOT, "; achieved %.0f W, loaded %d", p.achieved().watts(),
                                p.achieved().loadedAfter())));
                for (PoolAction a : p.plan().actions()) {
                    out.append("    ").append(describe(a)).append('\n');
                }
            }
        }
        return out.toString();
    }

    /** Utilisation as a percentage, never printed as -0. */
    private static double percent(double utilisation) {
        return Math.max(0, 100 * utilisation);
    }

    /** The worst PI of the classes a move touches, before → after; a planner that does not project goals has none. */
    private static String worstPi(PoolAction.Effect e) {
        return Double.isFinite(e.piBefore()) && Double.isFinite(e.piAfter()) && (e.piBefore() > 0 || e.piAfter() > 0)
                ? String.format(Locale.ROOT, "worst PI %.2f→%.2f", e.piBefore(), e.piAfter())
                : "no goal projected";
    }

    private static String describe(PoolAction a) {
        return switch (a) {
            case PoolAction.Migrate m -> String.format(Locale.ROOT,
                    "%s: migrate %s %s → %s — %s; host CPU %.0f→%.0f %% / %.0f→%.0f %%, %s, %.0f s",
                    m.id(), m.server(), m.from(), m.to(), m.reason().text(), percent(m.effect().sourceCpuBefore()),
                    percent(m.effect().sourceCpuAfter()), percent(m.effect().targetCpuBefore()),
                    percent(m.effect().targetCpuAfter()), worstPi(m.effect()), m.effect().seconds());
            case PoolAction.PowerOn on -> on.id() + ": power on " + on.host() + " — " + on.reason().text();
            case PoolAction.PowerOff off -> off.id() + ": power off " + off.host() + " — " + off.reason().text();
            case PoolAction.Shutdown sd -> sd.id() + ": shut down " + sd.server() + " on " + sd.host() + " — " + sd.reason().text();
        };
    }
}
