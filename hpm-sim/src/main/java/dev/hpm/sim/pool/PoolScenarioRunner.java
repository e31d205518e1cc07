package dev.hpm.sim.pool;

import dev.hpm.sim.SimClock;
import dev.hpm.sim.scenario.PoolScenario;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Runs a pool scenario under a pool policy: builds the {@link SimPool} afresh (same demand for
 * every policy: demand models are created from the scenario seed), places the servers, and runs
 * the policy's planner with {@link PoolRun}. Deterministic for a scenario and policy except the
 * planner's measured time, which comes from the injected ticker.
 */
public final class PoolScenarioRunner {
    private final PoolScenario scenario;
    private final LongSupplier ticker;

    /** @param ticker real-time nanoseconds for the planner's time (System::nanoTime) */
    public PoolScenarioRunner(PoolScenario scenario, LongSupplier ticker) {
        this.scenario = scenario;
        this.ticker = ticker;
    }

    public PoolResult run(String policy) {
        long started = ticker.getAsLong();
        SimClock clock = new SimClock();
        SimPool pool = pool();
        PoolRun run = new PoolRun(pool, PoolPolicies.create(policy, scenario, clock),
                new PoolEvents(scenario.events(), scenario.rules().bootDelay()), ticker);
        long end = scenario.duration().toNanos();
        PoolRun.Outcome o = run.run(scenario.firstDecision().toNanos(), scenario.interval().toNanos(), end, clock);
        return PoolResult.of(policy, o, end / 1e9, (ticker.getAsLong() - started) / 1_000_000);
    }

    /** The scenario's pool with its servers placed. */
    public SimPool pool() {
        List<SimPool.ServerSpec> servers = new ArrayList<>(scenario.servers().size());
        int i = 0;
        for (PoolScenario.Server s : scenario.servers()) {
            servers.add(new SimPool.ServerSpec(s.name(), s.maxCpu(), s.vcpus(), s.memoryMb(),
                    s.demand().apply(scenario.seed() * 1_000_003L + i++), s.serviceClass(), 1024));
        }
        SimPool pool = new SimPool(scenario.hosts(), servers, scenario.rules());
        if (scenario.placement() == PoolScenario.Placement.CLOUDSIM_PABFD) {
            InitialPlacement.cloudSim(pool, scenario.threshold());
        } else {
            for (int s = 0; s < servers.size(); s++) {
                pool.place(s, scenario.servers().get(s).host());
            }
        }
        return pool;
    }
}
