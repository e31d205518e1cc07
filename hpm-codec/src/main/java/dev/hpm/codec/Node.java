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
import java.util.regex.Pattern;

/**
 * A JSON or YAML object being read, with its path in the document, so that every problem names
 * the field (e.g. {@code groups[2].policy.rules[1].filters[0].value}), the value and the fix. A
 * missing or wrong value is recorded in the shared {@link Problems} and a fallback is returned,
 * so one pass reports everything wrong with a document.
 *
 * <p>A {@link #strict} node (request bodies of the REST API) takes every value with its exact JSON
 * type: text only from a JSON string, numbers only from a JSON number. Files read with
 * {@link #root} may also give a number as a YAML scalar ({@code cpu-maximum: "2"}), but only in
 * plain decimal notation ({@code 2d}, {@code 0x1p3} and {@code Infinity} are not numbers). Neither
 * takes {@code null} for a required value or as a list element, nor text with an unpaired UTF-16
 * surrogate.
 */
public final class Node {
    private final JsonNode json;
    private final String path;
    private final Problems problems;
    private final boolean strict;
    private static final Pattern DECIMAL = Pattern.compile(
            "-?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]{1,3})?");

    private Node(JsonNode json, String path, Problems problems, boolean strict) {
        this.json = json;
        this.path = path;
        this.problems = problems;
        this.strict = strict;
    }

    /** The root of a document from a file (JSON or YAML). */
    public static Node root(JsonNode json, Problems problems) {
        return new Node(json, "", problems, false);
    }

    /** The root of a JSON request body: exact types. */
    public static Node strict(JsonNode json, Problems problems) {
        return new Node(json, "", problems, true);
    }

    /** A node at {@code path} as strict as this one (for readers that rebuild a subtree). */
    public Node with(JsonNode other, String otherPath) {
        return new Node(other, otherPath, problems, strict);
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
        return new Node(json == null ? null : json.get(key), field(key), problems, strict);
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
        if (strict && !v.isTextual()) {
            problem(key, v.toString(), "must be text in double quotes, not " + kind(v));
            return fallback;
        }
        return checked(field(key), v.asText(), fallback);
    }

    /** {@code text}, or a problem and {@code fallback} if it holds an unpaired surrogate. */
    private String checked(String field, String text, String fallback) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                problems.add(field, "(a lone \\u" + Integer.toHexString(c) + " at character " + i + ")",
                        "send Unicode text: an unpaired UTF-16 surrogate is not a character");
                return fallback;
            }
        }
        return text;
    }

    private static String kind(JsonNode v) {
        return v.isNumber() ? "a number" : v.isBoolean() ? "true or false" : v.isNull() ? "null" : "a " + v.getNodeType();
    }

    public double number(String key, double fallback, double min, double max) {
        if (!has(key)) {
            if (Double.isNaN(fallback)) {
                problem(key, null, "this key is required: a number from " + fmt(min) + " to " + fmt(max));
            }
            return fallback;
        }
        JsonNode v = json.get(key);
        if (strict && !v.isNumber()) {
            problem(key, v.isValueNode() ? v.asText() : v.toString(), "must be a JSON number (without quotes) from "
                    + fmt(min) + " to " + fmt(max));
            return Double.isNaN(fallback) ? min : fallback;
        }
        double d = v.isNumber() ? v.asDouble() : v.isTextual() ? parse(v.asText()) : Double.NaN;
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
            out.add(new Node(v.get(i), field(key) + "[" + i + "]", problems, strict));
        }
        return out;
    }

    /** Strings of a list. */
    public List<String> texts(String key) {
        List<String> out = new ArrayList<>();
        for (Node n : list(key, false)) {
            if (n.json.isTextual() || (!strict && n.json.isValueNode() && !n.json.isNull())) {
                String text = n.checked(n.path, n.json.asText(), null);
                if (text != null) {
                    out.add(text);
                }
            } else {
                problems.add(n.path, n.json.toString(), "must be text in double quotes, not " + kind(n.json));
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
        if (!DECIMAL.matcher(s.strip()).matches()) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(s.strip());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static String fmt(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? String.valueOf((long) d) : String.valueOf(d);
    }
}
