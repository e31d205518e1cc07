package dev.hpm.sim.pool;

import dev.hpm.core.dwm.DwmMode;
import dev.hpm.core.dwm.DwmPolicy;
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
 * The pool policies a pool scenario can be run under, by name: {@code none}, CloudSim's references
 * {@code thr-mmt} and {@code lr-mmt}, and the production planners of {@code dev.hpm.core.dwm},
 * {@code threshold} and {@code hpm}, built from the scenario's {@code dwm} section
 * ({@link DwmPolicyReader}).
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
                (s, c) -> MmtPlanner.thr(s.threshold(), s.rules().floorPerUnit()));
        register("lr-mmt", "CloudSim's local regression (safety 1.2) with minimum migration time and PABFD (LR-MMT)",
                (s, c) -> MmtPlanner.lr(MmtPlanner.DEFAULT_SAFETY, s.interval().toMillis() / 1000.0,
                        s.rules().migration().bandwidthMbPerS(), s.rules().floorPerUnit()));
        register("threshold", "ConVirt-style thresholds with HPM's defaults (dev.hpm.core.dwm.DwmPlanner.threshold)",
                (s, c) -> dwm("threshold", s));
        register("hpm", "HPM's goal-aware DWM planner (dev.hpm.core.dwm.DwmPlanner.goalAware)", (s, c) -> dwm("hpm", s));
    }

    /** The planner of {@code none}: never proposes anything. */
    public static final PoolPlanner NONE = view -> new Plan(view.at(), DwmMode.OFF, List.of(),
            new Efficacy(Double.NaN, 0, 0, 0, 0, 0, Double.NaN, Double.NaN), List.of("policy none: placement is kept"));

    private PoolPolicies() {
    }

    /** A production DWM planner with the scenario's {@code dwm} section (the defaults where it says nothing). */
    private static PoolPlanner dwm(String name, PoolScenario scenario) {
        DwmPolicy policy = DwmPolicyReader.read(scenario.dwm(), scenario.hosts().stream().map(SimPool.HostSpec::id).toList());
        return DwmStudyPlanners.create(name, policy, scenario.rules()).orElseThrow();
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
