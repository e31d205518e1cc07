package dev.hpm.store.jdbc;

import dev.hpm.core.measure.ResponseTimePi;
import dev.hpm.core.model.Goal;

import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * A response-time class's figures over a span (intervals, hosts), from the history's sums; a
 * velocity or discretionary class has no goal here ({@code goal} null).
 */
record ClassResponseTimes(Goal.ResponseTime goal, long completions, double millis, double weightedPis, long weights) {
    static final ClassResponseTimes NONE = new ClassResponseTimes(null, 0, 0, 0, 0);
    /**
     * The SQL of these sums over rows of {@code class_history} (the columns {@link #of} reads): the goal,
     * the completions, their time, the PIs weighted by their completions and those completions (0: none).
     */
    static final String SUMS = "MAX(rt_goal) AS rt_goal, COALESCE(SUM(completions), 0) AS completions, "
            + "COALESCE(SUM(rt_millis), 0) AS rt_millis, COALESCE(SUM(pi * completions), 0) AS pi_weighted, "
            + "COALESCE(SUM(CASE WHEN pi IS NULL THEN 0 ELSE completions END), 0) AS pi_weights";
    /** The same over roll-up rows ({@code class_history_5m}, {@code _1h}), which hold these sums. */
    static final String ROLLED_SUMS = "MAX(rt_goal) AS rt_goal, SUM(completions) AS completions, "
            + "SUM(rt_millis) AS rt_millis, SUM(pi_weighted) AS pi_weighted, SUM(pi_weights) AS pi_weights";

    static ClassResponseTimes of(ResultSet rs) throws SQLException {
        String label = rs.getString("rt_goal");
        if (label == null) {
            return NONE;
        }
        Goal goal;
        try {
            goal = Goal.parse(label, "rt_goal");
        } catch (RuntimeException e) {
            return NONE; // a goal this HPM cannot read: shown as a class without a goal
        }
        return goal instanceof Goal.ResponseTime rt ? new ClassResponseTimes(rt, rs.getLong("completions"),
                rs.getDouble("rt_millis"), rs.getDouble("pi_weighted"), rs.getLong("pi_weights")) : NONE;
    }

    ClassResponseTimes plus(ClassResponseTimes o) {
        if (o.goal == null) {
            return this;
        }
        return new ClassResponseTimes(o.goal, completions + o.completions, millis + o.millis, weightedPis + o.weightedPis,
                weights + o.weights);
    }

    double pi() {
        return goal == null ? Double.NaN : ResponseTimePi.overSpan(goal, completions, millis, weightedPis, weights);
    }

    double averageMillis() {
        return completions > 0 ? millis / completions : Double.NaN;
    }
}
