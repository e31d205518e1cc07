package dev.hpm.server.api;

import dev.hpm.core.model.Problem;

import java.util.List;

/**
 * An HTTP error with the status, a reason code (see the OpenAPI document) and a message that says
 * what to fix; {@code problems} lists field-level problems of invalid input. Thrown by controllers,
 * rendered by the server as a JSON {@code Error}.
 */
public final class ApiException extends RuntimeException {
    private final int status;
    private final String reason;
    private final List<Problem> problems;

    public ApiException(int status, String reason, String message, List<Problem> problems) {
        super(message);
        this.status = status;
        this.reason = reason;
        this.problems = List.copyOf(problems);
    }

    public ApiException(int status, String reason, String message) {
        this(status, reason, message, List.of());
    }

    public static ApiException badRequest(String message) {
        return new ApiException(400, "malformed-request", message);
    }

    public static ApiException invalid(List<Problem> problems) {
        String message = problems.size() == 1 ? problems.getFirst().message()
                : problems.size() + " problems; the first: " + problems.getFirst().message();
        return new ApiException(400, "invalid-field", message, problems);
    }

    public static ApiException notFound(String message) {
        return new ApiException(404, "not-found", message);
    }

    public static ApiException conflict(String message) {
        return new ApiException(409, "conflict", message);
    }

    public static ApiException forbidden(String message) {
        return new ApiException(403, "forbidden", message);
    }

    public int status() {
        return status;
    }

    public String reason() {
        return reason;
    }

    public List<Problem> problems() {
        return problems;
    }
}
