package dev.hpm.cli;

import dev.hpm.codec.Units;
import dev.hpm.sim.scenario.Scenario;
import dev.hpm.sim.scenario.ScenarioException;
import dev.hpm.sim.scenario.ScenarioLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/** {@code hpm scenarios}: lists the scenario files of a folder with what each is about. */
@Command(name = "scenarios", mixinStandardHelpOptions = true,
        description = "Lists the scenarios in a folder (default: scenarios) with their size and purpose.")
public final class ScenariosCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FOLDER", arity = "0..1", description = "Folder of scenario files (default: scenarios)")
    Path folder = Path.of("scenarios");

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        if (!Files.isDirectory(folder)) {
            throw new Main.UserException(folder + ": no such folder");
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(folder)) {
            files = s.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().toList();
        }
        for (Path file : files) {
            if (dev.hpm.sim.scenario.PoolScenarioLoader.isPoolScenario(file)) {
                PoolScenarios.describe(out, file);
                continue;
            }
            try {
                Scenario sc = ScenarioLoader.load(file);
                out.printf("%-28s %-8s %3d hosts %5d servers  %s%n", file, Units.format(sc.duration()), sc.hosts().size(),
                        sc.servers().size(), sc.description());
            } catch (ScenarioException e) {
                out.printf("%-28s invalid: %s%n", file, e.getMessage().lines().findFirst().orElse(""));
            }
        }
        return 0;
    }
}
