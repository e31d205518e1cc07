package dev.hpm.codec;

import dev.hpm.core.model.Problem;

import java.util.List;
import java.util.stream.Collectors;

/** A document (scenario, policy file, API body) was refused; the message lists every problem with its path. */
public class InvalidDocumentException extends RuntimeException {
    private final List<Problem> problems;

    public InvalidDocumentException(String source, List<Problem> problems) {
        super(source + ": " + (problems.size() == 1 ? problems.getFirst().message()
                : problems.size() + " problems:" + problems.stream().map(p -> "\n  - " + p.message())
                .collect(Collectors.joining())));
        this.problems = List.copyOf(problems);
    }

    public InvalidDocumentException(String message) {
        super(message);
        this.problems = List.of();
    }

    public List<Problem> problems() {
        return problems;
    }
}
