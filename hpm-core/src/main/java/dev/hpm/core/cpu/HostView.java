package dev.hpm.core.cpu;

import dev.hpm.core.measure.ClassMeasurement;
import dev.hpm.core.model.ClassKey;
import dev.hpm.core.model.ManagementLevel;

import java.util.List;
import java.util.Map;

/**
 * The CPU manager's input for one host and one interval.
 *
 * @param capacityCpus CPUs available to the servers
 * @param classes      measured service classes on this host
 * @param groupMaximum CPU maximum per group name, for groups that have one
 * @param groupMinimum CPU minimum per group name, for groups that have one ({@link GroupLimits})
 */
public record HostView(String host, ManagementLevel level, double capacityCpus, List<VsView> servers,
                       Map<ClassKey, ClassMeasurement> classes, Map<String, Double> groupMaximum,
                       Map<String, Double> groupMinimum) {
    public HostView {
        servers = List.copyOf(servers);
        classes = Map.copyOf(classes);
        groupMaximum = Map.copyOf(groupMaximum);
        groupMinimum = Map.copyOf(groupMinimum);
    }

    /** A view of a host whose groups have no CPU minimum. */
    public HostView(String host, ManagementLevel level, double capacityCpus, List<VsView> servers,
                    Map<ClassKey, ClassMeasurement> classes, Map<String, Double> groupMaximum) {
        this(host, level, capacityCpus, servers, classes, groupMaximum, Map.of());
    }
}
