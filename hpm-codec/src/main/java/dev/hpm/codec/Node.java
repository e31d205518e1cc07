package dev.hpm.codec;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hpm.core.model.InvalidDefinitionException;
import dev.hpm.core.model.Problem;
import dev.hpm.core.model.Problems;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A JSON or YAML object being read, with its path in the document, so that every problem names
 * the field (e.g. {@code groups[2].policy.rules[1].filters[0].value}), the value and the fix. A
 * missing or wrong value is recorded in the shared {@link Problems} and a fallback is returned,
 * so one pass reports everything wrong with a document.
 */
public final class Node {
    private final JsonNode json;
    private final String path;
    private final Problems problems;

    public Node(JsonNode json, String path, Problems problems) {
        this.json = json;
        this.path = path;
        this.problems = problems;
    }

    /** The document root. */
    public static Node root(JsonNode json, Problems problems) {
        return new Node(json, "", problems);
    }

    public String path() {
        return path;
    }

    public Problems problems() {
        return problems;
    }

    public JsonNode json() {
        return json;
    }

    public boolean has(String key) {
        return json != null && json.has(key) && !json.get(key).isNull();
    }

    /** The field path of {@code key} under this node. */
    public String field(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** Records a problem with {@code key} of this node. */
    public void problem(String key, Object value, String fix) {
        problems.add(field(key), value, fix);
    }

    /** Checks this is an object whose keys are all among {@code allowed}. */
    public boolean object(String... allowed) {
        if (json == null || !json.isObject()) {
            problems.add(path.isEmpty() ? "(document)" : path, json == null ? null : json.toString(),
                    "must be an object with the keys " + String.join(", ", allowed));
            return false;
        }
        Set<String> known = new LinkedHashSet<>(List.of(allowed));
        Iterator<String> names = json.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!known.contains(name)) {
                JsonNode value = json.get(name);
                problems.add(field(name), value.isValueNode() ? value.asText() : value.toString(),
                        "unknown key; use one of " + String.join(", ", allowed));
            }
        }
        return true;
    }

    public Node child(String key) {
        return new Node(json == null ? null : json.get(key), field(key), problems);
    }

    /** A required or optional string ({@code fallback} non-null makes it optional). */
    public String text(String key, String fallback) {
        if (!has(key)) {
            if (fallback == null) {
                problem(key, null, "this key is required");
            }
            return fallback;
        }
        JsonNode v = json.get(key);
        if (!v.isValueNode()) {
            problem(key, v.toString(), "must be a single value, not a list or object");
            return fallback;
        }
        return v.asText();
    }

    public double number(String key, double fallback, double min, double max) {
        if (!has(key)) {
            if (Double.isNaN(fallback)) {
                problem(key, null, "this key is required: a number from " + fmt(min) + " to " + fmt(max));
            }
            return fallback;
        }
        JsonNode v = json.get(key);
        double d = v.isNumber() ? v.asDouble() : parse(v.asText());
        if (!(d >= min && d <= max)) {
            problem(key, v.isNumber() ? (Object) v.numberValue() : v.asText(), "use a number from " + fmt(min) + " to " + fmt(max));
            return Double.isNaN(fallback) ? min : fallback;
        }
        return d;
    }

    public long integer(String key, long fallback, long min, long max) {
        boolean required = fallback == Long.MIN_VALUE;
        double d = number(key, required ? Double.NaN : fallback, min, max);
        if (has(key) && d != Math.rint(d)) {
            problem(key, d, "use a whole number");
        }
        return (long) d;
    }

    public Duration duration(String key, Duration fallback) {
        String text = text(key, fallback == null ? null : "");
        if (text == null || text.isEmpty()) {
            return fallback;
        }
        try {
            return Units.duration(text);
        } catch (IllegalArgumentException e) {
            problem(key, text, e.getMessage());
            return fallback;
        }
    }

    public long kib(String key, long fallback) {
        String text = text(key, "");
        if (text == null || text.isEmpty()) {
            return fallback;
        }
        try {
            return Units.kib(text);
        } catch (IllegalArgumentException e) {
            problem(key, text, e.getMessage());
            return fallback;
        }
    }

    /** The elements of a list (empty if absent and optional). */
    public List<Node> list(String key, boolean required) {
        List<Node> out = new ArrayList<>();
        if (!has(key)) {
            if (required) {
                problem(key, null, "this key is required: a list");
            }
            return out;
        }
        JsonNode v = json.get(key);
        if (!v.isArray()) {
            problem(key, v.toString(), "must be a list");
            return out;
        }
        for (int i = 0; i < v.size(); i++) {
            out.add(new Node(v.get(i), field(key) + "[" + i + "]", problems));
        }
        return out;
    }

    /** Strings of a list. */
    public List<String> texts(String key) {
        List<String> out = new ArrayList<>();
        for (Node n : list(key, false)) {
            if (n.json.isValueNode()) {
                out.add(n.json.asText());
            } else {
                problems.add(n.path, n.json.toString(), "must be a text value");
            }
        }
        return out;
    }

    /**
     * Runs {@code build} (a validating constructor); its problems are recorded with their fields
     * prefixed by this node's path. Returns null if it was invalid.
     */
    public <T> T build(Supplier<T> build) {
        try {
            return build.get();
        } catch (InvalidDefinitionException e) {
            for (Problem p : e.problems()) {
                problems.add(path.isEmpty() ? p.field() : path + "." + p.field(), p.value(), p.fix());
            }
            return null;
        }
    }

    /** Parses an enum-like value with {@code parser}, recording its problem under this node. */
    public <T> T parse(String key, String fallback, java.util.function.BiFunction<String, String, T> parser) {
        String text = text(key, fallback);
        if (text == null) {
            return null;
        }
        try {
            return parser.apply(text, field(key));
        } catch (InvalidDefinitionException e) {
            e.problems().forEach(p -> problems.add(p.field(), p.value(), p.fix()));
            return null;
        }
    }

    private static double parse(String s) {
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static String fmt(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? String.valueOf((long) d) : String.valueOf(d);
    }
}
