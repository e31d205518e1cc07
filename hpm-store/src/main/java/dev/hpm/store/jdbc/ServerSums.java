package dev.hpm.store.jdbc;

import dev.hpm.core.measure.Velocity;
import dev.hpm.store.HistoryRepository.ServerPoint;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/**
 * A virtual server over a bucket, from its raw rows ({@link #add}) or its roll-up rows
 * ({@link #addRollup}) in time order: the sums of its intervals and the last interval's attributes,
 * so that both give the same point ({@link HistoryQueries}).
 */
final class ServerSums {
    final long start;
    final String uuid;
    String name;
    String host;
    String group;
    String serviceClass;
    int goal;
    long shares;
    double cap;
    double using;
    double delay;
    double cpu;
    double usingWithVelocity;
    double delayWithVelocity;
    boolean hasVelocity;
    long intervals;
    String rtGoal;
    double rtPis;
    long rtIntervals;

    ServerSums(long start, String uuid) {
        this.start = start;
        this.uuid = uuid;
    }

    /** The details of a row (raw or rolled up): the bucket keeps its last row's. */
    private void lastDetails(ResultSet rs) throws SQLException {
        name = rs.getString("name");
        host = rs.getString("host");
        group = rs.getString("group_name");
        serviceClass = rs.getString("class_name");
        goal = rs.getInt("goal_velocity");
        shares = rs.getLong("shares");
        cap = Sql.doubleOrNaN(rs, "cap_cpus");
    }

    void add(ResultSet rs) throws SQLException {
        lastDetails(rs);
        double u = rs.getDouble("using_cpus");
        double d = rs.getDouble("delay_cpus");
        using += u;
        delay += d;
        cpu += rs.getDouble("cpu_cpus");
        rs.getDouble("velocity");
        if (!rs.wasNull()) {
            hasVelocity = true;
            usingWithVelocity += u;
            delayWithVelocity += d;
        }
        intervals++;
        rtGoal = rs.getString("rt_goal");
        double pi = rs.getDouble("pi");
        if (rtGoal != null && !rs.wasNull()) {
            rtPis += pi;
            rtIntervals++;
        }
    }

    /** A roll-up's row ({@code server_history_5m} or {@code _1h}); rows arrive in time order. */
    void addRollup(ResultSet rs) throws SQLException {
        lastDetails(rs);
        using += rs.getDouble("using_sum");
        delay += rs.getDouble("delay_sum");
        cpu += rs.getDouble("cpu_sum");
        if (rs.getLong("velocity_rows") > 0) {
            hasVelocity = true;
            usingWithVelocity += rs.getDouble("using_v_sum");
            delayWithVelocity += rs.getDouble("delay_v_sum");
        }
        intervals += rs.getLong("row_count");
        rtGoal = rs.getString("rt_goal");
        rtPis += rs.getDouble("rt_pi_sum");
        rtIntervals += rs.getLong("rt_pi_rows");
    }

    /** A response-time server's PI is the mean of its intervals' (history keeps no server's completions). */
    ServerPoint point() {
        double velocity = hasVelocity ? Velocity.of(usingWithVelocity, delayWithVelocity) : Double.NaN;
        double pi = rtGoal == null ? HistoryQueries.pi(goal, velocity) : rtIntervals > 0 ? rtPis / rtIntervals : Double.NaN;
        return new ServerPoint(Instant.ofEpochMilli(start), uuid, name, host, group, serviceClass,
                using / intervals, delay / intervals, cpu / intervals, velocity, pi, shares, cap);
    }
}
