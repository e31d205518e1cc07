package dev.hpm.sim.run;

import dev.hpm.core.loop.ResponseTimeSource;
import dev.hpm.core.measure.Completions;
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
        Scenario.ResponseTimeSpec rt = spec.responseTime();
        double stretch = using > 0 ? (using + delay) / using : 100;
        double mean = rt.otherMillis() + rt.cpuMillis() * stretch;
        int n = (int) Math.round(rt.ratePerSecond() * (now[0] - before[0]) / 1e9);
        double[] times = new double[n];
        for (int i = 0; i < n; i++) {
            times[i] = -mean * Math.log(1 - random.nextDouble());
        }
        return Completions.of(times);
    }
}
