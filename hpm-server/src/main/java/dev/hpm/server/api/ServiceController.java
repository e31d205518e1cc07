package dev.hpm.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hpm.codec.Documents;
import dev.hpm.core.loop.IntervalReport;
import dev.hpm.server.prometheus.PrometheusExporter;
import io.javalin.http.Context;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Health, the OpenAPI document and the Prometheus scrape. */
public final class ServiceController {
    private final ApiContext api;
    private final JsonNode openApi;
    private final PrometheusExporter prometheus;

    public ServiceController(ApiContext api) {
        this.api = api;
        this.openApi = openApi();
        this.prometheus = new PrometheusExporter(api.service(), api.store().history());
        dev.hpm.server.prometheus.JvmMetrics.register(prometheus.registry());
        api.metricFamilies().forEach(f -> f.accept(prometheus.registry()));
    }

    /** The OpenAPI document of the API, from the server's resources. */
    public static JsonNode openApi() {
        try (InputStream in = ServiceController.class.getResourceAsStream("/dev/hpm/server/openapi.yaml")) {
            return Documents.parseYaml(new String(in.readAllBytes(), StandardCharsets.UTF_8), "openapi.yaml");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void openApi(Context ctx) {
        ctx.json(openApi);
    }

    public void health(Context ctx) {
        ObjectNode o = Views.JSON.objectNode();
        boolean up = true;
        try { // anyone may ask: the answer says whether, never where (no file path, host or error text)
            api.store().definitions().version();
            o.put("database", "up");
        } catch (RuntimeException e) {
            up = false;
            o.put("database", "unavailable");
        }
        int connected = 0;
        for (IntervalReport r : api.service().latest().values()) {
            connected += r.status().connected() ? 1 : 0;
        }
        o.put("status", up ? "up" : "down");
        o.put("hypervisors", api.service().hosts().size());
        o.put("hypervisors-connected", connected);
        ctx.status(up ? 200 : 503).json(o);
    }

    public void prometheus(Context ctx) {
        ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                .result(prometheus.scrape(api.live(), PoolMetrics.figures(api), ctx.queryParams("name[]")));
    }
}
