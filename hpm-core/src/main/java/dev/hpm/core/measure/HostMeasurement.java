package dev.hpm.core.measure;

import dev.hpm.core.model.ClassKey;

import java.util.List;
import java.util.Map;

/**
 * Everything measured on one host over one interval.
 *
 * @param cpus           the host's CPUs
 * @param usingCpus      Σ using of its servers
 * @param delayCpus      Σ delay of its servers
 * @param cpuUtilisation Σ Δcpu.time / (CPUs × elapsed), 0…1
 * @param velocity       host velocity over all its servers, NaN if idle
 */
public record HostMeasurement(String host, int cpus, long elapsedNanos, List<VsMeasurement> servers,
                              Map<ClassKey, ClassMeasurement> classes, Map<String, GroupMeasurement> groups,
                              double usingCpus, double delayCpus, double cpuUtilisation, double velocity) {

    /** True if any server waited for CPU more than a trace this interval. */
    public boolean contended() {
        return delayCpus > 0.01 * Math.max(cpus, 1);
    }
}
