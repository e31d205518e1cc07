package dev.hpm.server.api;

import dev.hpm.core.model.ClassInfo;
import dev.hpm.core.model.ManagementLevel;
import dev.hpm.core.model.VirtualServerInfo;
import dev.hpm.core.time.Timebase;
import dev.hpm.server.pool.PoolService;
import dev.hpm.server.runtime.Live;
import dev.hpm.server.runtime.ManagementService;
import dev.hpm.server.runtime.ServerState;
import dev.hpm.server.security.Principal;
import dev.hpm.store.AuditLog;
import dev.hpm.store.InventoryRepository;
import dev.hpm.store.Store;
import io.javalin.http.Context;

import java.util.Map;
import java.util.function.Supplier;

/**
 * What the controllers share: the store, the in-memory state, the management service and the
 * clock; the live figures (rebuilt once per interval); the audit trail of writes.
 */
public final class ApiContext {
    /** The request attribute holding the authenticated {@link Principal}. */
    public static final String PRINCIPAL = "hpm.principal";
    private final Store store;
    private final ServerState state;
    private final ManagementService service;
    private final Timebase time;
    private final PoolService pools;
    private volatile Live live;

    public ApiContext(Store store, ServerState state, ManagementService service, Timebase time, PoolService pools) {
        this.pools = pools;
        this.store = store;
        this.state = state;
        this.service = service;
        this.time = time;
    }

    private final java.util.List<java.util.function.Consumer<io.prometheus.metrics.model.registry.PrometheusRegistry>>
            metricFamilies = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Registrations of further {@code /metrics} families (load balancing), run when the exporter is made. */
    public java.util.List<java.util.function.Consumer<io.prometheus.metrics.model.registry.PrometheusRegistry>> metricFamilies() {
        return metricFamilies;
    }

    private volatile dev.hpm.server.cluster.ClusterService cluster;

    /** This instance's part in a cluster (docs/cluster.md), or null when it runs alone; set before the routes. */
    public void cluster(dev.hpm.server.cluster.ClusterService c) {
        this.cluster = c;
    }

    public dev.hpm.server.cluster.ClusterService cluster() {
        return cluster;
    }

    public Store store() {
        return store;
    }

    public ServerState state() {
        return state;
    }

    public ManagementService service() {
        return service;
    }

    /** The server pools and their DWM. */
    public PoolService pools() {
        return pools;
    }

    public Timebase time() {
        return time;
    }

    /** Goal versus actual now, as the last interval published it (built on the interval's thread, not here). */
    public Live live() {
        Live published = service.live();
        if (published != null) {
            return published;
        }
        Live empty = live;
        if (empty == null) {
            empty = Live.of(service.latest());
            live = empty;
        }
        return empty;
    }

    /** The server's class under the current definition (classified once per published state). */
    public ClassInfo classOf(InventoryRepository.ServerRecord s) {
        return state.classOf(s);
    }

    /** The server's effective management level. */
    public ManagementLevel levelOf(InventoryRepository.ServerRecord s) {
        return state.levels().server(s.host(), s.uuid(), s.name());
    }

    public VirtualServerInfo info(InventoryRepository.ServerRecord s) {
        return new VirtualServerInfo(s.uuid(), s.name(), s.host(), s.tags(), s.osType());
    }

    /** How many known servers each group holds now (counted once per published state). */
    public Map<String, Integer> groupSizes() {
        return state.groupSizes();
    }

    /** The caller. */
    public static Principal principal(Context ctx) {
        return ctx.attribute(PRINCIPAL);
    }

    /**
     * Runs {@code change} (one write of the store) and records it in the audit log in the same
     * transaction: both are committed or neither.
     */
    public <T> T audited(Context ctx, String action, String target, String detail, Supplier<T> change) {
        Principal p = principal(ctx);
        return store.audited(new AuditLog.Record(p == null ? "-" : p.name(), action, target, detail), change);
    }

    /** {@link #audited(Context, String, String, String, Supplier)} without a result. */
    public void audited(Context ctx, String action, String target, String detail, Runnable change) {
        audited(ctx, action, target, detail, () -> {
            change.run();
            return null;
        });
    }

    /** A server by UUID or name from the published state (no database read), or 404. */
    public InventoryRepository.ServerRecord server(String id) {
        return state.server(id)
                .orElseThrow(() -> ApiException.notFound("no virtual server with UUID or name \"" + id + "\""));
    }
}
