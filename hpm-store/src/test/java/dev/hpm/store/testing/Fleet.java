package dev.hpm.store.testing;

import dev.hpm.core.loop.IntervalReport;
import dev.hpm.core.model.ClassInfo;
import dev.hpm.core.model.Goal;
import dev.hpm.core.model.Importance;
import dev.hpm.core.model.VelocityLevel;
import dev.hpm.store.testing.Reports.Server;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * A synthetic pool for load tests: {@code hosts} hosts with {@code serversPerHost} servers each, in
 * four service classes of three groups, whose demand varies deterministically from interval to
 * interval. {@link #interval(long)} gives the reports of one interval of every host, as the server
 * would pass them to {@code record}; {@link #intervals} a lazy sequence of them for bulk loads.
 */
public final class Fleet {
    public static final Duration INTERVAL = Duration.ofSeconds(10);
    private static final List<ClassInfo> CLASSES = List.of(
            Reports.serviceClass("Trading", "online", Goal.velocity(VelocityLevel.FAST), Importance.HIGHEST),
            Reports.serviceClass("Trading", "batch", Goal.discretionary(), Importance.LOWEST),
            Reports.serviceClass("Web", "web", Goal.velocity(VelocityLevel.MODERATE), Importance.MEDIUM),
            Reports.serviceClass("default", "default", Goal.velocity(VelocityLevel.MODERATE), Importance.MEDIUM));

    private final int hosts;
    private final int serversPerHost;
    private final Instant start;

    public Fleet(int hosts, int serversPerHost, Instant start) {
        this.hosts = hosts;
        this.serversPerHost = serversPerHost;
        this.start = start;
    }

    public static String host(int h) {
        return "kvm-" + h;
    }

    /** The UUID of server {@code s} of host {@code h}. */
    public static String uuid(int h, int s) {
        return String.format("00000000-0000-4000-8000-%06d%06d", h, s);
    }

    public Instant time(long interval) {
        return start.plus(INTERVAL.multipliedBy(interval));
    }

    /** The reports of every host for interval {@code i}. */
    public List<IntervalReport> interval(long i) {
        List<IntervalReport> reports = new ArrayList<>(hosts);
        for (int h = 0; h < hosts; h++) {
            List<Server> servers = new ArrayList<>(serversPerHost);
            for (int s = 0; s < serversPerHost; s++) {
                double phase = (i * 0.013 + h * 0.7 + s * 0.37) % 1.0;
                double using = 0.05 + 1.2 * phase;
                double delay = 0.6 * ((i * 0.029 + s * 0.11 + h * 0.05) % 1.0) * phase;
                servers.add(new Server(uuid(h, s), "vm-" + h + "-" + s, CLASSES.get(s % CLASSES.size()), 2, using,
                        delay, 512 + (s % 8) * 256, s % 5 == 0 ? 1.5 : Double.POSITIVE_INFINITY));
            }
            reports.add(Reports.report(host(h), 32, time(i), i, servers));
        }
        return reports;
    }

    /** Intervals {@code 0 … count-1}, built as they are consumed. */
    public Iterator<List<IntervalReport>> intervals(long count) {
        return new Iterator<>() {
            long next;

            @Override
            public boolean hasNext() {
                return next < count;
            }

            @Override
            public List<IntervalReport> next() {
                if (next >= count) {
                    throw new NoSuchElementException();
                }
                return interval(next++);
            }
        };
    }
}
