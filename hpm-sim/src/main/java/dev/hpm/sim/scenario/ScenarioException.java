package dev.hpm.sim.scenario;

import dev.hpm.codec.InvalidDocumentException;
import dev.hpm.core.model.Problem;

import java.util.List;

/** A scenario file could not be used; the message says where and what to fix. */
public final class ScenarioException extends InvalidDocumentException {
    public ScenarioException(String source, List<Problem> problems) {
        super(source, problems);
    }

    public ScenarioException(String message) {
        super(message);
    }
}
