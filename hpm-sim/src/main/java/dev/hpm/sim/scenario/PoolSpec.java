package dev.hpm.sim.scenario;

import dev.hpm.core.dwm.DwmPolicy;
import dev.hpm.core.dwm.PowerModel;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The server pool of a scenario with a {@code dwm} section: the DWM policy, the pool policies
 * {@code hpm simulate} compares, each host's power model, which hosts start powered off, the
 * power and live-migration delays, and the pool's events. The production CPU manager and DWM
 * planner run on it unchanged ({@code dev.hpm.sim.run.DwmScenarioRunner}); scenarios/README.md.
 *
 * @param bandwidthMbPerS what one live migration copies per second (MB/s)
 * @param dirtyMbPerS     how fast a migrating guest dirties memory (MB/s), for the pre-copy rounds
 */
public record PoolSpec(DwmPolicy policy, List<String> policies, Map<String, PowerModel> powerModels,
                       Set<String> startOff, Duration boot, Duration shutdown, double bandwidthMbPerS,
                       double dirtyMbPerS, List<Event> events) {
    public PoolSpec {
        policies = List.copyOf(policies);
        powerModels = Map.copyOf(powerModels);
        startOff = Set.copyOf(startOff);
        events = List.copyOf(events);
    }

    /** Something that happens to the pool during the run. */
    public sealed interface Event {
        Duration at();

        /** The operator puts {@code host} in maintenance for {@code lasting} (null: to the end). */
        record Maintenance(Duration at, String host, Duration lasting) implements Event {
        }

        /** The next power-on of {@code host} fails (it does not come up by its deadline). */
        record PowerOnFails(Duration at, String host) implements Event {
        }

        /** The next live migration of {@code server} fails half-way. */
        record MigrationFails(Duration at, String server) implements Event {
        }
    }
}
