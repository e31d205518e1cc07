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
import dev.hpm.sim.SimClock;
import dev.hpm.sim.host.SimDomain;
import dev.hpm.sim.host.SimDriver;
import dev.hpm.sim.host.SimHost;
import dev.hpm.sim.scenario.Scenario;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Runs a scenario under one policy: builds the simulated hosts and servers, drives them tick by
 * tick on a {@link SimClock}, and every interval runs the production {@link HostController} of each
 * host, unchanged, against the simulator's driver. Deterministic for a scenario and policy.
 */
public final class ScenarioRunner {
    private final Scenario scenario;
    private final Consumer<IntervalReport> observer;
    private final Progress progress;

    /** Told how far a run has got. */
    @FunctionalInterface
    public interface Progress {
        void update(PolicyKind policy, double fraction);

        Progress NONE = (p, f) -> {
        };
    }

    /**
     * @param observer sees every interval report (e.g. to print a timeline); may be null
     */
    public ScenarioRunner(Scenario scenario, Consumer<IntervalReport> observer, Progress progress) {
        this.scenario = scenario;
        this.observer = observer;
        this.progress = progress == null ? Progress.NONE : progress;
    }

    public ScenarioRunner(Scenario scenario) {
        this(scenario, null, Progress.NONE);
    }

    public PolicyResult run(PolicyKind policy) {
        long started = System.nanoTime(); // wall time of the run itself, reported only
        SimClock clock = new SimClock();
        ServiceDefinition definition = scenario.definition();
        Classifier classifier = new Classifier(definition);
        Map<String, Scenario.ServerSpec> specs = new LinkedHashMap<>();
        Map<String, ClassInfo> classes = new HashMap<>();
        for (Scenario.ServerSpec s : scenario.servers()) {
            specs.put(s.uuid(), s);
            classes.put(s.uuid(), classifier.classify(info(s)));
        }
        Map<String, SimHost> hosts = new LinkedHashMap<>();
        for (int i = 0; i < scenario.hosts().size(); i++) {
            Scenario.HostSpec h = scenario.hosts().get(i);
            hosts.put(h.name(), new SimHost(h.name(), h.cpus(), h.memoryKiB(), policy.scheduler(scenario, i, classes)));
        }
        Map<String, SimDomain> domains = new HashMap<>();
        for (Scenario.ServerSpec s : scenario.servers()) {
            SimDomain d = new SimDomain(s.uuid(), s.name(), s.vcpus(), s.memoryKiB(),
                    s.demand().create(scenario.seed() * 1_000_003L + s.uuid().hashCode()),
                    policy.initialShares(classes.get(s.uuid()), scenario), s.capCpus());
            hosts.get(s.host()).add(d);
            domains.put(s.name(), d);
        }
        ControlInputs inputs = inputs(definition, specs);
        ControlSettings settings = new ControlSettings(scenario.interval(), 6, 30, MeasurementSettings.DEFAULT,
                scenario.cpu());
        List<HostController> controllers = new ArrayList<>();
        for (SimHost host : hosts.values()) {
            controllers.add(new HostController(host.name(), new SimDriver(host, clock), clock, settings, inputs,
                    policy.cpuPolicy(scenario)));
        }
        Scorer scorer = new Scorer(top(classes), disturbances(), scenario.interval().toNanos());
        long tick = scenario.tick().toNanos();
        long ticksPerInterval = scenario.interval().toNanos() / tick;
        long ticks = scenario.duration().toNanos() / tick;
        Events events = new Events(scenario.events(), hosts, domains);
        events.fire(0);
        controllers.forEach(HostController::start);
        for (long t = 0; t < ticks; t++) {
            long now = clock.nanos();
            events.fire(now);
            for (SimHost host : hosts.values()) {
                host.tick(now, tick);
            }
            clock.advance(tick);
            if ((t + 1) % ticksPerInterval == 0) {
                events.fire(clock.nanos());
                for (HostController c : controllers) {
                    IntervalReport report = c.runInterval();
                    scorer.accept(report);
                    if (observer != null) {
                        observer.accept(report);
                    }
                }
                scorer.endInterval();
                if (((t + 1) / ticksPerInterval) % 50 == 0) {
                    progress.update(policy, (double) (t + 1) / ticks);
                }
            }
        }
        progress.update(policy, 1);
        return scorer.result(policy, scenario.servers().size(), (System.nanoTime() - started) / 1_000_000);
    }

    private ControlInputs inputs(ServiceDefinition definition, Map<String, Scenario.ServerSpec> specs) {
        ManagementLevels levels = ManagementLevels.all(ManagementLevel.MANAGE);
        return ControlInputs.of(() -> definition, () -> levels, (host, uuid, name) -> {
            Scenario.ServerSpec s = specs.get(uuid);
            return s == null ? new VirtualServerInfo(uuid, name, host, null, null) : info(s);
        });
    }

    private static VirtualServerInfo info(Scenario.ServerSpec s) {
        return new VirtualServerInfo(s.uuid(), s.name(), s.host(), s.tags(), s.osType());
    }

    private static Importance top(Map<String, ClassInfo> classes) {
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

    /** Fires scenario events when their time comes. */
    private static final class Events {
        private final List<Scenario.Event> pending;
        private final Map<String, SimHost> hosts;
        private final Map<String, SimDomain> domains;
        private final Map<SimHost, Long> unreachableUntil = new HashMap<>();

        Events(List<Scenario.Event> events, Map<String, SimHost> hosts, Map<String, SimDomain> domains) {
            this.pending = new ArrayList<>(events);
            this.hosts = hosts;
            this.domains = domains;
        }

        void fire(long now) {
            while (!pending.isEmpty() && pending.getFirst().at().toNanos() <= now) {
                switch (pending.removeFirst()) {
                    case Scenario.Event.Restart r -> domains.get(r.server()).restart();
                    case Scenario.Event.HostUnreachable u -> {
                        SimHost host = hosts.get(u.host());
                        host.reachable(false);
                        unreachableUntil.put(host, u.at().plus(u.lasting()).toNanos());
                    }
                }
            }
            unreachableUntil.entrySet().removeIf(e -> {
                if (e.getValue() <= now) {
                    e.getKey().reachable(true);
                    return true;
                }
                return false;
            });
        }
    }
}
