package dev.hpm.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hpm.codec.Documents;
import dev.hpm.codec.Units;
import dev.hpm.core.model.Importance;
import dev.hpm.sim.run.PolicyKind;
import dev.hpm.sim.run.PolicyResult;
import dev.hpm.sim.scenario.Scenario;

import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The control-quality report of a simulation, as a table for people or JSON for tools:
 * {@code {"scenario": …, "results": [{"policy": "hpm", "attainment": {"highest": 0.97, …},
 * "time-to-goal-intervals": [2], "adjustments": 14, "share-reversals": 3, …}]}}.
 */
final class SimulationReport {
    private final Scenario scenario;
    private final List<PolicyResult> results;
    private final List<Long> disturbances;

    SimulationReport(Scenario scenario, List<PolicyResult> results, List<Long> disturbances) {
        this.scenario = scenario;
        this.results = List.copyOf(results);
        this.disturbances = List.copyOf(disturbances);
    }

    String json() {
        ObjectNode root = Documents.json().createObjectNode();
        root.put("scenario", scenario.name());
        root.put("description", scenario.description());
        root.put("duration-seconds", scenario.duration().toSeconds());
        root.put("interval-seconds", scenario.interval().toSeconds());
        root.put("hosts", scenario.hosts().size());
        root.put("servers", scenario.servers().size());
        root.put("seed", scenario.seed());
        ArrayNode at = root.putArray("disturbance-seconds");
        disturbances.forEach(d -> at.add(d / 1_000_000_000L));
        ArrayNode list = root.putArray("results");
        for (PolicyResult r : results) {
            ObjectNode o = list.addObject();
            o.put("policy", r.policy().label());
            ObjectNode attainment = o.putObject("attainment");
            ObjectNode samples = o.putObject("samples");
            for (Importance level : Importance.values()) {
                Double a = r.attainment().get(level);
                if (a == null) {
                    attainment.putNull(level.label());
                } else {
                    attainment.put(level.label(), round(a));
                }
                samples.put(level.label(), r.samples().getOrDefault(level, 0L));
            }
            ArrayNode ttg = o.putArray("time-to-goal-intervals");
            r.timeToGoalIntervals().forEach(t -> {
                if (t == null) {
                    ttg.addNull();
                } else {
                    ttg.add(t);
                }
            });
            o.put("adjustments", r.adjustments());
            o.put("share-reversals", r.shareReversals());
            o.put("share-reversals-after-warmup", r.reversalsAfterWarmup());
            o.put("reversals-per-server-per-10-intervals", round(r.reversalRate()));
            o.put("intervals", r.intervals());
            o.put("mean-cpu-utilisation", round(r.meanCpuUtilisation()));
            ObjectNode reasons = o.putObject("no-action-reasons");
            r.noActions().forEach(reasons::put);
            ArrayNode limits = o.putArray("group-limits");
            for (PolicyResult.Limit l : r.limits()) {
                limits.addObject().put("group", l.group()).put("limit", l.kind()).put("cpus", l.cpus())
                        .put("host-intervals", l.intervals()).put("bound", l.bound()).put("broken", l.broken());
            }
            ObjectNode errors = o.putObject("projection-errors");
            errors.put("adjustments", r.projectionErrors().count());
            putNumber(errors, "median-absolute", r.projectionErrors().median());
            putNumber(errors, "p90-absolute", r.projectionErrors().p90());
            putNumber(errors, "max-absolute", r.projectionErrors().max());
            o.put("run-millis", r.wallMillis());
        }
        return pretty(root);
    }

    private static void putNumber(ObjectNode o, String key, double v) {
        if (Double.isNaN(v)) {
            o.putNull(key);
        } else {
            o.put(key, round(v));
        }
    }

