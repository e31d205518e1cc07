package dev.hpm.core.model;

import java.util.List;
import java.util.stream.Collectors;

/** A definition was rejected; carries every problem found, not only the first. */
public sealed class InvalidDefinitionException extends IllegalArgumentException
        permits DefinitionConflictException {
    private final List<Problem> problems;

    public InvalidDefinitionException(List<Problem> problems) {
        super(render(problems));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("an InvalidDefinitionException needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    public InvalidDefinitionException(Problem problem) {
        this(List.of(problem));
    }

    public List<Problem> problems() {
        return problems;
    }

    private static String render(List<Problem> problems) {
        if (problems.size() == 1) {
            return problems.getFirst().message();
        }
        return problems.size() + " problems:" + problems.stream().map(p -> "\n  - " + p.message())
                .collect(Collectors.joining());
    }
}
