package dev.hpm.server.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hpm.codec.PolicyCodec;
import dev.hpm.core.loop.IntervalReport;
import dev.hpm.core.measure.ClassMeasurement;
import dev.hpm.core.measure.GroupMeasurement;
import dev.hpm.core.measure.VsMeasurement;
import dev.hpm.core.model.BoundedRegex;
import dev.hpm.core.model.ClassInfo;
import dev.hpm.core.model.ClassKey;
import dev.hpm.core.model.Classifier;
import dev.hpm.core.model.ManagementLevel;
import dev.hpm.core.model.Names;
import dev.hpm.core.model.ServiceClass;
import dev.hpm.core.model.VelocityMapping;
import dev.hpm.core.model.WorkloadResourceGroup;
import dev.hpm.server.runtime.Live;
import dev.hpm.server.runtime.ManagedHost;
import dev.hpm.store.DefinitionRepository;
import dev.hpm.store.InventoryRepository;
import static dev.hpm.codec.ReportCodec.number;

import java.time.Instant;
import java.util.TreeSet;

/** The JSON of the API's resources (kebab-case; unknown figures as null), in one place. */
final class Views {
    static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private Views() {
    }

    static ObjectNode wrgSummary(DefinitionRepository.GroupRecord record, Live live, int servers) {
        WorkloadResourceGroup g = record.group();
        ObjectNode o = JSON.objectNode();
        o.put("id", record.id());
        o.put("name", g.name());
        o.put("description", g.description());
        o.put("importance", g.importance().label());
        optional(o, "cpu-minimum", g.cpuMinimum());
        optional(o, "cpu-maximum", g.cpuMaximum());
        o.put("policy-name", g.policy().name());
        o.put("virtual-server-count", servers);
        GroupMeasurement now = live.groups().get(g.name());
        number(o, "velocity", now == null ? Double.NaN : now.velocity(), 1);
        number(o, "worst-pi", now == null ? Double.NaN : now.worstPi(), 3);
        o.put("status", Status.ofGroup(live.classesOf(g.name())));
        return o;
    }

    static ObjectNode wrg(DefinitionRepository.GroupRecord record, Live live, int servers, VelocityMapping mapping) {
        ObjectNode o = wrgSummary(record, live, servers);
        WorkloadResourceGroup g = record.group();
        o.set("performance-policy", PolicyCodec.write(g.policy()));
        ArrayNode members = o.putArray("virtual-servers");
        new TreeSet<>(g.members()).forEach(members::add);
        ArrayNode classes = o.putArray("service-classes");
        for (ServiceClass c : g.policy().serviceClasses()) {
            ClassMeasurement m = live.classes().get(new ClassKey(g.name(), c.name()));
            ObjectNode co = classes.addObject();
            co.put("name", c.name());
            co.put("goal", c.goal().label());
            if (!c.isDiscretionary()) {
                if (c.goal() instanceof dev.hpm.core.model.Goal.Velocity) {
                    co.put("goal-velocity", m == null ? ClassInfo.of(g, c, mapping).goalVelocity() : m.serviceClass().goalVelocity());
                }
                co.put("importance", c.importance().label());
            }
            number(co, "velocity", m == null ? Double.NaN : m.velocity(), 1);
            number(co, "pi", m == null || c.isDiscretionary() ? Double.NaN : m.pi(), 3);
            number(co, "worst-server-pi", m == null || c.isDiscretionary() ? Double.NaN : m.worstServerPi(), 3);
            co.put("status", Status.of(m));
            co.put("virtual-server-count", m == null ? 0 : m.servers());
            if (m != null) {
                dev.hpm.codec.ReportCodec.responseTimes(co, m);
            }
        }
        o.put("created", record.created().toString());
        o.put("updated", record.updated().toString());
        return o;
    }

    static ObjectNode vsSummary(InventoryRepository.ServerRecord s, ClassInfo cls, ManagementLevel level,
                                Live.ServerNow now) {
        ObjectNode o = JSON.objectNode();
        o.put("id", s.uuid());
        o.put("name", s.name());
        o.put("host", now != null ? now.host() : s.host());
        o.put("workload-resource-group", cls.key().group());
        o.put("service-class", cls.key().serviceClass());
        if (cls.isDiscretionary()) {
            o.putNull("importance");
        } else {
            o.put("importance", cls.importance().label());
        }
        o.put("management-level", level.label());
        VsMeasurement m = now == null ? null : now.measurement();
        number(o, "velocity", m == null ? Double.NaN : m.velocity(), 1);
        number(o, "pi", m == null || cls.isDiscretionary() ? Double.NaN : m.pi(), 3);
        o.put("status", level == ManagementLevel.NONE ? Status.NOT_MANAGED : Status.of(m));
        return o;
    }

