package dev.hpm.store.jdbc;

import dev.hpm.core.measure.Velocity;
import dev.hpm.store.HistoryRepository.ClassPoint;
import dev.hpm.store.jdbc.HistoryQueries.ClassInterval;

import java.time.Instant;

/** A service class over a bucket. */
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
