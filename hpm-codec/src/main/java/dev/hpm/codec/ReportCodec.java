package dev.hpm.codec;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hpm.core.cpu.Adjustment;
import dev.hpm.core.cpu.ClassProjection;
import dev.hpm.core.cpu.Decision;
import dev.hpm.core.cpu.NoAction;
import dev.hpm.core.cpu.ShareChange;
import dev.hpm.core.loop.IntervalReport;
import dev.hpm.core.measure.ClassMeasurement;
import dev.hpm.core.measure.HostMeasurement;
import dev.hpm.core.measure.VsMeasurement;
import dev.hpm.core.model.Names;

/**
 * JSON of interval reports, adjustments and their parts (kebab-case keys; numbers rounded to what
 * is meaningful; absent velocities and PIs as {@code null}).
 */
public final class ReportCodec {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private ReportCodec() {
    }

    /** One host's interval: status, goal versus actual per class and server, the decision, the changes made. */
    public static ObjectNode interval(IntervalReport r) {
        ObjectNode o = JSON.objectNode();
        o.put("time", r.time().toString());
        o.put("host", r.host());
        o.put("interval", r.interval());
        o.put("status", r.status().connected() ? "connected" : "unreachable");
        if (!r.status().connected()) {
            o.put("unreachable-since", r.status().since().toString());
            o.put("error", r.status().error());
        }
        HostMeasurement m = r.measurement();
        if (m != null) {
            o.put("cpus", m.cpus());
            number(o, "cpu-utilisation", m.cpuUtilisation(), 4);
            number(o, "velocity", m.velocity(), 1);
            number(o, "using-cpus", m.usingCpus(), 3);
            number(o, "delay-cpus", m.delayCpus(), 3);
            o.put("collect-millis", Math.round(r.collectNanos() / 1e4) / 100.0);
            ArrayNode classes = o.putArray("service-classes");
            m.classes().values().forEach(c -> classes.add(serviceClass(c)));
            ArrayNode servers = o.putArray("virtual-servers");
            m.servers().forEach(s -> servers.add(server(s)));
        }
        if (r.decision() != null) {
            o.set("decision", decision(r.decision().decision()));
        }
        ArrayNode applied = o.putArray("changes");
        r.applied().forEach(c -> applied.add(change(c)));
        if (!r.errors().isEmpty()) {
            ArrayNode errors = o.putArray("errors");
            r.errors().forEach(errors::add);
        }
        return o;
    }

    public static ObjectNode serviceClass(ClassMeasurement c) {
        ObjectNode o = JSON.objectNode();
        o.put("group", c.serviceClass().key().group());
        o.put("service-class", c.serviceClass().key().serviceClass());
        o.put("goal", c.serviceClass().goal().label());
        if (!c.serviceClass().isDiscretionary()) {
            if (c.serviceClass().goal() instanceof dev.hpm.core.model.Goal.Velocity) {
                o.put("goal-velocity", c.serviceClass().goalVelocity());
            }
            o.put("importance", c.serviceClass().importance().label());
        }
        o.put("servers", c.servers());
        o.put("measured-servers", c.measuredServers());
        number(o, "velocity", c.velocity(), 1);
        number(o, "pi", c.pi(), 3);
        number(o, "worst-server-pi", c.worstServerPi(), 3);
        number(o, "using-cpus", c.usingCpus(), 3);
        number(o, "delay-cpus", c.delayCpus(), 3);
        responseTimes(o, c);
        return o;
    }

    /** For a response-time class: the requests its servers completed this interval and their average (ms). */
    public static void responseTimes(ObjectNode o, ClassMeasurement c) {
        if (c.serviceClass().goal() instanceof dev.hpm.core.model.Goal.ResponseTime) {
            o.put("completions", c.completions() == null ? 0 : c.completions().count());
            number(o, "average-millis", c.completions() == null ? Double.NaN : c.completions().averageMillis(), 1);
        }
    }

    public static ObjectNode server(VsMeasurement s) {
        ObjectNode o = JSON.objectNode();
        o.put("uuid", s.uuid());
        o.put("name", s.name());
        o.put("group", s.serviceClass().key().group());
        o.put("service-class", s.serviceClass().key().serviceClass());
        o.put("management-level", s.level().label());
        o.put("sample", Names.label(s.status()));
        o.put("vcpus", s.vcpus());
        number(o, "velocity", s.velocity(), 1);
        number(o, "pi", s.pi(), 3);
        number(o, "using-cpus", s.usingCpus(), 3);
        number(o, "delay-cpus", s.delayCpus(), 3);
        number(o, "cpu-cpus", s.cpuCpus(), 3);
        number(o, "delay-share", s.delayShare(), 4);
        return o;
    }

    public static ObjectNode decision(Decision d) {
        ObjectNode o = JSON.objectNode();
        switch (d) {
            case Adjustment a -> {
                o.put("type", "adjustment");
                o.set("receiver", projection(a.receiver()));
                ArrayNode donors = o.putArray("donors");
                a.donors().forEach(p -> donors.add(projection(p)));
                ArrayNode changes = o.putArray("changes");
                a.changes().forEach(c -> changes.add(change(c)));
                o.put("reason", a.reason());
            }
            case NoAction n -> {
                o.put("type", "no-action");
                o.put("reason-code", Names.label(n.reason()));
                o.put("reason", n.message());
                ArrayNode assessed = o.putArray("assessed");
                n.assessed().forEach(x -> {
                    ObjectNode a = projection(x.receiver());
                    a.put("reason-code", Names.label(x.reason()));
                    a.put("reason", x.message());
                    assessed.add(a);
                });
            }
        }
        return o;
    }

    public static ObjectNode projection(ClassProjection p) {
        ObjectNode o = JSON.objectNode();
        o.put("group", p.serviceClass().group());
        o.put("service-class", p.serviceClass().serviceClass());
        o.put("importance", p.discretionary() ? "discretionary" : p.importance().label());
        number(o, "pi-before", p.piBefore(), 3);
        number(o, "pi-projected", p.piProjected(), 3);
        return o;
    }

    public static ObjectNode change(ShareChange c) {
        ObjectNode o = JSON.objectNode();
        o.put("uuid", c.uuid());
        o.put("name", c.name());
        o.put("role", Names.label(c.role()));
        o.put("shares-before", c.sharesBefore());
        o.put("shares-after", c.sharesAfter());
        cap(o, "cap-cpus-before", c.capBefore());
        cap(o, "cap-cpus-after", c.capAfter());
        return o;
    }

    private static void cap(ObjectNode o, String key, double cap) {
        if (Double.isNaN(cap) || Double.isInfinite(cap)) {
            o.putNull(key);
        } else {
            o.put(key, Math.round(cap * 1000) / 1000.0);
        }
    }

    /** Puts {@code value} rounded to {@code decimals}, or null when it is not a finite number (unknown). */
    public static void number(ObjectNode o, String key, double value, int decimals) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            o.putNull(key);
        } else {
            double f = Math.pow(10, decimals);
            o.put(key, Math.round(value * f) / f);
        }
    }
}
