package dev.hpm.sim.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hpm.core.model.ClassInfo;
import dev.hpm.core.model.ServiceDefinition;
import dev.hpm.sim.pool.PoolEvents;
import dev.hpm.sim.pool.PoolRules;
import dev.hpm.sim.pool.SimPool;

import java.time.Duration;
import java.util.List;
import java.util.function.LongToDoubleFunction;

/**
 * A pool scenario (a scenario file with a {@code pool} section): hosts, servers, the pool's
 * rules, the policies to compare, events. Loaded by {@link PoolScenarioLoader}; always valid.
 *
 * @param firstDecision  the first decision instant (CloudSim: 300.1 s); then one per interval up to the duration
 * @param placement      how servers are placed at the start
 * @param policies       the pool policies {@code hpm simulate} runs by default
 * @param threshold      THR-MMT's utilisation threshold
 * @param dwm            the scenario's {@code dwm} section as written, for the production planner's
 *                       own reader (null if absent)
 * @param traceDirectory the trace directory of the servers (after any {@code --traces}), null if none
 */
public record PoolScenario(String name, String description, Duration duration, Duration interval,
                           Duration firstDecision, long seed, PoolRules rules, Placement placement,
                           List<String> policies, double threshold, ServiceDefinition definition,
                           List<SimPool.HostSpec> hosts, List<Server> servers, List<PoolEvents.Event> events,
                           JsonNode dwm, java.nio.file.Path traceDirectory) {
    public PoolScenario {
        policies = List.copyOf(policies);
        hosts = List.copyOf(hosts);
        servers = List.copyOf(servers);
        events = List.copyOf(events);
    }

    /** How servers are placed at the start. */
    public enum Placement {
        /** CloudSim's PABFD in id order at t = 0 ({@code dev.hpm.sim.pool.InitialPlacement}). */
        CLOUDSIM_PABFD,
        /** Each server on the host the scenario names. */
        AS_WRITTEN
    }

    /**
     * A server of the pool.
     *
     * @param host   the host it starts on (index into hosts), −1 when the placement decides
     * @param demand CPU units requested at an instant (ns), created per run from the seed
     */
    public record Server(String name, String uuid, int host, int vcpus, double maxCpu, long memoryMb,
                         java.util.function.LongFunction<LongToDoubleFunction> demand, ClassInfo serviceClass) {
    }
}
