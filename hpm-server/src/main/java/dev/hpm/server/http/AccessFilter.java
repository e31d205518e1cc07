package dev.hpm.server.http;

import dev.hpm.server.api.ApiContext;
import dev.hpm.server.api.ApiException;
import dev.hpm.server.security.Authenticator;
import dev.hpm.server.security.Authenticator.Outcome;
import dev.hpm.server.security.Role;
import io.javalin.http.Context;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What every request passes before its handler, in this order: the security headers of the answer;
 * refusal of method overrides; for state-changing methods, the cross-site check (an {@code Origin}
 * or {@code Sec-Fetch-Site} of another site is refused) and the body's media type (JSON in UTF-8);
 * then, for a matched route, authentication and the route's role.
 *
 * <p>HPM never asks for Basic credentials ({@code WWW-Authenticate}): a browser that is never
 * challenged never caches a password to replay on cross-site requests; the web UI logs in with a
 * form and uses a token, scripts send their credentials with every request.
 */
public final class AccessFilter {
    /** Headers some frameworks take as the real method; HPM refuses them rather than guess. */
    static final List<String> METHOD_OVERRIDES = List.of("X-HTTP-Method-Override", "X-HTTP-Method", "X-Method-Override");
    private static final Set<String> STATE_CHANGING = Set.of("POST", "PUT", "PATCH", "DELETE");
    /** The policy of API answers: nothing may be loaded, run or framed from them. */
    static final String API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    private final Authenticator authenticator;

    public AccessFilter(Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    /** Security headers on every answer (the web UI's files replace the CSP with their own). */
    public static void securityHeaders(Context ctx) {
        ctx.header("Content-Security-Policy", API_CSP);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("Cache-Control", "no-store");
        ctx.header("Cross-Origin-Resource-Policy", "same-origin");
    }

    /** Runs before every request, matched or not. */
    public void before(Context ctx) {
        securityHeaders(ctx);
        if (hasBody(ctx)) {
            // An answer to a request whose body Jetty could not consume in full (refused early, too
            // large, cut short) ends with Jetty closing the connection, and a client that has
            // already sent its next request on it gets no answer at all (the fuzzer found it). A
            // request with a body is therefore answered with "Connection: close", so no client
            // reuses such a connection; reads keep theirs.
            ctx.header("Connection", "close");
        }
        for (String header : METHOD_OVERRIDES) {
            if (ctx.header(header) != null) {
                throw ApiException.badRequest(header + " is not accepted: send the request with its real method ("
                        + ctx.req().getMethod() + " here)");
            }
        }
        String method = ctx.req().getMethod().toUpperCase(Locale.ROOT);
        if (STATE_CHANGING.contains(method)) {
            checkSameSite(ctx);
            if (hasBody(ctx)) {
                if (ctx.path().equals(dev.hpm.server.api.OtlpController.PATH)) {
                    checkProtobuf(ctx.header("Content-Type"));
                } else {
                    checkJson(ctx.header("Content-Type"));
                }
            }
        }
    }

    /** Runs before a matched route: who calls, and may they. */
    public void authorize(Context ctx) {
        Role needed = ctx.routeRoles().stream().filter(Role.class::isInstance).map(Role.class::cast)
                .findFirst().orElse(Role.ADMIN);
        if (needed == Role.ANYONE) {
            return;
        }
        switch (authenticator.authenticate(ctx.header("Authorization"), ctx.ip())) {
            case Outcome.Authenticated(var principal) -> {
                if (!needed.allows(principal.role())) {
                    throw ApiException.forbidden(principal.name() + " is a viewer and may not change anything;"
                            + " ask an admin, or use an admin account");
                }
                ctx.attribute(ApiContext.PRINCIPAL, principal);
            }
            case Outcome.Throttled(var wait) -> {
                long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
                ctx.header("Retry-After", String.valueOf(seconds));
                throw new ApiException(429, "too-many-attempts", "too many failed logins for this user or from "
                        + "this address; try again in " + seconds + " s (every failure is in the audit log)");
            }
            case Outcome.Anonymous() -> throw unauthenticated();
            case Outcome.Refused() -> throw unauthenticated();
        }
    }

    private static ApiException unauthenticated() {
        return new ApiException(401, "unauthenticated",
                "log in: HTTP Basic with a user and password, or Authorization: Bearer with an API token");
    }

    /** A state-changing request from a page of another site is refused (CSRF). */
    private static void checkSameSite(Context ctx) {
        String fetchSite = ctx.header("Sec-Fetch-Site");
        if (fetchSite != null && fetchSite.equalsIgnoreCase("cross-site")) {
            throw crossSite("Sec-Fetch-Site: cross-site");
        }
        String origin = ctx.header("Origin");
        if (origin == null) {
            return; // not sent by a browser's cross-site request: scripts, the CLI, same-origin GETs
        }
        String own = ctx.scheme() + "://" + ctx.host();
        if (!origin.equalsIgnoreCase(own)) {
            throw crossSite("Origin " + origin);
        }
    }

    private static ApiException crossSite(String what) {
        return ApiException.forbidden("a cross-site request (" + what + ") may not change anything: send it "
                + "from HPM's own pages, or from a script without an Origin header");
    }

    private static boolean hasBody(Context ctx) {
        String length = ctx.header("Content-Length");
        return ctx.header("Transfer-Encoding") != null || (length != null && !length.strip().equals("0"));
    }

    /**
     * A body must be {@code application/json}, with no charset or {@code charset=utf-8}.
     *
     * @throws ApiException 415 otherwise
     */
    static void checkJson(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            throw unsupported("a body without Content-Type");
        }
        String[] parts = contentType.split(";");
        if (!parts[0].strip().equalsIgnoreCase("application/json")) {
            throw unsupported("Content-Type " + contentType);
        }
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].strip();
            int eq = p.indexOf('=');
            String name = eq < 0 ? p : p.substring(0, eq).strip();
            String value = eq < 0 ? "" : p.substring(eq + 1).strip().replace("\"", "");
            if (name.equalsIgnoreCase("charset") && !value.equalsIgnoreCase("utf-8")) {
                throw unsupported("charset " + value);
            }
        }
    }

    /** The OTLP receiver's body must be {@code application/x-protobuf} (OTLP/HTTP's JSON encoding is not taken). */
    private static void checkProtobuf(String contentType) {
        String type = contentType == null ? "" : contentType.split(";", 2)[0].strip();
        if (!type.equalsIgnoreCase(dev.hpm.server.api.OtlpController.PROTOBUF)) {
            throw new ApiException(415, "unsupported-media-type", "send OTLP/HTTP metrics in protobuf with Content-Type: "
                    + dev.hpm.server.api.OtlpController.PROTOBUF + ", not " + (contentType == null ? "none" : contentType)
                    + " (set the exporter's protocol to http/protobuf)");
        }
    }

    private static ApiException unsupported(String what) {
        return new ApiException(415, "unsupported-media-type", "send the body as JSON in UTF-8 with Content-Type: "
                + "application/json, not " + what);
    }
}
