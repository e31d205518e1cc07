package dev.hpm.core.dwm;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/** The production DWM planners by the names the simulator and the server use. */
public enum DwmPlanners {
    /** HPM's goal-aware planner ({@link DwmPlanner#goalAware}). */
    HPM("hpm", DwmPlanner::goalAware),
    /** ConVirt-style thresholds with HPM's defaults ({@link DwmPlanner#threshold}). */
    THRESHOLD("threshold", DwmPlanner::threshold);

    private final String label;
    private final Function<DwmPolicy, DwmPlanner> factory;

    DwmPlanners(String label, Function<DwmPolicy, DwmPlanner> factory) {
        this.label = label;
        this.factory = factory;
    }

    public String label() {
        return label;
    }

    /** A new planner (planners keep state: one per pool and run). */
    public DwmPlanner create(DwmPolicy policy) {
        return factory.apply(policy);
    }

    public static Optional<DwmPlanners> byName(String name) {
        String wanted = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(p -> p.label.equals(wanted)).findFirst();
    }
}
