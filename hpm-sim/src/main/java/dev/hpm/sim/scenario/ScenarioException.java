package dev.hpm.sim.scenario;

import dev.hpm.core.model.Problem;

import java.util.List;
import java.util.stream.Collectors;

/** A scenario file could not be used; the message says where and what to fix. */
public final class ScenarioException extends RuntimeException {
    public ScenarioException(String source, List<Problem> problems) {
        super(source + ": " + (problems.size() == 1 ? problems.getFirst().message()
                : problems.size() + " problems:" + problems.stream().map(p -> "\n  - " + p.message())
                .collect(Collectors.joining())));
    }

    public ScenarioException(String message) {
        super(message);
    }
}
