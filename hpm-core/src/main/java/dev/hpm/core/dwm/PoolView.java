package dev.hpm.core.dwm;

import dev.hpm.core.model.ClassKey;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything the DWM planner is told about a pool in one interval: its hosts, its servers and
 * the migrations in flight. Built by the pool runner from the interval's host reports (in
 * {@code hpm serve}, {@code hpm manage} and the simulator alike).
 *
 * @param at         the end of the interval, from the injected clock
 * @param hosts      every host of the pool, whatever its power state
 * @param servers    every server running on a host of the pool
 * @param inFlight   migrations started by an earlier plan and not finished
 * @param classPis   the PI of each response-time class over all its servers in the pool this interval
 *                   (from their completions merged over the hosts; none with too few): what the goal
 *                   projection judges a server of the class by when it has too few completions for a PI
 *                   of its own ({@link PoolServer#pi} NaN), as the CPU manager does on a host
 */
public record PoolView(Instant at, List<PoolHost> hosts, List<PoolServer> servers, List<InFlight> inFlight,
                       Map<ClassKey, Double> classPis) {
    public PoolView {
        hosts = List.copyOf(hosts);
        servers = List.copyOf(servers);
        inFlight = List.copyOf(inFlight);
        classPis = Map.copyOf(classPis);
    }

    /** A view without class PIs: a response-time server without its own PI is not judged. */
    public PoolView(Instant at, List<PoolHost> hosts, List<PoolServer> servers, List<InFlight> inFlight) {
        this(at, hosts, servers, inFlight, Map.of());
    }

    /**
     * The PI the goal projection takes for {@code server}: its own, or, without one (too few
     * completions), its class's over the pool ({@link #classPis}); NaN if neither.
     */
    public double piOf(PoolServer server) {
        if (!Double.isNaN(server.pi())) {
            return server.pi();
        }
        Double c = classPis.get(server.serviceClass().key());
        return c == null ? Double.NaN : c;
    }

    /** A migration in flight: server from → to, started at. */
    public record InFlight(String server, String from, String to, Instant started) {
    }
}
