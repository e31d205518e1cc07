package dev.hpm.sim.run;

import dev.hpm.core.dwm.DwmPlanners;
import dev.hpm.core.dwm.DwmPolicy;
import dev.hpm.core.dwm.PoolPlanner;
import dev.hpm.core.loop.ControlSettings;
import dev.hpm.core.loop.HostController;
import dev.hpm.core.loop.IntervalReport;
import dev.hpm.core.measure.MeasurementSettings;
import dev.hpm.core.measure.VsMeasurement;
import dev.hpm.core.model.ClassInfo;
import dev.hpm.core.model.Classifier;
import dev.hpm.core.model.Importance;
import dev.hpm.core.pool.DwmStep;
import dev.hpm.core.pool.HostExecutor;
import dev.hpm.core.pool.PoolRunner;
import dev.hpm.core.pool.PoolStep;
import dev.hpm.core.pool.DwmRecords;
import dev.hpm.sim.SimClock;
import dev.hpm.sim.SimScheduler;
import dev.hpm.sim.host.SimDriver;
import dev.hpm.sim.scenario.PoolSpec;
import dev.hpm.sim.scenario.Scenario;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.UnaryOperator;

/**
 * Runs a scenario with a DWM pool under one pool policy on the production path: HPM's CPU manager
 * ({@link HostController}) on every simulated host through {@link SimDriver}, and the production
 * DWM planner as a {@link DwmStep} of the same {@link PoolRunner} {@code hpm serve} uses, acting
 * through a {@link SimPoolActuator}, all on the {@link SimScheduler}'s simulated clock.
 * Policies: {@code none} (the initial placement, every host on), {@code threshold} and {@code hpm}
 * ({@link DwmPlanners}). Deterministic for a scenario and policy.
 */
public final class DwmScenarioRunner {
    private final Scenario scenario;
    private final LongSupplier ticker;
    private UnaryOperator<DwmPolicy> tweak = UnaryOperator.identity();
    private Consumer<Run> observer = r -> {
    };

    /** What an observer sees of a run after each interval (to approve a plan, to watch progress). */
    public record Run(DwmStep dwm, SimPoolActuator pool, DwmRecords.IntervalRecord last) {
    }

    /** @param ticker the machine's nanoseconds, for the planner's time only */
    public DwmScenarioRunner(Scenario scenario, LongSupplier ticker) {
        if (scenario.pool() == null) {
            throw new IllegalArgumentException("scenario " + scenario.name() + " has no dwm section");
        }
        this.scenario = scenario;
        this.ticker = ticker;
    }

    /** Changes the scenario's DWM policy for the runs (e.g. the mode). */
    public DwmScenarioRunner policy(UnaryOperator<DwmPolicy> change) {
        this.tweak = change;
        return this;
    }

    /** Sees every interval of the {@code threshold} and {@code hpm} runs. */
    public DwmScenarioRunner observer(Consumer<Run> value) {
        this.observer = value;
        return this;
    }

