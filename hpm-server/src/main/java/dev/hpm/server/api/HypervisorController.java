package dev.hpm.server.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.hpm.core.loop.IntervalReport;
import dev.hpm.server.runtime.ManagedHost;
import dev.hpm.store.InventoryRepository;
import io.javalin.http.Context;

import java.util.Map;

/** {@code /hypervisors}: every managed host, its state (connected, or unreachable since when and why) and figures. */
public final class HypervisorController {
    private final ApiContext api;

    public HypervisorController(ApiContext api) {
        this.api = api;
    }

    public void list(Context ctx) {
        Map<String, IntervalReport> latest = api.service().latest();
        Map<String, InventoryRepository.HostRecord> records = api.state().hosts(); // as the last interval wrote them
        ArrayNode list = Views.JSON.arrayNode();
        for (ManagedHost h : api.service().hosts()) {
            InventoryRepository.HostRecord record = records.get(h.id());
            IntervalReport report = latest.get(h.id());
            int servers = report == null || report.measurement() == null ? 0 : report.measurement().servers().size();
            list.add(Views.hypervisor(h, record, report, api.state().levels().host(h.id()), servers));
        }
        ctx.json(Views.JSON.objectNode().set("hypervisors", list));
    }
}
