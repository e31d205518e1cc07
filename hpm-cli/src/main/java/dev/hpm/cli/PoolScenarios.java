package dev.hpm.cli;

import dev.hpm.codec.Units;
import dev.hpm.sim.scenario.PoolScenario;
import dev.hpm.sim.scenario.PoolScenarioLoader;
import dev.hpm.sim.scenario.ScenarioException;

import java.io.PrintWriter;
import java.nio.file.Path;

/** The line {@code hpm scenarios} prints for a pool scenario. */
final class PoolScenarios {
    private PoolScenarios() {
    }

    static void describe(PrintWriter out, Path file) {
        try {
            PoolScenario sc = PoolScenarioLoader.load(file, null);
            out.printf("%-28s %-8s %3d hosts %5d servers  %s (pool)%n", file, Units.format(sc.duration()), sc.hosts().size(),
                    sc.servers().size(), sc.description());
        } catch (ScenarioException | IllegalArgumentException e) {
            out.printf("%-28s invalid: %s%n", file, e.getMessage().lines().findFirst().orElse(""));
        }
    }
}
