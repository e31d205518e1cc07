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
 */
public record HostView(String host, ManagementLevel level, double capacityCpus, List<VsView> servers,
                       Map<ClassKey, ClassMeasurement> classes, Map<String, Double> groupMaximum) {
    public HostView {
        servers = List.copyOf(servers);
        classes = Map.copyOf(classes);
        groupMaximum = Map.copyOf(groupMaximum);
    }
}
