package dev.hpm.server.http;

import dev.hpm.server.api.AccessController;
import dev.hpm.server.api.AdjustmentsController;
import dev.hpm.server.api.ApiDocsController;
import dev.hpm.server.api.ApiContext;
import dev.hpm.server.api.HostPoolController;
import dev.hpm.server.api.HypervisorController;
import dev.hpm.server.api.LevelsController;
import dev.hpm.server.api.MetricsController;
import dev.hpm.server.api.PolicyController;
import dev.hpm.server.api.PoolController;
import dev.hpm.server.api.ServiceController;
import dev.hpm.server.api.UiController;
import dev.hpm.server.api.VsController;
import dev.hpm.server.api.WrgController;
import dev.hpm.server.security.Authenticator;
import dev.hpm.server.security.Role;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;

import java.util.ArrayList;
import java.util.List;

/** Every route of {@code hpm serve}, with the role it needs. */
public final class Routes {
    /** The API's base path. */
    public static final String BASE = "/zhpm/wsapi/v1";

    private final List<Route> routes = new ArrayList<>();

    private Routes() {
    }

    public static List<Route> of(ApiContext api, Authenticator authenticator) {
        WrgController wrg = new WrgController(api);
        VsController vs = new VsController(api);
        HypervisorController hypervisors = new HypervisorController(api);
        MetricsController metrics = new MetricsController(api);
        LevelsController levels = new LevelsController(api);
        AdjustmentsController adjustments = new AdjustmentsController(api);
        PolicyController policies = new PolicyController(api);
        AccessController access = new AccessController(api, authenticator);
        ServiceController service = new ServiceController(api);
        UiController ui = new UiController();
        PoolController pools = new PoolController(api);
        HostPoolController poolHosts = new HostPoolController(api);
        Routes t = new Routes();
        t.get("/workload-resource-groups", Role.VIEWER, wrg::list);
        t.post("/workload-resource-groups", Role.ADMIN, wrg::create);
        t.get("/workload-resource-groups/detail", Role.VIEWER, wrg::detail);
        t.get("/workload-resource-groups/{id}", Role.VIEWER, wrg::get);
        t.post("/workload-resource-groups/{id}", Role.ADMIN, wrg::update);
        t.delete("/workload-resource-groups/{id}", Role.ADMIN, wrg::delete);
        t.post("/workload-resource-groups/{id}/actions", Role.ADMIN, wrg::action);
        t.get("/virtual-servers", Role.VIEWER, vs::list);
        t.get("/virtual-servers/detail", Role.VIEWER, vs::detail);
        t.get("/virtual-servers/{id}", Role.VIEWER, vs::get);
        t.post("/virtual-servers/{id}", Role.ADMIN, vs::update);
        t.get("/hypervisors", Role.VIEWER, hypervisors::list);
        t.get("/metrics/raw/hypervisor", Role.VIEWER, metrics::rawHypervisor);
        t.get("/metrics/calculated/hypervisor", Role.VIEWER, metrics::calculatedHypervisor);
        t.get("/metrics/raw/workload-resource-groups", Role.VIEWER, metrics::rawGroups);
        t.get("/metrics/raw/workload-resource-groups/default", Role.VIEWER, metrics::rawDefault);
        t.get("/metrics/raw/workload-resource-groups/{id}", Role.VIEWER, metrics::rawGroup);
        t.get("/metrics/calculated/workload-resource-groups", Role.VIEWER, metrics::calculatedGroups);
        t.get("/metrics/calculated/workload-resource-groups/default", Role.VIEWER, metrics::calculatedDefault);
        t.get("/metrics/calculated/workload-resource-groups/{id}", Role.VIEWER, metrics::calculatedGroup);
        t.get("/metrics/calculated/virtual-servers/{id}", Role.VIEWER, metrics::calculatedServer);
        t.get("/server-pools", Role.VIEWER, pools::list);
        t.post("/server-pools", Role.ADMIN, pools::create);
        t.get("/server-pools/{id}", Role.VIEWER, pools::get);
        t.post("/server-pools/{id}", Role.ADMIN, pools::update);
        t.delete("/server-pools/{id}", Role.ADMIN, pools::delete);
        t.get("/server-pools/{id}/dwm-policy", Role.VIEWER, pools::getPolicy);
        t.post("/server-pools/{id}/dwm-policy", Role.ADMIN, pools::setPolicy);
        t.get("/server-pools/{id}/plans", Role.VIEWER, pools::plans);
        t.get("/server-pools/{id}/plans/{plan}", Role.VIEWER, pools::plan);
        t.post("/server-pools/{id}/plans/{plan}/approve", Role.ADMIN, pools::approve);
        t.post("/server-pools/{id}/plans/{plan}/reject", Role.ADMIN, pools::reject);
        t.post("/server-pools/{id}/placement", Role.VIEWER, pools::placement);
        t.get("/hypervisors/{id}/maintenance", Role.VIEWER, poolHosts::getMaintenance);
        t.post("/hypervisors/{id}/maintenance", Role.ADMIN, poolHosts::setMaintenance);
        t.get("/hypervisors/{id}/power", Role.VIEWER, poolHosts::getPower);
        t.post("/hypervisors/{id}/power", Role.ADMIN, poolHosts::setPower);
        t.get("/hypervisors/{id}/power-settings", Role.VIEWER, poolHosts::getPowerSettings);
        t.post("/hypervisors/{id}/power-settings", Role.ADMIN, poolHosts::setPowerSettings);
        t.get("/migrations", Role.VIEWER, poolHosts::migrations);
        t.get("/mgmt-levels", Role.VIEWER, levels::get);
        t.post("/mgmt-levels", Role.ADMIN, levels::set);
        t.get("/dynamic-resource-adjustments", Role.VIEWER, adjustments::list);
        t.get("/performance-policies/export", Role.VIEWER, policies::export);
        t.post("/performance-policies/import", Role.ADMIN, policies::importDocument);
        t.post("/performance-policies/preview", Role.VIEWER, policies::preview);
        t.get("/users", Role.ADMIN, access::listUsers);
        t.post("/users", Role.ADMIN, access::createUser);
        t.post("/users/{name}", Role.VIEWER, access::updateUser);
        t.delete("/users/{name}", Role.ADMIN, access::deleteUser);
        t.get("/tokens", Role.VIEWER, access::listTokens);
        t.post("/tokens", Role.VIEWER, access::createToken);
        t.delete("/tokens/{id}", Role.VIEWER, access::revokeToken);
        t.get("/session", Role.VIEWER, access::session);
        t.get("/audit", Role.ADMIN, access::audit);
        t.get("/openapi.json", Role.ANYONE, service::openApi);
        ApiDocsController docs = new ApiDocsController();
        t.get("/docs", Role.ANYONE, docs::page);
        t.get("/docs/{file}", Role.ANYONE, docs::file);
        t.get("/health", Role.ANYONE, service::health);
        t.root(HandlerType.GET, "/metrics", Role.VIEWER, service::prometheus);
        t.root(HandlerType.GET, "/", Role.ANYONE, ui::root);
        t.root(HandlerType.GET, "/ui/", Role.ANYONE, ui::file);
        t.root(HandlerType.GET, "/ui/<path>", Role.ANYONE, ui::file);
        return List.copyOf(t.routes);
    }

    private void get(String path, Role role, Handler h) {
        root(HandlerType.GET, BASE + path, role, h);
    }

    private void post(String path, Role role, Handler h) {
        root(HandlerType.POST, BASE + path, role, h);
    }

    private void delete(String path, Role role, Handler h) {
        root(HandlerType.DELETE, BASE + path, role, h);
    }

    private void root(HandlerType method, String path, Role role, Handler h) {
        routes.add(new Route(method, path, role, h));
    }
}
