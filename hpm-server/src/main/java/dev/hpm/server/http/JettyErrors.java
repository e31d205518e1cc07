package dev.hpm.server.http;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The answers Jetty gives itself, before a request reaches the API (a malformed request line or
 * header, headers too large, a read timeout): the API's JSON error with a message in words, the
 * security headers, and never Jetty's HTML page, a stack or an exception's name.
 */
final class JettyErrors extends ErrorHandler {

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) {
        byte[] body = ErrorMapper.json(code, code < 500 ? "malformed-request" : "internal-error", words(code), List.of())
                .getBytes(StandardCharsets.UTF_8);
        HttpFields.Mutable headers = response.getHeaders();
        headers.put(HttpHeader.CONTENT_TYPE, "application/json");
        headers.put("Content-Security-Policy", AccessFilter.API_CSP);
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put(HttpHeader.CACHE_CONTROL, "no-store");
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, "application/json");
        fields.put("X-Content-Type-Options", "nosniff");
        return ByteBuffer.wrap(ErrorMapper.json(status, "malformed-request", words(status), List.of())
                .getBytes(StandardCharsets.UTF_8));
    }

    /** What an HTTP-level status means for the client, in words. */
    static String words(int status) {
        return switch (status) {
            case 400 -> "the request is not well-formed HTTP/1.1 (its request line, a header, the chunked encoding "
                    + "or the body); fix the client";
            case 408 -> "the request was not received in time; send the headers and the body without pausing";
            case 413 -> "the request body is too large";
            case 414 -> "the URI is too long";
            case 431 -> "the request's headers are too large (at most 8 KiB)";
            case 505 -> "use HTTP/1.1";
            default -> status < 500 ? "the request cannot be served (HTTP " + status + "); check its method, path and headers"
                    : "the server cannot answer this request now (HTTP " + status + ")";
        };
    }
}
