package dev.hpm.cli.remote;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.hpm.codec.Documents;

import javax.net.ssl.SSLException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The HPM REST API over {@code java.net.http}: one request per call, JSON in and out, the
 * configured credentials on every request, no redirects (credentials never go elsewhere). Error
 * answers become {@link ApiError}s; a server that cannot be reached becomes a {@link CliFailure}
 * with exit code 6. With {@code --verbose}, each request is logged — method, URL, status, time —
 * but never a header or a body.
 */
public final class HpmClient implements AutoCloseable {
    /** Largest answer read (raw metrics of a long range can be big). */
    static final int MAX_RESPONSE_BYTES = 256 << 20;
    private final ConnectionSettings settings;
    private final HttpClient http;
    private final PrintWriter log;

    /**
     * @param log where {@code --verbose} writes, or null
     */
    public HpmClient(ConnectionSettings settings, PrintWriter log) {
        this.settings = settings;
        this.log = log;
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(settings.timeout())
                .followRedirects(HttpClient.Redirect.NEVER);
        if (settings.caFile() != null && settings.server().getScheme().equals("https")) {
            b.sslContext(CaTrust.context(settings.caFile(), settings.caSource()));
        }
        this.http = b.build();
    }

    /** An answer: the status and the JSON body ({@link MissingNode} when there is none). */
    public record Response(int status, JsonNode json, String text) {
        public boolean ok() {
            return status < 400;
        }
    }

    public JsonNode get(String path) {
        return get(path, Query.of());
    }

    public JsonNode get(String path, Query query) {
        return success(send("GET", path, query, null));
    }

    public JsonNode post(String path, JsonNode body) {
        return success(send("POST", path, Query.of(), body));
    }

    public void delete(String path) {
        success(send("DELETE", path, Query.of(), null));
    }

    /** The answer, whatever its status; throws only when there is none. */
    public Response send(String method, String path, Query query, JsonNode body) {
        URI uri = URI.create(settings.server() + ConnectionSettings.API + path + query.encoded());
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(settings.timeout())
                .header("Accept", "application/json").header("User-Agent", "hpm-cli");
        String authorization = settings.credentials().header();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (body != null) {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        long start = System.nanoTime();
        HttpResponse<InputStream> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliFailure(ExitCodes.UNEXPECTED, List.of("interrupted"), e);
        }
        Response r = read(response);
        if (log != null) {
            log.println("hpm: " + method + " " + uri + " -> " + r.status() + " in "
                    + (System.nanoTime() - start) / 1_000_000 + " ms");
            log.flush();
        }
        return r;
    }

    private Response read(HttpResponse<InputStream> response) {
        byte[] bytes;
        try (InputStream in = response.body()) {
            bytes = in.readNBytes(MAX_RESPONSE_BYTES + 1);
        } catch (IOException e) {
            throw unreachable(e);
        }
        if (bytes.length > MAX_RESPONSE_BYTES) {
            throw new CliFailure(ExitCodes.UNEXPECTED, "the answer is larger than " + (MAX_RESPONSE_BYTES >> 20)
                    + " MiB; ask for a shorter range (--from, --to) or a larger --step");
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        String type = response.headers().firstValue("Content-Type").orElse("");
        JsonNode json = MissingNode.getInstance();
        if (type.startsWith("application/json") && !text.isBlank()) {
            try {
                json = Documents.json().readTree(text);
            } catch (JsonProcessingException e) {
                if (response.statusCode() < 400) {
                    throw new CliFailure(ExitCodes.UNEXPECTED, "the server's answer is not valid JSON: "
                            + e.getOriginalMessage());
                }
            }
        } else if (response.statusCode() < 300 && !text.isBlank()) {
            throw new CliFailure(ExitCodes.UNEXPECTED, settings.server() + " answered with " + (type.isEmpty()
                    ? "something" : type) + ", not JSON: is it an HPM server? (" + settings.serverSource() + ")");
        }
        return new Response(response.statusCode(), json, text);
    }

    private JsonNode success(Response r) {
        if (r.ok()) {
            return r.json();
        }
        throw error(r);
    }

    /** The failure for an error answer, with advice after a 401. */
    public ApiError error(Response r) {
        List<String> hints = List.of();
        if (r.status() == 401) {
            hints = switch (settings.credentials()) {
                case Credentials.None n -> List.of("no credentials were given: use --user NAME with --password-file FILE,"
                        + " or --token; or set HPM_USER and HPM_PASSWORD, or HPM_TOKEN; or write ~/"
                        + CliConfig.DEFAULT_PATH);
                case Credentials.Password p -> List.of("the server did not accept " + p.describe());
                case Credentials.Token t -> List.of("the server did not accept the " + t.describe()
                        + " (revoked, or not this server's?)");
            };
        }
        return ApiError.of(r.status(), r.json().isMissingNode() ? null : r.json(), r.text(), hints);
    }

    private CliFailure unreachable(IOException e) {
        String where = settings.server() + " (from " + settings.serverSource() + ")";
        String line;
        if (e instanceof HttpConnectTimeoutException) {
            line = "no connection to " + where + " within " + settings.timeout().toSeconds() + " s; is the address right,"
                    + " and the server running?";
        } else if (e instanceof HttpTimeoutException) {
            line = where + " did not answer within " + settings.timeout().toSeconds() + " s; try again, or raise --timeout";
        } else if (causedBy(e, UnresolvedAddressException.class) || causedBy(e, UnknownHostException.class)) {
            line = "cannot connect to " + where + ": unknown host " + settings.server().getHost();
        } else if (e instanceof ConnectException) {
            line = "cannot connect to " + where + ": connection refused; is the HPM server running there?";
        } else if (causedBy(e, SSLException.class)) {
            line = "TLS with " + where + " failed (" + e.getMessage() + "); if its certificate comes from a private CA,"
                    + " give that CA with --ca-file FILE";
        } else {
            line = "the connection to " + where + " failed: " + e;
        }
        return CliFailure.unavailable(line, e);
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    public ConnectionSettings settings() {
        return settings;
    }

    @Override
    public void close() {
        http.close();
    }
}
