package dev.hpm.sim.scenario;

import dev.hpm.sim.demand.DemandModel;

import java.util.List;
import java.util.function.LongFunction;

/**
 * A parsed demand model description. Each run creates fresh models (random ones keep state), seeded
 * from the scenario seed and the server, so that every policy sees exactly the same demand.
 *
 * @param describe    how the scenario file wrote it, for reports
 * @param changePoints instants at which the demand steps (scenario disturbances), in nanoseconds
 */
public record DemandSpec(String describe, List<Long> changePoints, LongFunction<DemandModel> factory) {
    public DemandModel create(long seed) {
        return factory.apply(seed);
    }
}
