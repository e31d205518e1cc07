package dev.hpm.core.model;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** Collects {@link Problem}s while a definition is checked, then throws them all at once. */
public final class Problems {
    private final List<Problem> found = new ArrayList<>();

    public void add(String field, Object value, String fix) {
        found.add(new Problem(field, value, fix));
    }

    public void addAll(List<Problem> problems) {
        found.addAll(problems);
    }

    public boolean isEmpty() {
        return found.isEmpty();
    }

    public List<Problem> list() {
        return List.copyOf(found);
    }

    /** Throws an {@link InvalidDefinitionException} if anything was found. */
    public void throwIfAny() {
        if (!found.isEmpty()) {
            throw new InvalidDefinitionException(found);
        }
    }

    /** One problem's message, or "N problems:" and each on a line of its own. */
    public static String render(List<Problem> problems) {
        if (problems.size() == 1) {
            return problems.getFirst().message();
        }
        return problems.size() + " problems:" + problems.stream().map(p -> "\n  - " + p.message())
                .collect(Collectors.joining());
    }
}
