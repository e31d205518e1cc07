package dev.hpm.sim.run;

import dev.hpm.core.loop.ResponseTimeSource;
import dev.hpm.core.measure.Completions;
import dev.hpm.core.measure.ResponseTimePi;
import dev.hpm.core.measure.Velocity;
import dev.hpm.core.model.Goal;
import dev.hpm.core.time.Timebase;
import dev.hpm.sim.host.SimDomain;
import dev.hpm.sim.scenario.Scenario;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * The simulator's response-time model ({@link Scenario.ResponseTimeSpec}) as a source for the
 * control loop: for every server with a {@code response-time} section, what it completed since the
 * loop last asked, from how much its vCPUs ran and waited in between. The mean time of a request
 * is {@code other + cpu · (using + delay) / using}; each request's time is the mean times an
 * exponential variate, drawn from the scenario's seed. Single-threaded, as the simulator is.
 */
public final class SimResponseTimes implements ResponseTimeSource {
    private final Map<String, Scenario.ServerSpec> specs;
    private final Function<String, SimDomain> domains;
    private final Timebase clock;
    private final SplittableRandom random;
    private final Map<String, double[]> last = new HashMap<>();

    /**
     * @param specs   the scenario's servers by UUID
     * @param domains the running domain of a server, by name (null if gone)
     */
    public SimResponseTimes(Map<String, Scenario.ServerSpec> specs, Function<String, SimDomain> domains, Timebase clock,
                            long seed) {
        this.specs = specs;
        this.domains = domains;
        this.clock = clock;
        this.random = new SplittableRandom(seed ^ 0x5eed_7157L);
    }

    @Override
    public Completions take(String host, String uuid, String name) {
        Scenario.ServerSpec spec = specs.get(uuid);
        if (spec == null || spec.responseTime() == null) {
            return null;
        }
        SimDomain d = domains.apply(spec.name());
        if (d == null || !d.running()) {
            last.remove(uuid);
            return null;
        }
        double[] now = {clock.nanos(), d.usingNanos(), d.delayNanos()};
        double[] before = last.put(uuid, now);
        if (before == null || now[0] <= before[0]) {
            return null;
        }
        double using = now[1] - before[1];
        double delay = now[2] - before[2];
        if (using < 0 || delay < 0) {
            return null; // restarted
        }
        double mean = meanMillis(spec.responseTime(), using, delay);
        Scenario.ResponseTimeSpec rt = spec.responseTime();
        int n = (int) Math.round(rt.ratePerSecond() * (now[0] - before[0]) / 1e9);
        double[] times = new double[n];
        for (int i = 0; i < n; i++) {
            times[i] = -mean * Math.log(1 - random.nextDouble());
        }
        return Completions.of(times);
    }

    /** The response-time model of every server of {@code servers} that has one, by UUID. */
    public static Map<String, Scenario.ResponseTimeSpec> timed(Iterable<Scenario.ServerSpec> servers) {
        Map<String, Scenario.ResponseTimeSpec> timed = new HashMap<>();
        for (Scenario.ServerSpec s : servers) {
            if (s.responseTime() != null) {
                timed.put(s.uuid(), s.responseTime());
            }
        }
        return timed;
    }

    /** The stretch of a request's CPU part when a server's vCPUs ran {@code using} and waited {@code delay}. */
    private static double stretch(double using, double delay) {
        return using > 0 ? (using + delay) / using : MAX_STRETCH;
    }

    /** A server that did not run at all is timed as if its CPU part took this many times longer. */
    private static final double MAX_STRETCH = 100;

    /**
     * The model's mean time of a request in milliseconds, over a span in which the server's vCPUs
     * ran {@code using} and waited {@code delay} (any unit, the same for both):
     * {@code other + cpu · (using + delay) / using}.
     */
    public static double meanMillis(Scenario.ResponseTimeSpec rt, double using, double delay) {
        return rt.otherMillis() + rt.cpuMillis() * stretch(using, delay);
    }

    /**
     * The PI the model gives a server against {@code goal} (no sampling: the PI of the time
     * distribution itself, which the measured PI estimates from a finite number of requests): for
     * an average goal, the mean ÷ goal; for a percentile goal, the percentile of the exponential
     * distribution of that mean ({@code −mean · ln(1 − share)}) ÷ goal, at most
     * {@link ResponseTimePi#BEYOND}, as the measured percentile PI.
     */
    public static double modelPi(Goal.ResponseTime goal, Scenario.ResponseTimeSpec rt, double using, double delay) {
        double mean = meanMillis(rt, using, delay);
        return switch (goal) {
            case Goal.AverageResponseTime a -> Math.min(Velocity.MAX_PI, mean / a.millis());
            case Goal.PercentileResponseTime p -> Math.min(ResponseTimePi.BEYOND, percentileMillis(mean, p) / p.millis());
        };
    }

    /**
     * The least CPU a server that wants {@code wanted} CPUs must get for the model to put it on its
     * goal (PI ≤ 1): with {@code using = a} and {@code delay = wanted − a}, the stretch is
     * {@code wanted / a}, so {@code a = cpu · wanted / (longest mean − other)}, where the longest
     * mean is the goal itself (average) or the goal ÷ {@code −ln(1 − share)} (percentile).
     * {@link Double#POSITIVE_INFINITY} if even its whole demand does not meet the goal.
     */
    public static double cpusFor(Goal.ResponseTime goal, Scenario.ResponseTimeSpec rt, double wanted) {
        double longestMean = switch (goal) {
            case Goal.AverageResponseTime a -> a.millis();
            case Goal.PercentileResponseTime p -> p.millis() / -Math.log(1 - p.fraction());
        };
        double room = longestMean - rt.otherMillis();
        if (!(room >= rt.cpuMillis())) {
            return Double.POSITIVE_INFINITY;
        }
        return wanted * rt.cpuMillis() / room;
    }

    private static double percentileMillis(double mean, Goal.PercentileResponseTime p) {
        return -mean * Math.log(1 - p.fraction());
    }
}
