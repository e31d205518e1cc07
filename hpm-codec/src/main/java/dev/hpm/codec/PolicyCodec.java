package dev.hpm.codec;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hpm.core.model.ClassificationRule;
import dev.hpm.core.model.FilterAttribute;
import dev.hpm.core.model.FilterOperator;
import dev.hpm.core.model.Goal;
import dev.hpm.core.model.Importance;
import dev.hpm.core.model.PerformancePolicy;
import dev.hpm.core.model.RuleFilter;
import dev.hpm.core.model.ServiceClass;
import dev.hpm.core.model.VelocityLevel;
import dev.hpm.core.model.VelocityMapping;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes performance policies and velocity mappings as JSON/YAML objects with
 * kebab-case keys (the style of the zManager Web Services API):
 *
 * <pre>{@code
 * name: trading
 * service-classes:
 *   - {name: online, goal: fast, importance: highest}
 *   - {name: batch, goal: discretionary}
 * rules:
 *   - service-class: batch
 *     filters: [{attribute: tag, operator: equals, value: batch}]
 * default-class: online
 * }</pre>
 */
public final class PolicyCodec {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private PolicyCodec() {
    }

    /** Reads a policy; returns null (with problems recorded) if it is invalid. */
    public static PerformancePolicy read(Node n, String defaultName) {
        if (!n.object("name", "description", "service-classes", "rules", "default-class")) {
            return null;
        }
        String name = n.text("name", defaultName);
        String description = n.text("description", "");
        List<ServiceClass> classes = new ArrayList<>();
        for (Node c : n.list("service-classes", true)) {
            ServiceClass sc = serviceClass(c);
            if (sc != null) {
                classes.add(sc);
            }
        }
        List<ClassificationRule> rules = new ArrayList<>();
        for (Node r : n.list("rules", false)) {
            ClassificationRule rule = rule(r);
            if (rule != null) {
                rules.add(rule);
            }
        }
        String defaultClass = n.text("default-class", classes.size() == 1 ? classes.getFirst().name() : null);
        int before = n.problems().list().size();
        if (before > 0 && classes.isEmpty()) {
            return null;
        }
        PerformancePolicy policy = n.build(() -> new PerformancePolicy(name, classes, rules, defaultClass, description));
        return n.problems().list().size() > before ? null : policy;
    }

    private static ServiceClass serviceClass(Node c) {
        if (!c.object("name", "goal", "importance", "description")) {
            return null;
        }
        String name = c.text("name", null);
        Goal goal = c.parse("goal", null, Goal::parse);
        Importance importance = goal instanceof Goal.Discretionary
                ? c.parse("importance", "lowest", Importance::parse)
                : c.parse("importance", null, Importance::parse);
        String description = c.text("description", "");
        if (name == null || goal == null || importance == null) {
            return null;
        }
        return c.build(() -> new ServiceClass(name, goal, importance, description));
    }

    private static ClassificationRule rule(Node r) {
        if (!r.object("service-class", "filters", "description")) {
            return null;
        }
        String target = r.text("service-class", null);
        List<RuleFilter> filters = new ArrayList<>();
        int before = r.problems().list().size();
        List<Node> filterNodes = r.list("filters", true);
        for (Node f : filterNodes) {
            if (!f.object("attribute", "operator", "value")) {
                continue;
            }
            FilterAttribute attribute = f.parse("attribute", null, FilterAttribute::parse);
            FilterOperator operator = f.parse("operator", "equals", FilterOperator::parse);
            String value = f.text("value", null);
            if (attribute != null && operator != null && value != null) {
                RuleFilter filter = f.build(() -> new RuleFilter(attribute, operator, value));
                if (filter != null) {
                    filters.add(filter);
                }
            }
        }
        String description = r.text("description", "");
        if (r.problems().list().size() > before && !filterNodes.isEmpty()) {
            return null; // a filter was wrong: that problem is reported, not a missing filter too
        }
        return r.build(() -> new ClassificationRule(target, filters, description));
    }

    /** Reads a velocity mapping (absent levels keep their defaults). */
    public static VelocityMapping readMapping(Node n) {
        VelocityLevel[] levels = VelocityLevel.values();
        String[] keys = new String[levels.length];
        for (int i = 0; i < levels.length; i++) {
            keys[i] = levels[i].label();
        }
        if (!n.object(keys)) {
            return VelocityMapping.DEFAULT;
        }
        Map<VelocityLevel, Integer> percent = new EnumMap<>(VelocityLevel.class);
        for (VelocityLevel level : levels) {
            percent.put(level, (int) n.integer(level.label(), VelocityMapping.DEFAULT.percentFor(level), 1, 99));
        }
        VelocityMapping mapping = n.build(() -> new VelocityMapping(percent));
        return mapping == null ? VelocityMapping.DEFAULT : mapping;
    }

    /** The policy as a JSON object, readable by {@link #read}. */
    public static ObjectNode write(PerformancePolicy policy) {
        ObjectNode o = JSON.objectNode();
        o.put("name", policy.name());
        if (!policy.description().isEmpty()) {
            o.put("description", policy.description());
        }
        ArrayNode classes = o.putArray("service-classes");
        for (ServiceClass c : policy.serviceClasses()) {
            ObjectNode co = classes.addObject();
            co.put("name", c.name());
            co.put("goal", c.goal().label());
            co.put("importance", c.importance().label());
            if (!c.description().isEmpty()) {
                co.put("description", c.description());
            }
        }
        ArrayNode rules = o.putArray("rules");
        for (ClassificationRule r : policy.rules()) {
            ObjectNode ro = rules.addObject();
            ro.put("service-class", r.serviceClass());
            if (!r.description().isEmpty()) {
                ro.put("description", r.description());
            }
            ArrayNode filters = ro.putArray("filters");
            for (RuleFilter f : r.filters()) {
                filters.addObject().put("attribute", f.attribute().label()).put("operator", f.operator().label())
                        .put("value", f.value());
            }
        }
        o.put("default-class", policy.defaultClass());
        return o;
    }

    public static ObjectNode writeMapping(VelocityMapping mapping) {
        ObjectNode o = JSON.objectNode();
        for (VelocityLevel level : VelocityLevel.values()) {
            o.put(level.label(), mapping.percentFor(level));
        }
        return o;
    }
}
