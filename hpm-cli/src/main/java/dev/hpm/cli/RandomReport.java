package dev.hpm.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hpm.codec.Documents;
import dev.hpm.core.model.Importance;
import dev.hpm.sim.run.RandomStudy;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The report of {@code hpm simulate --random N --seed S}: per importance level the minimum, 10th
 * percentile and median of HPM's attainment as a fraction of the oracle's, the 10th percentile where
 * the oracle reaches 50 %, HPM's worst points against static; and share reversals per server per 10
 * intervals. As a table or as JSON ({@code {"scenarios": 200, "seed": 1, "levels": {"highest":
 * {"min": 0.91, …}}, "reversals-per-server-per-10-intervals": {"median": …, "max": …}}}).
 */
final class RandomReport {
    private RandomReport() {
    }

    static String table(RandomStudy.Summary s) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%d random single-host scenarios, seed %d: HPM's attainment as a fraction of the oracle's%n",
                s.scenarios(), s.seed()));
        b.append(String.format(Locale.ROOT, "%-8s %9s %8s %8s %8s %16s %15s %14s%n", "level", "scenarios", "min", "p10", "median",
                "p10 oracle>=50%", "worst vs static", "mean vs static"));
        for (Importance level : Importance.values()) {
            RandomStudy.Level l = s.levels().get(level);
            if (l != null) {
                b.append(String.format(Locale.ROOT, "%-8s %9d %8s %8s %8s %16s %15s %14s%n", level.label(), l.scenarios(),
                        percent(l.min()), percent(l.p10()), percent(l.median()), percent(l.p10WhereOracleHalf()),
                        points(l.minPointsVsStatic()), points(l.meanPointsVsStatic())));
            }
        }
        b.append(String.format(Locale.ROOT, "%nShare reversals per server per 10 intervals (after the warm-up): median %.3f, max %.3f;"
                        + " %d of %d scenarios above %.3f (one in 30 intervals)%n",
                s.reversalsMedian(), s.reversalsMax(), s.reversalsOverBound(), s.scenarios(), RandomStudy.REVERSAL_BOUND));
        return b.toString();
    }

    /**
     * The {@code k} worst scenarios: per importance level by HPM's attainment as a fraction of the
     * oracle's (where the oracle reaches 50 %), at the highest level also by points against static,
     * and by share reversals; each with its index, to re-run it alone with {@code --pick INDEX}.
     */
    static String worst(RandomStudy.Summary s, int k) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%nThe worst scenarios (re-run one with --random %d --seed %d --pick INDEX --timeline)%n",
                s.scenarios(), s.seed()));
        for (Importance level : Importance.values()) {
            List<RandomStudy.Row> rows = s.rows().stream()
                    .filter(r -> r.oracle().getOrDefault(level, 0.0) >= 0.5 && !Double.isNaN(r.ratio(level)))
                    .sorted(Comparator.comparingDouble((RandomStudy.Row r) -> r.ratio(level))).limit(k).toList();
            b.append(String.format(Locale.ROOT, "%s, by HPM / oracle:%s%n", level.label(), line(rows, level)));
        }
        List<RandomStudy.Row> vsStatic = s.rows().stream().filter(r -> !Double.isNaN(r.pointsVsStatic(Importance.HIGHEST)))
                .sorted(Comparator.comparingDouble((RandomStudy.Row r) -> r.pointsVsStatic(Importance.HIGHEST))).limit(k).toList();
        b.append("highest, by HPM - static:");
        vsStatic.forEach(r -> b.append(String.format(Locale.ROOT, " #%d %+.1f pts (hpm %s, static %s)", r.index(),
                r.pointsVsStatic(Importance.HIGHEST), percent(r.hpm().get(Importance.HIGHEST)),
                percent(r.statics().get(Importance.HIGHEST)))));
        b.append(String.format(Locale.ROOT, "%nreversals per server per 10 intervals:"));
        s.rows().stream().sorted(Comparator.comparingDouble(RandomStudy.Row::reversals).reversed()).limit(k)
                .forEach(r -> b.append(String.format(Locale.ROOT, " #%d %.3f", r.index(), r.reversals())));
        return b.append(String.format(Locale.ROOT, "%n")).toString();
    }

    private static String line(List<RandomStudy.Row> rows, Importance level) {
        StringBuilder b = new StringBuilder();
        rows.forEach(r -> b.append(String.format(Locale.ROOT, " #%d %s (hpm %s, oracle %s)", r.index(),
                percent(r.ratio(level)), percent(r.hpm().get(level)), percent(r.oracle().get(level)))));
        return b.toString();
    }

    static String json(RandomStudy.Summary s) {
        ObjectNode root = Documents.json().createObjectNode();
        root.put("scenarios", s.scenarios());
        root.put("seed", s.seed());
        ObjectNode levels = root.putObject("levels");
        s.levels().forEach((level, l) -> {
            ObjectNode o = levels.putObject(level.label());
            o.put("scenarios", l.scenarios());
            put(o, "min", l.min());
            put(o, "p10", l.p10());
            put(o, "median", l.median());
            put(o, "p10-where-oracle-at-least-half", l.p10WhereOracleHalf());
            put(o, "worst-points-against-static", l.minPointsVsStatic());
            put(o, "mean-points-against-static", l.meanPointsVsStatic());
        });
        ObjectNode r = root.putObject("reversals-per-server-per-10-intervals");
        put(r, "median", s.reversalsMedian());
        put(r, "max", s.reversalsMax());
        r.put("scenarios-above-one-in-30-intervals", s.reversalsOverBound());
        return SimulationReport.pretty(root);
    }

    private static void put(ObjectNode o, String key, double v) {
        if (Double.isNaN(v)) {
            o.putNull(key);
        } else {
            o.put(key, Math.round(v * 10000) / 10000.0);
        }
    }

    private static String points(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%+.1f pts", v);
    }

    private static String percent(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * v);
    }
}