    static ObjectNode vsDetail(InventoryRepository.ServerRecord s, ClassInfo cls, ManagementLevel level,
                               Live.ServerNow now) {
        ObjectNode o = vsSummary(s, cls, level, now);
        o.put("description", s.description());
        ArrayNode tags = o.putArray("tags");
        new TreeSet<>(s.tags()).forEach(tags::add);
        o.put("os-type", s.osType());
        o.put("vcpus", s.vcpus());
        if (s.level() == null) {
            o.putNull("own-management-level");
        } else {
            o.put("own-management-level", s.level().label());
        }
        o.put("goal", cls.goal().label());
        o.put("goal-velocity", cls.goalVelocity());
        VsMeasurement m = now == null ? null : now.measurement();
        if (now != null && now.view() != null) {
            o.put("cpu-shares", now.view().shares());
            number(o, "cap-cpus", now.view().capCpus(), 3);
        } else {
            o.putNull("cpu-shares");
            o.putNull("cap-cpus");
        }
        number(o, "using-cpus", m == null ? Double.NaN : m.usingCpus(), 3);
        number(o, "delay-cpus", m == null ? Double.NaN : m.delayCpus(), 3);
        number(o, "cpu-cpus", m == null ? Double.NaN : m.cpuCpus(), 3);
        number(o, "delay-share", m == null ? Double.NaN : m.delayShare(), 4);
        if (m == null) {
            o.putNull("sample");
        } else {
            o.put("sample", Names.label(m.status()));
        }
        time(o, "first-seen", s.firstSeen());
        time(o, "last-seen", now == null || s.lastSeen() != null && s.lastSeen().isAfter(now.at()) ? s.lastSeen() : now.at());
        return o;
    }

    static ObjectNode hypervisor(ManagedHost h, InventoryRepository.HostRecord record, IntervalReport latest,
                                 ManagementLevel effective, int servers) {
        ObjectNode o = JSON.objectNode();
        o.put("id", h.id());
        o.put("name", h.name());
        o.put("uri", h.uri());
        if (latest == null) {
            o.put("status", "connecting");
            o.putNull("unreachable-since");
            o.putNull("error");
        } else if (latest.status().connected()) {
            o.put("status", "connected");
            o.putNull("unreachable-since");
            o.putNull("error");
        } else {
            o.put("status", "unreachable");
            o.put("unreachable-since", latest.status().since().toString());
            o.put("error", latest.status().error());
        }
        var m = latest == null ? null : latest.measurement();
        o.put("cpus", m != null ? m.cpus() : record == null ? 0 : record.cpus());
        number(o, "cpu-utilisation", m == null ? Double.NaN : m.cpuUtilisation(), 4);
        number(o, "velocity", m == null ? Double.NaN : m.velocity(), 1);
        o.put("contended", m != null && m.contended());
        o.put("virtual-server-count", servers);
        o.put("management-level", effective.label());
        if (record == null || record.level() == null) {
            o.putNull("own-management-level");
        } else {
            o.put("own-management-level", record.level().label());
        }
        time(o, "last-interval", latest == null ? null : latest.time());
        if (latest == null || latest.decision() == null) {
            o.putNull("last-decision");
        } else {
            o.put("last-decision", latest.decision().decision().summary());
        }
        return o;
    }

    static void time(ObjectNode o, String key, Instant t) {
        if (t == null) {
            o.putNull(key);
        } else {
            o.put(key, t.toString());
        }
    }

    static void optional(ObjectNode o, String key, Double value) {
        if (value == null) {
            o.putNull(key);
        } else {
            o.put(key, value);
        }
    }


    /**
     * The filters of {@code group}'s rules whose regular expression ran out of work in
     * {@code classifier}: they match nothing until the policy changes.
     */
    static ArrayNode regexWarnings(Classifier classifier, String group) {
        ArrayNode warnings = JSON.arrayNode();
        for (String filter : classifier.exhaustedFilters()) {
            if (filter.startsWith(group + ": ")) {
                warnings.add(filter.substring(group.length() + 2) + " needed more than "
                        + BoundedRegex.DEFAULT_BUDGET + " steps for one name and is taken as matching "
                        + "nothing; simplify it (avoid nested repetition such as (a*)*)");
            }
        }
        return warnings;
    }
}
