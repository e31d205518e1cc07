package dev.hpm.store;

import dev.hpm.core.model.Problem;
import dev.hpm.core.model.Problems;

import java.util.List;

/**
 * A query the store cannot answer as asked, such as a history step finer than what is kept for
 * its range (docs/history.md, "How queries pick a resolution"); the REST API answers 400.
 * {@code problems} names the parameter, its value and the fix.
 */
public final class InvalidQueryException extends StoreException {
    private final List<Problem> problems;

    public InvalidQueryException(List<Problem> problems) {
        super(Problems.render(problems));
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }
}
