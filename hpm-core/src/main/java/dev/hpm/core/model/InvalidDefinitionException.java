package dev.hpm.core.model;

import java.util.List;

/** A definition was rejected; carries every problem found, not only the first. */
public sealed class InvalidDefinitionException extends IllegalArgumentException
        permits DefinitionConflictException {
    private final List<Problem> problems;

    public InvalidDefinitionException(List<Problem> problems) {
        super(Problems.render(problems));
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
}
