package dev.hpm.sim.run;

import dev.hpm.core.loop.ControlInputs;
import dev.hpm.core.loop.ControlSettings;
import dev.hpm.core.loop.HostController;
import dev.hpm.core.loop.IntervalReport;
import dev.hpm.core.measure.MeasurementSettings;
import dev.hpm.core.model.ClassInfo;
import dev.hpm.core.model.Classifier;
import dev.hpm.core.model.Importance;
import dev.hpm.core.model.ManagementLevel;
import dev.hpm.core.model.ManagementLevels;
import dev.hpm.core.model.ServiceDefinition;
import dev.hpm.core.model.VirtualServerInfo;
import dev.hpm.core.pool.HostExecutor;
import dev.hpm.core.pool.PoolInterval;
import dev.hpm.core.pool.PoolRunner;
import dev.hpm.core.time.Timebase;
import dev.hpm.sim.SimClock;
import dev.hpm.sim.SimScheduler;
import dev.hpm.sim.host.SimDriver;
import dev.hpm.sim.scenario.Scenario;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Runs a scenario under one policy: builds the simulated pool ({@link ScenarioPool}) and runs the
 * production {@link HostController} of each host, unchanged, against the simulator's driver, in the
 * same {@link PoolRunner} as {@code hpm serve} and {@code hpm manage}, on a {@link SimScheduler}
 * that steps a {@link SimClock} tick by tick. Deterministic for a scenario and policy.
 */
public final class ScenarioRunner {
    private final Scenario scenario;
    private final Consumer<IntervalReport> observer;
    private final Progress progress;
    private final Timebase wall;

    /** Told how far a run has got. */
    @FunctionalInterface
    public interface Progress {
        void update(PolicyKind policy, double fraction);

        Progress NONE = (p, f) -> {
        };
    }

    /**
     * @param observer sees every interval report (e.g. to print a timeline); may be null
     * @param wall     the real clock, only to report how long the run itself took
     */
    public ScenarioRunner(Scenario scenario, Consumer<IntervalReport> observer, Progress progress, Timebase wall) {
        this.scenario = scenario;
        this.observer = observer;
        this.progress = progress == null ? Progress.NONE : progress;
        this.wall = wall;
    }

    /** A runner that reports its run time by the machine's clock. */
    public ScenarioRunner(Scenario scenario, Consumer<IntervalReport> observer, Progress progress) {
        this(scenario, observer, progress, Timebase.system());
    }

    public ScenarioRunner(Scenario scenario) {
        this(scenario, null, Progress.NONE);
    }

    public PolicyResult run(PolicyKind policy) {
        long started = wall.nanos();
        SimClock clock = new SimClock();
        ServiceDefinition definition = scenario.definition();
        Classifier classifier = new Classifier(definition);
        Map<String, Scenario.ServerSpec> specs = new LinkedHashMap<>();
        Map<String, ClassInfo> classes = new HashMap<>();
        for (Scenario.ServerSpec s : scenario.servers()) {
            specs.put(s.uuid(), s);
            classes.put(s.uuid(), classifier.classify(info(s)));
        }
        Map<String, Long> base = new HashMap<>();
        classes.forEach((uuid, c) -> base.put(uuid, policy.initialShares(c, scenario)));
        ScenarioLimits limits = new ScenarioLimits(scenario, classes, base);
        boolean handSet = policy.handSetLimits();
        ScenarioPool pool = ScenarioPool.builder(scenario)
                .scheduler(i -> policy.scheduler(scenario, i, classes))
                .initialShares(s -> handSet ? limits.shares(s.uuid()) : base.get(s.uuid()))
                .initialCaps(s -> handSet ? limits.cap(s) : s.capCpus())
                .build();
        ControlInputs inputs = inputs(definition, specs, new SimResponseTimes(specs, pool::domain, clock, scenario.seed()));
        ControlSettings settings = new ControlSettings(scenario.interval(), 6, 30, MeasurementSettings.DEFAULT,
                scenario.cpu());
        List<HostController> controllers = pool.hosts().stream().map(host -> new HostController(host.name(),
                new SimDriver(host, clock), clock, settings, inputs, policy.cpuPolicy(scenario))).toList();
        Scorer scorer = new Scorer(top(classes), disturbances(), scenario.interval().toNanos(),
                new LimitScore(limits.minimum(), limits.maximum()), GoalJudge.of(scenario.servers()));
        long ticksPerInterval = scenario.interval().toNanos() / scenario.tick().toNanos();
        long ticks = scenario.duration().toNanos() / scenario.tick().toNanos();
        SimScheduler scheduler = new SimScheduler(clock, scenario.tick(), pool);
        PoolRunner runner = new PoolRunner(controllers, scenario.interval(), clock, scheduler,
                HostExecutor.sequential(), (PoolInterval interval) -> {
            for (IntervalReport report : interval.reports()) {
                scorer.accept(report);
                if (observer != null) {
                    observer.accept(report);
                }
            }
            scorer.endInterval();
            if (interval.index() % 50 == 0) {
                progress.update(policy, (double) (interval.index() * ticksPerInterval) / ticks);
            }
        });
        pool.fireDue(0);
        runner.start();
        scheduler.runFor(scenario.duration());
        progress.update(policy, 1);
        return scorer.result(policy, scenario.servers().size(), (wall.nanos() - started) / 1_000_000);
    }

    static ControlInputs inputs(ServiceDefinition definition, Map<String, Scenario.ServerSpec> specs) {
        return inputs(definition, specs, dev.hpm.core.loop.ResponseTimeSource.NONE);
    }

    static ControlInputs inputs(ServiceDefinition definition, Map<String, Scenario.ServerSpec> specs,
                                dev.hpm.core.loop.ResponseTimeSource responseTimes) {
        ManagementLevels levels = ManagementLevels.all(ManagementLevel.MANAGE);
        return ControlInputs.of(() -> definition, () -> levels, (host, uuid, name) -> {
            Scenario.ServerSpec s = specs.get(uuid);
            return s == null ? new VirtualServerInfo(uuid, name, host, null, null) : info(s);
        }, responseTimes);
    }

    static VirtualServerInfo info(Scenario.ServerSpec s) {
        return new VirtualServerInfo(s.uuid(), s.name(), s.host(), s.tags(), s.osType());
    }

    static Importance top(Map<String, ClassInfo> classes) {
        return classes.values().stream().filter(c -> !c.isDiscretionary()).map(ClassInfo::importance)
                .min(Importance::compareTo).orElse(null);
    }

    /** Run start, every step of a step model, every event. */
    public List<Long> disturbances() {
        TreeSet<Long> at = new TreeSet<>();
        at.add(0L);
        scenario.servers().forEach(s -> at.addAll(s.demand().changePoints()));
        scenario.events().forEach(e -> at.add(e.at().toNanos()));
        return List.copyOf(at);
    }
}