    /** A report document as indented JSON with a final newline. */
    static String pretty(ObjectNode root) {
        try {
            return Documents.json().writer().with(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    String table() {
        StringBuilder s = new StringBuilder();
        s.append("Scenario ").append(scenario.name()).append(": ").append(scenario.description()).append('\n');
        s.append(String.format(Locale.ROOT, "%s simulated in %d intervals of %s; %d host%s, %d servers; seed %d%n%n",
                Units.format(scenario.duration()), results.isEmpty() ? 0 : results.getFirst().intervals(),
                Units.format(scenario.interval()), scenario.hosts().size(), scenario.hosts().size() == 1 ? "" : "s",
                scenario.servers().size(), scenario.seed()));
        List<Importance> levels = List.of(Importance.values()).stream()
                .filter(l -> results.stream().anyMatch(r -> r.attainment().containsKey(l))).toList();
        s.append("Goal attainment: share of server-intervals with PI <= 1, by importance\n");
        s.append(String.format(Locale.ROOT, "%-8s", "policy"));
        levels.forEach(l -> s.append(String.format(Locale.ROOT, "%9s", l.label())));
        s.append(String.format(Locale.ROOT, "  %-16s %11s %10s %9s%n", "time to goal", "adjustments", "reversals", "run time"));
        for (PolicyResult r : results) {
            s.append(String.format(Locale.ROOT, "%-8s", r.policy().label()));
            levels.forEach(l -> s.append(String.format(Locale.ROOT, "%9s", percent(r.attainmentAt(l)))));
            s.append(String.format(Locale.ROOT, "  %-16s %11d %10d %8.1fs%n", timeToGoal(r.timeToGoalIntervals()),
                    r.adjustments(), r.shareReversals(), r.wallMillis() / 1000.0));
        }
        comparison(s, levels);
        limits(s);
        s.append("\nTime to goal: intervals until the most important work was on goal after each disturbance (")
                .append(disturbances.stream().map(d -> Units.format(java.time.Duration.ofNanos(d))).collect(Collectors.joining(", ")))
                .append(").\n");
        return s.toString();
    }

    private void comparison(StringBuilder s, List<Importance> levels) {
        Optional<PolicyResult> hpm = find(PolicyKind.HPM);
        if (hpm.isEmpty() || levels.isEmpty()) {
            return;
        }
        Importance top = levels.getFirst();
        double mine = hpm.get().attainmentAt(top);
        StringBuilder c = new StringBuilder();
        find(PolicyKind.ORACLE).ifPresent(o -> c.append(String.format(Locale.ROOT, "%.1f%% of oracle's",
                o.attainmentAt(top) > 0 ? 100 * mine / o.attainmentAt(top) : 100)));
        for (PolicyKind k : List.of(PolicyKind.STATIC, PolicyKind.NONE)) {
            find(k).ifPresent(o -> c.append(c.isEmpty() ? "" : ", ").append(String.format(Locale.ROOT,
                    "%+.1f points against %s", 100 * (mine - o.attainmentAt(top)), k.label())));
        }
        if (!c.isEmpty()) {
            s.append(String.format(Locale.ROOT, "%nhpm at %s importance: %s.%n", top.label(), c));
        }
        var errors = hpm.get().projectionErrors();
        if (errors.count() > 0) {
            s.append(String.format(Locale.ROOT, "hpm projections: receiver PI projected vs achieved at the next interval over %d"
                    + " adjustments: median absolute error %.3f, 90th percentile %.3f, max %.3f.%n", errors.count(),
                    errors.median(), errors.p90(), errors.max()));
        }
        Map<String, Integer> reasons = hpm.get().noActions();
        if (!reasons.isEmpty()) {
            s.append("hpm intervals without adjustment, by reason: ").append(reasons.entrySet().stream()
                    .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "))).append(".\n");
        }
    }

    /** Which group limits bound, and whether any policy broke one. */
    private void limits(StringBuilder s) {
        if (results.stream().allMatch(r -> r.limits().isEmpty())) {
            return;
        }
        s.append("\nGroup CPU limits (per host, after the warm-up): host intervals in which the limit bound / was broken\n");
        for (PolicyResult r : results) {
            s.append(String.format(Locale.ROOT, "%-8s", r.policy().label()));
            s.append(r.limits().stream().map(l -> String.format(Locale.ROOT, "%s %s %.2f: bound %d/%d, broken %d",
                    l.group(), l.kind(), l.cpus(), l.bound(), l.intervals(), l.broken())).collect(Collectors.joining("; ")));
            s.append('\n');
        }
    }

    private Optional<PolicyResult> find(PolicyKind kind) {
        return results.stream().filter(r -> r.policy() == kind).findFirst();
    }

    private static String percent(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * v);
    }

    private static String timeToGoal(List<Integer> ttg) {
        return ttg.stream().map(t -> t == null ? "never" : String.valueOf(t)).collect(Collectors.joining(", "));
    }

    private static double round(double v) {
        return Math.round(v * 10000) / 10000.0;
    }
}
