package dev.hpm.cli.remote;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.stream.StreamSupport;
import java.util.stream.Collectors;

/**
 * Turns JSON values into table cells: unknown ({@code null}, absent) as "-", numbers at a fixed
 * precision, times to the second.
 */
public final class Cells {
    private Cells() {
    }

    private static boolean unknown(JsonNode n) {
        return n == null || n.isNull() || n.isMissingNode();
    }

    /** Text as is, numbers as JSON writes them, lists comma-separated. */
    public static String text(JsonNode n) {
        if (unknown(n)) {
            return "-";
        }
        if (n.isArray()) {
            return n.isEmpty() ? "-" : StreamSupport.stream(n.spliterator(), false).map(Cells::text)
                    .collect(Collectors.joining(", "));
        }
        String s = n.asText();
        return s.isEmpty() ? "-" : s;
    }

    public static String text(JsonNode o, String key) {
        return text(o.get(key));
    }

    /** A number with {@code decimals} decimals. */
    public static String number(JsonNode o, String key, int decimals) {
        JsonNode n = o.get(key);
        if (unknown(n) || !n.isNumber()) {
            return text(n);
        }
        return String.format(Locale.ROOT, "%." + decimals + "f", n.asDouble());
    }

    /** A counter; negative values mean "not collected". */
    public static String counter(JsonNode o, String key) {
        JsonNode n = o.get(key);
        return unknown(n) || n.asLong() < 0 ? "-" : Long.toString(n.asLong());
    }

    /** A fraction (0.93) as a percentage (93%). */
    public static String percent(JsonNode o, String key) {
        JsonNode n = o.get(key);
        return unknown(n) ? "-" : String.format(Locale.ROOT, "%.0f%%", n.asDouble() * 100);
    }

    /** An ISO-8601 time to the second: 2026-11-22T01:00:00Z. */
    public static String time(JsonNode o, String key) {
        JsonNode n = o.get(key);
        if (unknown(n)) {
            return "-";
        }
        try {
            return Instant.parse(n.asText()).truncatedTo(ChronoUnit.SECONDS).toString();
        } catch (DateTimeParseException e) {
            return n.asText();
        }
    }

    public static String yesNo(JsonNode o, String key) {
        JsonNode n = o.get(key);
        return unknown(n) ? "-" : n.asBoolean() ? "yes" : "no";
    }
}
