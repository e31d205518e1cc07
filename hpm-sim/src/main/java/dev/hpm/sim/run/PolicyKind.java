package dev.hpm.sim.run;

import dev.hpm.core.cpu.CpuManager;
import dev.hpm.core.cpu.CpuPolicy;
import dev.hpm.core.cpu.HostDecision;
import dev.hpm.core.cpu.NoAction;
import dev.hpm.core.model.ClassInfo;
import dev.hpm.core.model.Names;
import dev.hpm.core.driver.SchedulerParameters;
import dev.hpm.sim.host.CpuScheduler;
import dev.hpm.sim.scenario.Scenario;

import java.util.List;
import java.util.Map;

/** The ways of sharing CPU that a scenario compares. */
public enum PolicyKind {
    /** Every server at the KVM default of 1024 shares; nobody manages anything. */
    NONE("every server at the KVM default 1024 shares, no manager") {
        @Override
        public long initialShares(ClassInfo c, Scenario s) {
            return SchedulerParameters.DEFAULT_SHARES;
        }
    },
    /** Shares fixed by importance, as an administrator would set them by hand. */
    STATIC("shares fixed by importance, 4:2:1 over the five levels, as an administrator would set them") {
        @Override
        public long initialShares(ClassInfo c, Scenario s) {
            return c.isDiscretionary() ? s.discretionaryShares() : s.staticShares().get(c.importance());
        }
    },
    /** HPM's goal-oriented CPU manager, starting from the KVM default shares. */
    HPM("HPM's goal-oriented CPU manager, from the KVM default shares") {
        @Override
        public CpuPolicy cpuPolicy(Scenario s) {
            return new CpuManager(s.cpu());
        }

        @Override
        public boolean handSetLimits() {
            return false;
        }
    },
    /** Perfect knowledge of demand every tick; goals met in importance order. */
    ORACLE("perfect knowledge of demand each tick, goals met in importance order: the limit") {
        @Override
        public CpuScheduler scheduler(Scenario s, int hostIndex, Map<String, ClassInfo> classes) {
            Map<String, Double> minimum = new java.util.HashMap<>();
            ScenarioLimits.limits(s.definition(), minimum, new java.util.HashMap<>());
            return new OracleScheduler(classes, dev.hpm.core.measure.MeasurementSettings.DEFAULT.minSampleCpus(), minimum,
                    SimResponseTimes.timed(s.servers()));
        }
    };

    private final String description;

    PolicyKind(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }

    public String label() {
        return Names.label(this);
    }

    public static PolicyKind parse(String text) {
        return Names.parse(PolicyKind.class, text, "--policies");
    }

    /** The shares a server starts with. */
    public long initialShares(ClassInfo c, Scenario s) {
        return SchedulerParameters.DEFAULT_SHARES;
    }

    /**
     * Whether the group CPU limits are set by hand before the run ({@link ScenarioLimits}: caps from
     * maxima, shares raised for minima) rather than by a manager; true for all but {@code hpm}.
     */
    public boolean handSetLimits() {
        return true;
    }

    /** The CPU policy run every interval (by default one that changes nothing). */
    public CpuPolicy cpuPolicy(Scenario s) {
        return (view, ledger, interval) -> new HostDecision(new NoAction(view.host(), NoAction.Reason.NOT_MANAGED,
                "policy " + label() + ": no CPU manager", List.of()), List.of());
    }

    /** How host {@code hostIndex} divides its CPUs. */
    public CpuScheduler scheduler(Scenario s, int hostIndex, Map<String, ClassInfo> classes) {
        return ScenarioPool.defaultScheduler(s, hostIndex);
    }
}
