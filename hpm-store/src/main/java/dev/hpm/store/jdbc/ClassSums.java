package dev.hpm.store.jdbc;

import dev.hpm.core.measure.Velocity;
import dev.hpm.store.HistoryRepository.ClassPoint;
import dev.hpm.store.jdbc.HistoryQueries.ClassInterval;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/** A service class over a bucket: the sums of its intervals (or of roll-up rows), and its last importance and goals. */
final class ClassSums {
    String importance;
    int goal;
    double using;
    double delay;
    double worst = Double.NaN;
    int servers;
    long intervals;
    ClassResponseTimes rt = ClassResponseTimes.NONE;

    void add(ClassInterval i) {
        add(i.importance(), i.goalVelocity(), i.using(), i.delay(), i.worstServerPi(), i.servers(), 1, i.rt());
    }

    /**
     * A row of sums (columns importance, goal_velocity, using_sum, delay_sum, worst_server_pi, servers,
     * intervals and those of {@link ClassResponseTimes#of}): a bucket of the raw rows or a roll-up row.
     * Rows arrive in time order: the last gives the importance and goals.
     */
    void add(ResultSet rs) throws SQLException {
        add(rs.getString("importance"), rs.getInt("goal_velocity"), rs.getDouble("using_sum"), rs.getDouble("delay_sum"),
                Sql.doubleOrNaN(rs, "worst_server_pi"), rs.getInt("servers"), rs.getLong("intervals"),
                ClassResponseTimes.of(rs));
    }

    void add(String importance, int goal, double using, double delay, double worst, int servers, long intervals,
             ClassResponseTimes rt) {
        this.importance = importance;
        this.goal = goal;
        this.using += using;
        this.delay += delay;
        this.worst = HistoryQueries.worse(this.worst, worst);
        this.servers = Math.max(this.servers, servers);
        this.intervals += intervals;
        this.rt = this.rt.plus(rt);
    }

    ClassPoint point(long at, String host, String group, String serviceClass) {
        double velocity = Velocity.of(using, delay);
        double pi = rt.goal() != null ? rt.pi() : HistoryQueries.pi(goal, velocity);
        return new ClassPoint(Instant.ofEpochMilli(at), host, group, serviceClass, importance, goal, velocity,
                pi, rt.goal() == null ? worst : HistoryQueries.worse(worst, pi), using / intervals, delay / intervals, servers,
                rt.goal() == null ? null : rt.goal().label(), rt.completions(), rt.averageMillis());
    }
}
