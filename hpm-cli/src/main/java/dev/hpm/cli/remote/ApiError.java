package dev.hpm.cli.remote;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/**
 * An error answer of the server: its status, reason code, message and field problems, printed as
 * the message and one line per problem ({@code field is "value": fix}), with the exit code of the
 * status (see {@link ExitCodes}).
 */
public final class ApiError extends CliFailure {
    private ApiError(int status, List<String> lines) {
        super(ExitCodes.forStatus(status), lines, null);
    }

    /**
     * From an error response.
     *
     * @param body  the JSON {@code Error}, or null when the answer was not one (e.g. from a proxy)
     * @param text  the raw body, for answers that are not JSON
     * @param hints lines to add, e.g. how to give credentials after a 401
     */
    static ApiError of(int status, JsonNode body, String text, List<String> hints) {
        List<String> lines = new ArrayList<>();
        String reason = null;
        if (body != null && body.isObject() && body.has("message")) {
            reason = body.path("reason").asText(null);
            String message = body.get("message").asText();
            lines.add(message + " (HTTP " + status + (reason == null ? "" : " " + reason) + ")");
            JsonNode problems = body.path("problems");
            if (problems.size() > 1 || problems.size() == 1 && !message.contains(problem(problems.get(0)))) {
                problems.forEach(p -> lines.add("  " + problem(p)));
            }
        } else {
            String first = PrivateFiles.firstLine(text == null ? "" : text.strip());
            lines.add("the server answered HTTP " + status + (first.isEmpty() ? "" : ": "
                    + (first.length() > 200 ? first.substring(0, 200) + "…" : first)));
        }
        lines.addAll(hints);
        return new ApiError(status, lines);
    }

    /** One problem as the server's own messages read: {@code field is "value": fix}. */
    static String problem(JsonNode p) {
        JsonNode value = p.path("value");
        String shown = value.isMissingNode() || value.isNull() ? "missing" : value.isTextual() ? "\"" + value.asText() + "\""
                : value.toString();
        return p.path("field").asText("?") + " is " + shown + ": " + p.path("fix").asText("");
    }
}
