package dev.hpm.server.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hpm.codec.Documents;
import dev.hpm.codec.InvalidDocumentException;
import dev.hpm.core.model.DefinitionConflictException;
import dev.hpm.core.model.InvalidDefinitionException;
import dev.hpm.core.model.Problem;
import dev.hpm.server.api.ApiException;
import dev.hpm.store.ConflictException;
import dev.hpm.store.InvalidQueryException;
import dev.hpm.store.NotFoundException;
import dev.hpm.store.StoreException;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import org.eclipse.jetty.http.HttpException;

import java.io.IOException;
import java.lang.System.Logger;
import java.util.List;

/**
 * Every error as JSON: {@code {"http-status", "reason", "message", "problems"}}. The status comes
 * from the exception's type, never from its text; a message says what to fix in words and never
 * names a Java class. Anything unforeseen is a 500 whose details go to the server log only.
 */
public final class ErrorMapper {
    private static final Logger LOG = System.getLogger(ErrorMapper.class.getName());

    private ErrorMapper() {
    }

    public static void register(JavalinConfig c) {
        c.routes.exception(ApiException.class, (e, ctx) -> render(ctx, e.status(), e.reason(), e.getMessage(), e.problems()));
        c.routes.exception(DefinitionConflictException.class, (e, ctx) ->
                render(ctx, 409, "conflict", e.problems().getFirst().message(), e.problems()));
        c.routes.exception(InvalidDefinitionException.class, (e, ctx) ->
                render(ctx, 400, "invalid-field", e.getMessage(), e.problems()));
        c.routes.exception(InvalidDocumentException.class, (e, ctx) ->
                render(ctx, 400, "invalid-field", e.getMessage(), e.problems()));
        c.routes.exception(InvalidQueryException.class, (e, ctx) ->
                render(ctx, 400, "invalid-field", e.getMessage(), e.problems()));
        c.routes.exception(NotFoundException.class, (e, ctx) -> render(ctx, 404, "not-found", e.getMessage(), List.of()));
        c.routes.exception(ConflictException.class, (e, ctx) -> render(ctx, 409, "conflict", e.getMessage(), e.problems()));
        c.routes.exception(StoreException.class, (e, ctx) -> {
            LOG.log(Logger.Level.ERROR, "database: " + e.getMessage(), e);
            render(ctx, 503, "unavailable", "the database is not available; try again later (the server log says why)",
                    List.of());
        });
        c.routes.exception(HttpResponseException.class, (e, ctx) -> httpStatus(ctx, e.getStatus()));
        c.routes.exception(Exception.class, ErrorMapper::unforeseen);
        c.routes.error(404, "*", ctx -> {
            if (ctx.result() == null || !ctx.result().startsWith("{\"http-status\"")) {
                notFound(ctx);
            }
        });
    }

    /** Failures of HTTP itself (a malformed chunk, a body cut short) are the client's; the rest a 500. */
    private static void unforeseen(Exception e, Context ctx) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof HttpException h && h.getCode() >= 400 && h.getCode() < 500) {
                httpStatus(ctx, h.getCode());
                return;
            }
            if (t instanceof IOException) {
                render(ctx, 400, "malformed-request", "the request body could not be read: it is malformed or was "
                        + "cut short; send it again with a correct Content-Length or chunked encoding", List.of());
                return;
            }
        }
        LOG.log(Logger.Level.ERROR, ctx.method() + " " + ctx.path() + ": " + e, e);
        render(ctx, 500, "internal-error", "something went wrong in HPM; the server log has the details", List.of());
    }

    private static void httpStatus(Context ctx, int status) {
        switch (status) {
            case 404 -> notFound(ctx);
            case 413 -> render(ctx, 413, "payload-too-large", "the request body is larger than "
                    + (Documents.MAX_BYTES >> 20) + " MiB", List.of());
            case 415 -> render(ctx, 415, "unsupported-media-type", "send the body as JSON in UTF-8 with Content-Type: "
                    + "application/json", List.of());
            default -> render(ctx, status, status < 500 ? "malformed-request" : "internal-error", JettyErrors.words(status),
                    List.of());
        }
    }

    private static void notFound(Context ctx) {
        render(ctx, 404, "not-found", "no such resource: " + ctx.req().getMethod() + " " + ctx.path() + " (see "
                + Routes.BASE + "/openapi.json)", List.of());
    }

    /** Writes the error answer. */
    public static void render(Context ctx, int status, String reason, String message, List<Problem> problems) {
        ctx.status(status).contentType("application/json").result(json(status, reason, message, problems));
    }

    static String json(int status, String reason, String message, List<Problem> problems) {
        ObjectNode o = Documents.json().createObjectNode();
        o.put("http-status", status);
        o.put("reason", reason);
        o.put("message", message);
        if (!problems.isEmpty()) {
            ArrayNode list = o.putArray("problems");
            for (Problem p : problems) {
                ObjectNode po = list.addObject();
                po.put("field", p.field());
                if (p.value() == null) {
                    po.putNull("value");
                } else {
                    po.put("value", String.valueOf(p.value()));
                }
                po.put("fix", p.fix());
            }
        }
        return o.toString();
    }
}
