package dev.hpm.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.hpm.codec.Documents;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/** A small HTTP client for the API tests: calls as a user (Basic), with a token, or anonymously. */
public final class Http {
    static {
        // close pooled connections before the server's idle timeout (10 s) does, so none is reused as it closes
        System.setProperty("jdk.httpclient.keepalive.timeout", "5");
    }

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String base;

    public Http(String base) {
        this.base = base;
    }

    /** Who calls: a user and password, a bearer token, or nobody. */
    public record As(String authorization) {
        public static final As ANONYMOUS = new As(null);

        public static As user(String name, String password) {
            return new As("Basic " + Base64.getEncoder().encodeToString((name + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }

        public static As token(String token) {
            return new As("Bearer " + token);
        }
    }

    /** A response: status, JSON body (MissingNode if none or not JSON), raw text and headers. */
    public record Response(int status, JsonNode json, String text, java.net.http.HttpHeaders headers) {
        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    public Response get(String path, As as) {
        return send(HttpRequest.newBuilder(uri(path)).GET(), as);
    }

    public Response delete(String path, As as) {
        return send(HttpRequest.newBuilder(uri(path)).DELETE(), as);
    }

    public Response post(String path, As as, String json) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)), as);
    }

    public Response post(String path, As as, String contentType, String body) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)), as);
    }

    /** Any method, any headers (those java.net.http allows), a body or none. */
    public Response request(String method, String path, As as, java.util.Map<String, String> headers, byte[] body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).method(method, body == null
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(b::header);
        return send(b, as);
    }

    private URI uri(String path) {
        return URI.create(base + path);
    }

    private Response send(HttpRequest.Builder request, As as) {
        if (as.authorization() != null) {
            request.header("Authorization", as.authorization());
        }
        try {
            HttpRequest built = request.timeout(Duration.ofSeconds(60)).build();
            HttpResponse<String> r;
            try {
                r = client.send(built, HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                if (!String.valueOf(e.getMessage()).contains("received no bytes")) {
                    throw e;
                }
                // The server closed a kept-alive connection (it may, RFC 9112 section 9.3) just as
                // the client reused it; nothing was sent back, so the request was not processed.
                // A client retries it once on a new connection, as browsers do.
                r = client.send(built, HttpResponse.BodyHandlers.ofString());
            }
            JsonNode json = MissingNode.getInstance();
            String type = r.headers().firstValue("Content-Type").orElse("");
            if (type.startsWith("application/json") && !r.body().isEmpty()) {
                json = Documents.parseJson(r.body(), "response");
            }
            return new Response(r.statusCode(), json, r.body(), r.headers());
        } catch (IOException e) {
            throw new IllegalStateException("calling " + base + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
