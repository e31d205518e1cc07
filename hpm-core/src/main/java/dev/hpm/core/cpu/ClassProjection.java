package dev.hpm.core.cpu;

import dev.hpm.core.model.ClassKey;
import dev.hpm.core.model.Importance;

/**
 * A service class's performance index as measured over the last interval and as projected
 * under the proposed shares; the PI of its worst server (see {@code ClassMeasurement}).
 *
 * @param discretionary true for a class without a goal (its importance is then not used)
 */
public record ClassProjection(ClassKey serviceClass, Importance importance, boolean discretionary, double piBefore,
                              double piProjected) {
}