    public DwmResult run(String policyName) {
        PoolSpec spec = scenario.pool();
        boolean none = policyName.equals("none");
        DwmPolicy policy = tweak.apply(spec.policy());
        PoolPlanner planner = none ? null : DwmPlanners.byName(policyName).orElseThrow(() ->
                new IllegalArgumentException("\"" + policyName + "\" is not a pool policy; use none, threshold or hpm"))
                .create(policy);
        long started = ticker.getAsLong();
        SimClock clock = new SimClock();
        Classifier classifier = new Classifier(scenario.definition());
        Map<String, Scenario.ServerSpec> specs = new LinkedHashMap<>();
        Map<String, ClassInfo> classes = new HashMap<>();
        for (Scenario.ServerSpec s : scenario.servers()) {
            specs.put(s.uuid(), s);
            classes.put(s.uuid(), classifier.classify(ScenarioRunner.info(s)));
        }
        ScenarioPool pool = ScenarioPool.builder(scenario).build();
        PoolSpec run = none ? new PoolSpec(spec.policy(), spec.policies(), spec.powerModels(), java.util.Set.of(),
                spec.boot(), spec.shutdown(), spec.bandwidthMbPerS(), spec.dirtyMbPerS(), spec.events()) : spec;
        SimPoolActuator actuator = new SimPoolActuator(pool, run);
        ControlSettings settings = new ControlSettings(scenario.interval(), 6, 30, MeasurementSettings.DEFAULT,
                scenario.cpu());
        var inputs = ScenarioRunner.inputs(scenario.definition(), specs,
                new SimResponseTimes(specs, pool::domain, clock, scenario.seed()));
        List<HostController> controllers = pool.hosts().stream().map(host -> new HostController(host.name(),
                new SimDriver(host, clock), clock, settings, inputs, PolicyKind.HPM.cpuPolicy(scenario))).toList();
        Importance top = ScenarioRunner.top(classes);
        GoalJudge judge = GoalJudge.of(scenario.servers());
        Scorer scorer = new Scorer(top, List.of(0L), scenario.interval().toNanos(), LimitScore.none(), judge);
        int[] topMissed = {0};
        int[] must = {0};
        RuleCheck rules = new RuleCheck(policy.rules(), actuator::hostOf);
        PoolStep score = interval -> {
            boolean missed = false;
            for (IntervalReport r : interval.reports()) {
                scorer.accept(r);
                if (r.measurement() != null) {
                    for (VsMeasurement m : r.measurement().servers()) {
                        missed |= m.serviceClass().importance() == top && judge.pi(m) > 1;
                    }
                }
            }
            scorer.endInterval();
            topMissed[0] += missed ? 1 : 0;
            must[0] += rules.mustViolations();
        };
        DwmStep dwm = none ? null : new DwmStep(planner, policy, actuator, actuator, controllers, ticker);
        if (dwm != null) {
            dwm.observer(r -> observer.accept(new Run(dwm, actuator, r)));
        }
        SimScheduler scheduler = new SimScheduler(clock, scenario.tick(), actuator);
        PoolRunner runner = new PoolRunner(controllers, scenario.interval(), clock, scheduler, HostExecutor.sequential(),
                dwm == null ? score : score.andThen(dwm));
        actuator.fireDue(0);
        runner.start();
        scheduler.runFor(scenario.duration());
        List<DwmRecords.IntervalRecord> intervals = dwm == null ? List.of() : dwm.intervals();
        double mean = intervals.stream().mapToLong(DwmRecords.IntervalRecord::plannerNanos).average().orElse(0) / 1e6;
        double max = intervals.stream().mapToLong(DwmRecords.IntervalRecord::plannerNanos).max().orElse(0) / 1e6;
        PolicyResult cpu = scorer.result(PolicyKind.HPM, scenario.servers().size(), (ticker.getAsLong() - started) / 1_000_000);
        return new DwmResult(policyName, cpu, actuator.power().kwh(), actuator.migrations(), actuator.failedMigrations(),
                topMissed[0], must[0], dwm == null ? List.of() : dwm.plans(), intervals, mean, max);
    }

    /** Must rules broken where the servers run now. */
    private record RuleCheck(DwmPolicy.Rules rules, java.util.function.Function<String, String> hostOf) {
        int mustViolations() {
            int n = 0;
            for (DwmPolicy.HostRule r : rules.hostRules()) {
                String h = hostOf.apply(r.server());
                if (r.strength() == DwmPolicy.Strength.MUST && h != null && !r.allows(h)) {
                    n++;
                }
            }
            for (DwmPolicy.ServerGroup g : rules.groups()) {
                if (g.strength() != DwmPolicy.Strength.MUST) {
                    continue;
                }
                List<String> hosts = new ArrayList<>();
                g.servers().forEach(s -> {
                    String h = hostOf.apply(s);
                    if (h != null) {
                        hosts.add(h);
                    }
                });
                long distinct = hosts.stream().distinct().count();
                n += g.anti() ? hosts.size() - (int) distinct : (int) distinct - Math.min(1, hosts.size());
            }
            return n;
        }
    }
}
