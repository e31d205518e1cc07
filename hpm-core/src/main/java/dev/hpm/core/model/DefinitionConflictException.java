package dev.hpm.core.model;

import java.util.List;

/**
 * A definition was rejected only because it clashes with the rest: a group name that is taken, or a
 * server that is in another group. Each part is valid on its own (the REST API answers 409, not 400).
 */
public final class DefinitionConflictException extends InvalidDefinitionException {
    public DefinitionConflictException(List<Problem> problems) {
        super(problems);
    }
}
