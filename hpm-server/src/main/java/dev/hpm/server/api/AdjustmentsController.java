package dev.hpm.server.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hpm.codec.ReportCodec;
import dev.hpm.store.AdjustmentRepository;
import io.javalin.http.Context;

import java.time.Duration;

/** {@code /dynamic-resource-adjustments}: the CPU manager's decisions with their reasons, newest first. */
public final class AdjustmentsController {
    private final ApiContext api;

    public AdjustmentsController(ApiContext api) {
        this.api = api;
    }

    public void list(Context ctx) {
        Requests.Range range = Requests.range(ctx, api.time().now(), Duration.ofHours(1));
        String group = ctx.queryParam("workload-resource-group");
        String groupName = group == null || group.isBlank() ? null : api.store().definitions().group(group)
                .map(g -> g.group().name()).orElse(group);
        AdjustmentRepository.Query query = new AdjustmentRepository.Query(range.from(), range.to(),
                blankToNull(ctx.queryParam("host")), groupName, blankToNull(ctx.queryParam("virtual-server")),
                Requests.integer(ctx, "limit", 500, 1, 10_000));
        ArrayNode list = Views.JSON.arrayNode();
        for (AdjustmentRepository.Stored s : api.store().adjustments().query(query)) {
            ObjectNode o = ReportCodec.decision(s.adjustment());
            o.remove("type");
            ObjectNode row = Views.JSON.objectNode();
            row.put("id", s.id());
            row.put("time", s.at().toString());
            row.put("host", s.adjustment().host());
            row.setAll(o);
            if (row.get("receiver") instanceof ObjectNode receiver) {
                if (Double.isNaN(s.piAchieved())) {
                    receiver.putNull("pi-achieved");
                } else {
                    receiver.put("pi-achieved", Math.round(s.piAchieved() * 1000) / 1000.0);
                }
            }
            list.add(row);
        }
        ctx.json(Views.JSON.objectNode().set("dynamic-resource-adjustments", list));
    }

    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
