package dev.hpm.server.runtime;

import dev.hpm.core.cpu.VsView;
import dev.hpm.core.loop.IntervalReport;
import dev.hpm.core.measure.Aggregation;
import dev.hpm.core.measure.ClassMeasurement;
import dev.hpm.core.measure.GroupMeasurement;
import dev.hpm.core.measure.HostMeasurement;
import dev.hpm.core.measure.VsMeasurement;
import dev.hpm.core.model.ClassKey;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Goal versus actual now: the latest interval of every host, indexed for the API. Pool figures
 * (service classes and groups over all hosts) are summed as the measurement defines them.
 * Immutable; {@link #of} builds it from the latest reports.
 */
public record Live(Map<String, IntervalReport> hosts, Map<String, ServerNow> servers,
                   Map<ClassKey, ClassMeasurement> classes, Map<String, GroupMeasurement> groups) {

    /**
     * A server's latest figures, what the manager saw of it, the host it is on, and when it was
     * measured (the store's last sighting is written at most once a minute, so this is later).
     */
    public record ServerNow(String host, VsMeasurement measurement, VsView view, java.time.Instant at) {
    }

    public static Live of(Map<String, IntervalReport> latest) {
        Map<String, ServerNow> servers = new HashMap<>();
        List<HostMeasurement> measured = new ArrayList<>();
        for (IntervalReport r : latest.values()) {
            if (r.measurement() == null) {
                continue;
            }
            measured.add(r.measurement());
            Map<String, VsView> views = new HashMap<>();
            if (r.view() != null) {
                r.view().servers().forEach(v -> views.put(v.uuid(), v));
            }
            for (VsMeasurement m : r.measurement().servers()) {
                servers.put(m.uuid(), new ServerNow(r.host(), m, views.get(m.uuid()), r.time()));
            }
        }
        Map<ClassKey, ClassMeasurement> classes = Aggregation.pool(measured);
        return new Live(Map.copyOf(latest), Map.copyOf(servers), classes, Aggregation.groups(classes.values()));
    }

    /** The figures of a group's classes, in the order of its policy. */
    public List<ClassMeasurement> classesOf(String group) {
        return classes.values().stream().filter(c -> c.serviceClass().key().group().equals(group)).toList();
    }
}
