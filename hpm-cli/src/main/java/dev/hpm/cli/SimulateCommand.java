package dev.hpm.cli;

import dev.hpm.core.cpu.CpuManagerSettings;
import dev.hpm.core.model.InvalidDefinitionException;
import dev.hpm.core.model.Names;
import dev.hpm.sim.run.PolicyKind;
import dev.hpm.sim.run.PolicyResult;
import dev.hpm.sim.run.RandomStudy;
import dev.hpm.sim.run.ScenarioRunner;
import dev.hpm.sim.scenario.RandomScenarios;
import dev.hpm.sim.scenario.Scenario;
import dev.hpm.sim.scenario.ScenarioException;
import dev.hpm.sim.scenario.ScenarioLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code hpm simulate}: runs a scenario under several policies and reports how each did. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = {"Runs a scenario on simulated KVM hosts under each policy and compares goal attainment.",
                "Policies: none (KVM default 1024 shares), static (shares fixed by importance, 4:2:1),",
                "hpm (the CPU manager), oracle (perfect knowledge each tick: the limit).",
                "Pool scenarios (with a pool section) compare pool policies: none, thr-mmt (CloudSim's THR-MMT),",
                "threshold and hpm (DWM), with CloudSim's measures; --traces DIR runs them on other traces.",
                "Host scenarios with a dwm section run none, threshold and hpm with the CPU manager on every host.",
                "Scenarios are YAML files; see scenarios/README.md."})
