package dev.hpm.server.api;

import dev.hpm.server.balance.LoadBalancers;
import dev.hpm.server.http.Route;
import dev.hpm.server.http.Routes;
import dev.hpm.server.rt.OtlpMetricsReceiver;
import dev.hpm.server.security.Role;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;

import java.util.List;

/**
 * {@value #PATH}: the OTLP/HTTP metrics receiver (the OpenTelemetry Protocol specification,
 * "OTLP/HTTP"), where applications push their request-duration histogram for response-time goals
 * (docs/workload-balancing.md, "Response-time goals"). The body is an
 * {@code ExportMetricsServiceRequest} in protobuf ({@code Content-Type: application/x-protobuf});
 * the answer is an {@code ExportMetricsServiceResponse}, whose partial success counts the data
 * points not taken and says why. Pushing measurements steers the CPU manager, so it takes an
 * admin's credentials (an exporter sends them as a header: {@code Authorization: Bearer TOKEN}).
 */
public final class OtlpController {
    /** Where the exporters send: an OTLP exporter's metrics endpoint is this URL in full. */
    public static final String PATH = Routes.BASE + "/otlp/v1/metrics";

    /** The protobuf media type of OTLP/HTTP. */
    public static final String PROTOBUF = "application/x-protobuf";

    private final LoadBalancers lbs;

    private OtlpController(LoadBalancers lbs) {
        this.lbs = lbs;
    }

    /** The routes of this controller, to add to {@link Routes#of}'s. */
    public static List<Route> routes(LoadBalancers lbs) {
        OtlpController c = new OtlpController(lbs);
        return List.of(new Route(HandlerType.POST, PATH, Role.ADMIN, c::export));
    }

    void export(Context ctx) {
        OtlpMetricsReceiver receiver = lbs.otlp();
        if (receiver == null) {
            throw ApiException.notFound("the OTLP receiver is off: add response-times: {otlp: {}} to hpm serve's "
                    + "configuration (docs/workload-balancing.md)");
        }
        OtlpMetricsReceiver.Outcome outcome;
        try {
            outcome = receiver.accept(ctx.bodyAsBytes());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        var response = io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse.newBuilder();
        if (outcome.rejected() > 0) {
            response.getPartialSuccessBuilder().setRejectedDataPoints(outcome.rejected())
                    .setErrorMessage(outcome.firstProblem());
        }
        ctx.status(200).contentType(PROTOBUF).result(response.build().toByteArray());
    }
}
