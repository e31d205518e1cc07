package dev.hpm.core.dwm;

import java.time.Instant;
import java.util.List;

/**
 * Everything the DWM planner is told about a pool in one interval: its hosts, its servers and
 * the migrations in flight. Built by the pool runner from the interval's host reports (in
 * {@code hpm serve}, {@code hpm manage} and the simulator alike).
 *
 * @param at         the end of the interval, from the injected clock
 * @param hosts      every host of the pool, whatever its power state
 * @param servers    every server running on a host of the pool
 * @param inFlight   migrations started by an earlier plan and not finished
 */
public record PoolView(Instant at, List<PoolHost> hosts, List<PoolServer> servers, List<InFlight> inFlight) {
    public PoolView {
        hosts = List.copyOf(hosts);
        servers = List.copyOf(servers);
        inFlight = List.copyOf(inFlight);
    }

    /** A migration in flight: server from → to, started at. */
    public record InFlight(String server, String from, String to, Instant started) {
    }
}