public final class SimulateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "SCENARIO", arity = "0..1",
            description = "Scenario file, e.g. scenarios/contention.yaml (none with --random)")
    Path scenarioFile;

    @Option(names = "--random", paramLabel = "N", description = {"Instead of a file: N random single-host scenarios",
            "(classes at every importance level, random goals, demand, caps and minimums); reports HPM's",
            "attainment as a fraction of the oracle's per level and share reversals"})
    Integer random;

    @Option(names = "--seed", paramLabel = "S", description = "With --random: the seed (default 1); the same seed gives the same scenarios")
    long seed = 1;

    @Option(names = "--worst", paramLabel = "K", description = {"With --random: also list the K worst scenarios per level",
            "(and against static, and by reversals) with their index for --pick"})
    Integer worst;

    @Option(names = "--pick", paramLabel = "INDEX", description = {"With --random: run only scenario INDEX (0 … N-1) of the seed,",
            "as a scenario file would be run (the full report; --timeline works); --show-yaml prints its file"})
    Integer pick;

    @Option(names = "--show-yaml", description = "With --random and --pick: print the scenario's YAML instead of running it")
    boolean showYaml;

    @Option(names = "--policies", split = ",", paramLabel = "POLICY",
            description = "Policies to run, comma-separated (default: none,static,hpm,oracle)")
    List<String> policies = List.of("none", "static", "hpm", "oracle");

    @Option(names = "--cpu-strategy", paramLabel = "STRATEGY", description = {"With --random: the CPU manager's strategy,",
            "receiver (default: one receiver per interval, as z/OS WLM) or plan (the whole host planned each interval);",
            "in a scenario file: cpu-manager: {strategy: plan}"})
    String cpuStrategy;

    @Option(names = "--format", paramLabel = "FORMAT", description = "table (default) or json")
    String format = "table";

    @Option(names = "--timeline", description = "Also print every interval of the hpm run: PIs per class and the decision")
    boolean timeline;

    @Option(names = "--timeline-servers", description = "With --timeline: also every server's demand, use, shares (and their change) and cap")
    boolean timelineServers;

    @Option(names = "--timeline-host", paramLabel = "HOST", description = "With --timeline: only this host (default: all)")
    String timelineHost;

    @Option(names = "--traces", paramLabel = "DIR", description = {"Pool scenarios: replace every trace directory by DIR",
            "(e.g. another day of ../shared/data/planetlab); the server count follows its files"})
    Path traces;

    private CpuManagerSettings.Strategy strategy() {
        if (cpuStrategy == null) {
            return CpuManagerSettings.Strategy.RECEIVER;
        }
        try {
            return Names.parse(CpuManagerSettings.Strategy.class, cpuStrategy, "--cpu-strategy");
        } catch (InvalidDefinitionException e) {
            throw new Main.UserException("--cpu-strategy is \"" + cpuStrategy + "\": use one of "
                    + Names.choices(CpuManagerSettings.Strategy.class));
        }
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!format.equals("table") && !format.equals("json")) {
            throw new Main.UserException("--format is \"" + format + "\": use table or json");
        }
        if (random != null) {
            CpuManagerSettings.Strategy strategy = strategy();
            if (scenarioFile != null) {
                throw new Main.UserException("--random builds its own scenarios: give either a SCENARIO file or --random N");
            }
            if (random < 1 || random > 100_000) {
                throw new Main.UserException("--random is " + random + ": use a number of scenarios from 1 to 100000");
            }
            if (pick != null) {
                if (pick < 0 || pick >= random) {
                    throw new Main.UserException("--pick is " + pick + ": use a scenario index from 0 to " + (random - 1));
                }
                String yaml = RandomScenarios.yaml(pick, seed, strategy);
                if (showYaml) {
                    out.print(yaml);
                    out.flush();
                    return 0;
                }
                return runScenario(ScenarioLoader.load(yaml, "random-" + seed + "-" + pick), out, err);
            }
            if (worst != null && worst < 1) {
                throw new Main.UserException("--worst is " + worst + ": use a number of scenarios of 1 or more");
            }
            boolean showProgress = System.console() != null;
            RandomStudy.Summary summary = RandomStudy.run(random, seed, strategy, showProgress
                    ? i -> err.printf(Locale.ROOT, "\rsimulating random scenario %d of %d", i, random).flush() : null);
            if (showProgress) {
                err.print("\r\033[K");
                err.flush();
            }
            if (strategy != CpuManagerSettings.Strategy.RECEIVER && !format.equals("json")) {
                out.println("CPU manager strategy: " + Names.label(strategy));
            }
            out.print(format.equals("json") ? RandomReport.json(summary) : RandomReport.table(summary));
            if (worst != null && !format.equals("json")) {
                out.print(RandomReport.worst(summary, worst));
            }
            out.flush();
            return 0;
        }
        if (pick != null || worst != null || showYaml || cpuStrategy != null) {
            throw new Main.UserException("--pick, --worst, --show-yaml and --cpu-strategy apply with --random N only"
                    + (cpuStrategy != null ? " (in a scenario file, write cpu-manager: {strategy: " + cpuStrategy + "})" : ""));
        }
        if (scenarioFile == null) {
            throw new Main.UserException("give a SCENARIO file (e.g. scenarios/contention.yaml) or --random N");
        }
        if (dev.hpm.sim.scenario.PoolScenarioLoader.isPoolScenario(scenarioFile)) {
            boolean chosen = spec.commandLine().getParseResult().hasMatchedOption("--policies");
            PoolSimulation pool = PoolSimulation.run(scenarioFile, traces, chosen ? policies : null,
                    System.console() != null ? err : null);
            out.print(format.equals("json") ? pool.json() : pool.table());
            out.flush();
            return 0;
        }
        if (traces != null) {
            throw new Main.UserException("--traces applies to pool scenarios (with a pool section) only");
        }
        Scenario scenario;
        try {
            scenario = ScenarioLoader.load(scenarioFile);
        } catch (ScenarioException e) {
            throw new Main.UserException(e.getMessage());
        }
        if (scenario.pool() != null) {
            boolean chosen = spec.commandLine().getParseResult().hasMatchedOption("--policies");
            out.print(DwmSimulation.run(scenario, chosen ? policies : null, format.equals("json")));
            out.flush();
            return 0;
        }
        return runScenario(scenario, out, err);
    }

    private int runScenario(Scenario scenario, PrintWriter out, PrintWriter err) {
        List<PolicyKind> kinds = new ArrayList<>(new LinkedHashSet<>(policies.stream().map(SimulateCommand::policy).toList()));
        boolean showProgress = System.console() != null && !timeline;
        Timeline lines = timeline ? new Timeline(out, timelineHost, timelineServers) : null;
        List<PolicyResult> results = new ArrayList<>();
        for (PolicyKind kind : kinds) {
            ScenarioRunner runner = new ScenarioRunner(scenario, kind == PolicyKind.HPM && lines != null ? lines : null,
                    showProgress ? (p, f) -> err.printf(Locale.ROOT, "\rsimulating %s: %3.0f%%", p.label(), f * 100).flush() : null);
            results.add(runner.run(kind));
            if (showProgress) {
                err.print("\r\033[K");
                err.flush();
            }
        }
        SimulationReport report = new SimulationReport(scenario, results, new ScenarioRunner(scenario).disturbances());
        out.print(format.equals("json") ? report.json() : report.table());
        out.flush();
        return 0;
    }

    private static PolicyKind policy(String name) {
        try {
            return PolicyKind.parse(name);
        } catch (IllegalArgumentException e) {
            throw new Main.UserException("--policies: \"" + name + "\" is not a policy; use none, static, hpm or oracle");
        }
    }
}
