package dev.hpm.core.measure;

import dev.hpm.core.model.Importance;

/**
 * A workload resource group over one interval: its velocity over all its servers and the worst
 * PI among its service classes with a goal (NaN if none had a velocity).
 */
public record GroupMeasurement(String group, Importance importance, int servers, double usingCpus,
                               double delayCpus, double velocity, double worstPi) {
}
