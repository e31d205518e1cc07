package dev.hpm.cli.remote;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/** Query parameters, in order; a null or blank value leaves its parameter out. */
public final class Query {
    private final Map<String, String> parameters = new LinkedHashMap<>();

    public static Query of() {
        return new Query();
    }

    public Query add(String name, Object value) {
        if (value != null && !value.toString().isBlank()) {
            parameters.put(name, value.toString());
        }
        return this;
    }

    /** {@code ?a=1&b=x%2Fy}, or the empty string. */
    public String encoded() {
        if (parameters.isEmpty()) {
            return "";
        }
        StringJoiner j = new StringJoiner("&", "?", "");
        parameters.forEach((k, v) -> j.add(encode(k) + "=" + encode(v)));
        return j.toString();
    }

    /** Encodes one path segment or parameter (spaces as %20). */
    public static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
