package dev.hpm.server.api;

import io.javalin.http.Context;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The API's documentation for a browser: Swagger UI (from its WebJar, shipped in the jar) showing
 * {@code openapi.json}, at {@code /zhpm/wsapi/v1/docs}. The page and its files hold no data, so like
 * the document itself they need no credentials; they are served under the web UI's
 * Content-Security-Policy, so Swagger UI is started by a static file ({@code hpm-docs.js}), not an
 * inline script (docs/operations.md, "The API's documentation").
 */
public final class ApiDocsController {
    /** Where the WebJar keeps Swagger UI; the version is the one the build bundles. */
    static final String WEBJAR = WebJar.folder("org.webjars", "swagger-ui");
    /** HPM's page and initialiser. */
    static final String OWN = "dev/hpm/server/docs/";
    /** The files the page loads, and where each one is. */
    static final Map<String, String> FILES = Map.of(
            "swagger-ui.css", WEBJAR + "swagger-ui.css",
            "swagger-ui-bundle.js", WEBJAR + "swagger-ui-bundle.js",
            "favicon-32x32.png", WEBJAR + "favicon-32x32.png",
            "hpm-docs.js", OWN + "hpm-docs.js",
            "hpm-docs.css", OWN + "hpm-docs.css");
    private final Map<String, Optional<byte[]>> cache = new ConcurrentHashMap<>();

    /** {@code GET /zhpm/wsapi/v1/docs}: the page. */
    public void page(Context ctx) {
        UiController.send(ctx, "index.html", read(OWN + "index.html", "the page"));
    }

    /** {@code GET /zhpm/wsapi/v1/docs/{file}}: one of {@link #FILES}. */
    public void file(Context ctx) {
        String name = ctx.pathParam("file");
        String resource = FILES.get(name);
        if (resource == null) {
            throw ApiException.notFound("no such file of the API documentation: " + name + " (there are "
                    + new java.util.TreeSet<>(FILES.keySet()) + ")");
        }
        UiController.send(ctx, name, read(resource, name));
    }

    private byte[] read(String resource, String what) {
        return cache.computeIfAbsent(resource, UiController::load).orElseThrow(() -> new IllegalStateException(
                "the API documentation's " + what + " is missing from the jar (" + resource + ")"));
    }
}
