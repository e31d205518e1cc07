package dev.hpm.server.api;

import io.javalin.http.Context;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The web UI: static files from the server's jar under {@code /ui/}. The files hold no data (the
 * page asks the REST API with the user's token), so they need no credentials. Every answer carries
 * a strict Content-Security-Policy: scripts, styles and connections only from this server, no
 * inline script, no framing. The charts' library, uPlot, comes from its WebJar (shipped in the jar)
 * under {@code /ui/lib/}: {@link #LIBRARIES}.
 */
public final class UiController {
    /** Where the files are on the class path. */
    static final String RESOURCES = "dev/hpm/server/ui/";
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; font-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'";
    /** The libraries' files the UI loads, by their path under {@code /ui/}, and where each one is. */
    static final Map<String, String> LIBRARIES = libraries(WebJar.folder("org.webjars.npm", "uplot"));
    private static final Pattern SAFE = Pattern.compile("[a-z0-9][a-z0-9-]*(/[a-z0-9][a-z0-9-]*)*\\.(html|js|css|svg|ico)");
    private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8", "svg", "image/svg+xml",
            "ico", "image/x-icon", "png", "image/png");
    private final Map<String, Optional<byte[]>> cache = new ConcurrentHashMap<>();

    /** {@code GET /}: to the UI. */
    public void root(Context ctx) {
        ctx.contentType("text/plain; charset=utf-8");
        ctx.redirect("/ui/");
    }

    /** {@code GET /ui/<path>}: a file of the UI; {@code /ui/} is the application's page. */
    public void file(Context ctx) {
        String path = ctx.pathParamMap().getOrDefault("path", "");
        if (path.isEmpty()) {
            path = "index.html";
        }
        if (!SAFE.matcher(path).matches()) {
            throw ApiException.notFound("no such file of the web UI: " + path);
        }
        byte[] body = cache.computeIfAbsent(LIBRARIES.getOrDefault(path, RESOURCES + path), UiController::load)
                .orElseThrow(() -> ApiException.notFound("no such file of the web UI: " + ctx.pathParam("path")));
        send(ctx, path, body);
    }

    private static Map<String, String> libraries(String uplot) {
        return Map.of("lib/uplot.js", uplot + "dist/uPlot.esm.js", "lib/uplot.css", uplot + "dist/uPlot.min.css");
    }

    /** Answers with a static file of the browser: its media type by {@code name}'s extension, under {@link #CSP}. */
    static void send(Context ctx, String name, byte[] body) {
        ctx.header("Content-Security-Policy", CSP);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("Cache-Control", "no-cache");
        ctx.contentType(TYPES.get(name.substring(name.lastIndexOf('.') + 1)));
        ctx.result(body);
    }

    /** A resource of the class path, by its full name; empty if there is none. */
    static Optional<byte[]> load(String resource) {
        try (InputStream in = UiController.class.getClassLoader().getResourceAsStream(resource)) {
            return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
