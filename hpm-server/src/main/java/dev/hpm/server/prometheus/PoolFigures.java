package dev.hpm.server.prometheus;

import java.util.List;
import java.util.Map;

/**
 * One server pool's figures for a scrape: its hosts' power state, draw and maintenance, and the
 * counts of migrations by result and plans by status since the server started.
 *
 * @param migrations migrations finished since the server started, by result (done, failed, aborted)
 * @param plans      plans that reached each status since the server started
 */
public record PoolFigures(String pool, List<Host> hosts, Map<String, Long> migrations, int inFlight,
                          Map<String, Long> plans) {
    public PoolFigures {
        hosts = List.copyOf(hosts);
        migrations = Map.copyOf(migrations);
        plans = Map.copyOf(plans);
    }

    /** A host by name: its power state as the API names it, its watts now, whether it is in maintenance. */
    public record Host(String name, String powerState, double watts, boolean maintenance) {
    }
}
