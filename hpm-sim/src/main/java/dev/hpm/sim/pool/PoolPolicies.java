package dev.hpm.sim.pool;

import dev.hpm.core.dwm.DwmMode;
import dev.hpm.core.dwm.Efficacy;
import dev.hpm.core.dwm.Plan;
import dev.hpm.core.dwm.PoolPlanner;
import dev.hpm.core.time.Timebase;
import dev.hpm.sim.scenario.PoolScenario;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The pool policies a pool scenario can be run under, by name. Built in: {@code none} and
 * {@code thr-mmt}. {@code threshold} and {@code hpm} are slots for the production planners of
 * {@code dev.hpm.core.dwm}: replace their factories below (or {@link #register} them) with ones
 * that build the planner from the scenario ({@link PoolScenario#dwm()} holds the scenario's
 * {@code dwm} section as written) and the simulated clock.
 */
public final class PoolPolicies {
    /** Builds a fresh planner for one run of a scenario; the clock is the run's simulated clock. */
    @FunctionalInterface
    public interface Factory {
        PoolPlanner create(PoolScenario scenario, Timebase clock);
    }

    /** A registered policy. */
    public record Policy(String name, String description, Factory factory) {
    }

    private static final Map<String, Policy> POLICIES = new LinkedHashMap<>();

    static {
        register("none", "the initial placement kept, every host on: no migrations", (s, c) -> PoolPolicies.NONE);
        register("thr-mmt", "CloudSim's static threshold with minimum migration time and PABFD (THR-MMT)",
                (s, c) -> new ThrMmtPlanner(s.threshold(), s.rules().floorPerUnit()));
        register("threshold", "ConVirt-style thresholds with HPM's defaults (dev.hpm.core.dwm; not built yet)", null);
        register("hpm", "HPM's goal-aware DWM planner (dev.hpm.core.dwm; not built yet)", null);
    }

    /** The planner of {@code none}: never proposes anything. */
    public static final PoolPlanner NONE = view -> new Plan(view.at(), DwmMode.OFF, List.of(),
            new Efficacy(Double.NaN, 0, 0, 0, 0, 0, Double.NaN, Double.NaN), List.of("policy none: placement is kept"));

    private PoolPolicies() {
    }

    /** Adds or replaces a policy; a null factory marks a slot that is not available yet. */
    public static synchronized void register(String name, String description, Factory factory) {
        POLICIES.put(name, new Policy(name, description, factory));
    }

    public static synchronized Optional<Policy> find(String name) {
        return Optional.ofNullable(POLICIES.get(name));
    }

    public static synchronized List<Policy> all() {
        return List.copyOf(POLICIES.values());
    }

    /** The planner for {@code name}, or an exception whose message names the choices. */
    public static PoolPlanner create(String name, PoolScenario scenario, Timebase clock) {
        Policy p = find(name).orElseThrow(() -> new IllegalArgumentException("\"" + name
                + "\" is not a pool policy; use one of " + all().stream().map(Policy::name).toList()));
        if (p.factory() == null) {
            throw new IllegalArgumentException("pool policy " + name + " is not available yet (" + p.description()
                    + "); use none or thr-mmt");
        }
        return p.factory().create(scenario, clock);
    }
}
