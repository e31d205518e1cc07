package dev.hpm.store;

import dev.hpm.core.model.Problem;
import dev.hpm.core.model.Problems;

import java.util.List;

/**
 * A write clashes with what is stored: a name that exists, a server that is in another group, …
 * (the REST API answers 409). {@code problems} names the fields and values when the clash was
 * found by a rule of hpm-core (such as {@link dev.hpm.core.model.GroupRules}); it may be empty.
 */
public final class ConflictException extends StoreException {
    private final List<Problem> problems;

    public ConflictException(String message) {
        super(message);
        this.problems = List.of();
    }

    /** A clash found by a rule: the message lists every problem. */
    public ConflictException(List<Problem> problems) {
        super(Problems.render(problems));
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }
}
