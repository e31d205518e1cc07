package dev.hpm.store.jdbc;

import dev.hpm.core.measure.Velocity;
import dev.hpm.store.HistoryRepository.GroupPoint;
import dev.hpm.store.jdbc.HistoryQueries.ClassInterval;

import java.time.Instant;

/** A group over a bucket: its classes summed per interval, then over the intervals. */
final class GroupSums {
    double using;
    double delay;
    double worstPi = Double.NaN;
    int maxServers;
    long intervals;
    long lastAt = Long.MIN_VALUE;
    int serversAtLast;

    /** Rows arrive in time order. */
    void add(ClassInterval i) {
        if (i.at() != lastAt) {
            lastAt = i.at();
            serversAtLast = 0;
            intervals++;
        }
        serversAtLast += i.servers();
        maxServers = Math.max(maxServers, serversAtLast);
        using += i.using();
        delay += i.delay();
        if (i.hasGoal()) {
            worstPi = HistoryQueries.worse(worstPi, i.pi());
        }
    }

    GroupPoint point(long at, String group) {
        return new GroupPoint(Instant.ofEpochMilli(at), group, Velocity.of(using, delay), worstPi,
                using / intervals, delay / intervals, maxServers);
    }
}
