package dev.hpm.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hpm.codec.Documents;
import dev.hpm.codec.Node;
import dev.hpm.codec.Units;
import dev.hpm.core.model.Problems;
import io.javalin.http.Context;

import java.time.Duration;
import java.time.Instant;
import java.time.DateTimeException;
import java.util.function.Function;

/** Reading requests safely: JSON bodies within limits, typed query parameters, time ranges. */
public final class Requests {
    /** The longest time range a query may span. */
    public static final Duration MAX_RANGE = Duration.ofDays(8);
    /** Times a query may name: HPM keeps nothing outside (and 64-bit milliseconds hold it). */
    static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
    static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");
    private static final String TIME_FIX = "write an ISO-8601 time from 1970 to 9999 (2026-11-22T01:00:00Z), now, "
            + "or -1h, -15m";

    private Requests() {
    }

    /**
     * The body as a JSON tree: one document in UTF-8 and nothing after it; the media type was
     * checked before ({@link dev.hpm.server.http.AccessFilter}): 415 unless JSON in UTF-8.
     */
    public static JsonNode json(Context ctx) {
        byte[] body = ctx.bodyAsBytes();
        JsonNode tree;
        try {
            tree = body.length == 0 ? null : Documents.parseJsonBody(body, "request body");
        } catch (Documents.DocumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        if (tree == null || tree.isMissingNode()) {
            throw ApiException.badRequest("the request needs a JSON body (Content-Type: application/json)");
        }
        return tree;
    }

    /**
     * Reads the body with {@code reader}; every problem it records becomes one 400 listing them all.
     */
    public static <T> T read(Context ctx, Function<Node, T> reader) {
        JsonNode tree = json(ctx);
        if (!tree.isObject()) {
            throw ApiException.badRequest("the request body must be a JSON object");
        }
        Problems problems = new Problems();
        T value = reader.apply(Node.strict(tree, problems));
        if (!problems.isEmpty()) {
            throw ApiException.invalid(problems.list());
        }
        return value;
    }

    /** An integer query parameter within bounds, or the default. */
    public static int integer(Context ctx, String name, int fallback, int min, int max) {
        String text = ctx.queryParam(name);
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            int v = Integer.parseInt(text.strip());
            if (v < min || v > max) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw invalidParameter(name, text, "use a whole number from " + min + " to " + max);
        }
    }

    /** A time range from {@code from} and {@code to} (ISO-8601, {@code now}, or {@code -1h}-style relative). */
    public static Range range(Context ctx, Instant now, Duration defaultSpan) {
        Instant to = instant(ctx, "to", now, now);
        Instant from = instant(ctx, "from", now, to.minus(defaultSpan));
        if (!from.isBefore(to)) {
            throw invalidParameter("from", ctx.queryParam("from"), "must be before to (" + to + ")");
        }
        if (Duration.between(from, to).compareTo(MAX_RANGE) > 0) {
            throw invalidParameter("from", ctx.queryParam("from"), "the range may span at most " + Units.format(MAX_RANGE));
        }
        return new Range(from, to, step(ctx));
    }

    private static Instant instant(Context ctx, String name, Instant now, Instant fallback) {
        String text = ctx.queryParam(name);
        if (text == null || text.isBlank()) {
            return fallback;
        }
        String t = text.strip();
        if (t.equals("now")) {
            return now;
        }
        Instant at;
        try {
            at = t.startsWith("-") ? now.minus(Units.duration(t.substring(1))) : Instant.parse(t);
        } catch (IllegalArgumentException | DateTimeException | ArithmeticException e) {
            throw invalidParameter(name, text, TIME_FIX);
        }
        if (at.isBefore(EARLIEST) || at.isAfter(LATEST)) {
            throw invalidParameter(name, text, TIME_FIX);
        }
        return at;
    }

    private static Duration step(Context ctx) {
        String text = ctx.queryParam("step");
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            Duration d = Units.duration(text.strip());
            if (d.toSeconds() < 1) {
                throw new IllegalArgumentException();
            }
            return d;
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw invalidParameter("step", text, "write a bucket size of at least 1s, such as 1m or 1h");
        }
    }

    public static ApiException invalidParameter(String name, Object value, String fix) {
        Problems p = new Problems();
        p.add(name, value, fix);
        return ApiException.invalid(p.list());
    }

    /** A time range with an optional bucket size. */
    public record Range(Instant from, Instant to, Duration step) {
    }
}
