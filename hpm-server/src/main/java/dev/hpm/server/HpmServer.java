package dev.hpm.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hpm.codec.Documents;
import dev.hpm.codec.InvalidDocumentException;
import dev.hpm.core.cpu.CpuManager;
import dev.hpm.core.loop.ControlSettings;
import dev.hpm.core.loop.HostController;
import dev.hpm.core.model.InvalidDefinitionException;
import dev.hpm.core.model.Problem;
import dev.hpm.core.time.Timebase;
import dev.hpm.libvirt.ConnectOptions;
import dev.hpm.libvirt.HostConnection;
import dev.hpm.server.api.AccessController;
import dev.hpm.server.api.AdjustmentsController;
import dev.hpm.server.api.ApiContext;
import dev.hpm.server.api.ApiException;
import dev.hpm.server.api.HypervisorController;
import dev.hpm.server.api.LevelsController;
import dev.hpm.server.api.MetricsController;
import dev.hpm.server.api.PolicyController;
import dev.hpm.server.api.ServiceController;
import dev.hpm.server.api.UiController;
import dev.hpm.server.api.VsController;
import dev.hpm.server.api.WrgController;
import dev.hpm.server.config.ServerConfig;
import dev.hpm.server.runtime.DemoPool;
import dev.hpm.server.runtime.ManagedHost;
import dev.hpm.server.runtime.ManagementService;
import dev.hpm.server.runtime.ServerState;
import dev.hpm.server.security.AdminBootstrap;
import dev.hpm.server.security.Authenticator;
import dev.hpm.server.security.Principal;
import dev.hpm.server.security.Role;
import dev.hpm.store.ConflictException;
import dev.hpm.store.NotFoundException;
import dev.hpm.store.Store;
import dev.hpm.store.StoreException;
import dev.hpm.store.Stores;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.router.Endpoint;
import io.javalin.security.Roles;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;


/**
 * The composition root of {@code hpm serve}: opens the store, creates the first admin, starts the
 * demo pool and the control loops of every configured host, and wires the REST API (Javalin) to
 * its controllers, with authentication, roles and JSON errors. Closing stops everything and puts
 * back every server's CPU settings from before HPM.
 */
public final class HpmServer implements AutoCloseable {
    /** The API's base path. */
    public static final String BASE = "/zhpm/wsapi/v1";
    private static final Logger LOG = System.getLogger(HpmServer.class.getName());
    private final ServerConfig config;
    private final Store store;
    private final DemoPool demo;
    private final ManagementService service;
    private final Javalin app;
    private final List<Route> routes;

    private HpmServer(ServerConfig config, Store store, DemoPool demo, ManagementService service, Javalin app,
                      List<Route> routes) {
        this.config = config;
        this.store = store;
        this.demo = demo;
        this.service = service;
        this.app = app;
        this.routes = routes;
    }

    /**
     * Starts the server.
     *
     * @param say receives what the operator must be told (where to log in, the first admin's password file)
     */
    public static HpmServer start(ServerConfig config, Timebase time, Consumer<String> say) {
        createDataDirectory(config);
        Store store = Stores.open(config.store(), time);
        DemoPool demo = null;
        ManagementService service = null;
        try {
            AdminBootstrap.ensureAdmin(store.users(), config.adminPassword(), config.dataDirectory()).ifPresent(say);
            boolean fresh = store.inventory().hosts().isEmpty() && store.inventory().servers().isEmpty();
            if (fresh) {
                store.inventory().setDefaultLevel(config.defaultLevel());
            }
            if (config.demo()) {
                demo = new DemoPool(config.demoScenario() == null ? DemoPool.builtIn()
                        : dev.hpm.sim.scenario.ScenarioLoader.load(config.demoScenario()), config.interval());
                if (fresh && store.definitions().groups().size() == 1) {
                    store.definitions().replace(demo.definition());
                }
            }
            ServerState state = new ServerState(store);
            ControlSettings settings = ControlSettings.DEFAULT.withInterval(config.interval());
            List<ManagedHost> hosts = new ArrayList<>();
            if (demo != null) {
                hosts.addAll(demo.hosts(state, settings));
            }
            for (ServerConfig.HostConfig h : config.hosts()) {
                HostConnection<?> connection = HostConnection.libvirt(h.uri(), ConnectOptions.of(h.uri()), time,
                        HostConnection.Settings.defaults());
                hosts.add(new ManagedHost(h.uri(), h.name(), h.uri(), connection, new HostController(h.uri(), connection,
                        time, settings, state, new CpuManager(settings.cpu()))));
            }
            service = new ManagementService(store, state, hosts, config.interval(), config.store().retention(), time);
            if (demo != null && fresh) {
                demo.seedInventory(store.inventory(), time.now());
                state.reloadInventory();
            }
            service.start();
            if (demo != null) {
                demo.start();
            }
            ApiContext api = new ApiContext(store, state, service, time);
            Authenticator authenticator = new Authenticator(store.users(), time);
            List<Route> routes = routes(api, authenticator);
            Javalin app = Javalin.create(c -> configure(c, config, routes, authenticator));
            app.start(config.host(), config.port());
            HpmServer server = new HpmServer(config, store, demo, service, app, routes);
            say.accept("HPM is listening on " + server.baseUrl() + BASE + " (" + hosts.size() + " hosts"
                    + (demo == null ? "" : ", the simulated demo pool") + "; database: " + store.describe() + ")");
            if (!config.loopbackOnly()) {
                say.accept("warning: listening on " + config.host() + ", reachable from the network"
                        + (config.tls() == null ? " without TLS; configure server.tls" : ""));
            }
            return server;
        } catch (RuntimeException e) {
            if (service != null) {
                service.close();
            }
            if (demo != null) {
                demo.close();
            }
            store.close();
            throw e;
        }
    }

    private static void createDataDirectory(ServerConfig config) {
        try {
            Files.createDirectories(config.dataDirectory());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory " + config.dataDirectory() + ": "
                    + e.getMessage() + "; set data-directory (or HPM_DATA) to a writable folder", e);
        }
    }

    private static void configure(JavalinConfig c, ServerConfig config, List<Route> routes, Authenticator authenticator) {
        c.startup.showJavalinBanner = false;
        c.startup.showOldJavalinVersionWarning = false;
        c.http.maxRequestSize = Documents.MAX_BYTES;
        c.http.defaultContentType = "application/json";
        c.jsonMapper(new JavalinJackson(Documents.json(), false));
        if (config.tls() != null) {
            c.jetty.addConnector((server, http) -> {
                SslContextFactory.Server ssl = new SslContextFactory.Server();
                ssl.setKeyStorePath(config.tls().keystore().toAbsolutePath().toString());
                ssl.setKeyStorePassword(config.tls().password());
                ssl.setKeyStoreType("PKCS12");
                http.addCustomizer(new SecureRequestCustomizer(false));
                ServerConnector connector = new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"),
                        new HttpConnectionFactory(http));
                connector.setHost(config.host());
                connector.setPort(config.port());
                return connector;
            });
        }
        c.routes.beforeMatched(ctx -> authorize(ctx, authenticator));
        errors(c);
        for (Route r : routes) {
            c.routes.addEndpoint(Endpoint.create(r.method(), r.path()).addMetadata(new Roles(Set.of(r.role())))
                    .handler(r.handler()));
        }
    }

    private static void authorize(Context ctx, Authenticator authenticator) {
        Role needed = ctx.routeRoles().stream().filter(Role.class::isInstance).map(Role.class::cast)
                .findFirst().orElse(Role.ADMIN);
        if (needed == Role.ANYONE) {
            return;
        }
        Optional<Principal> principal = authenticator.authenticate(ctx.header("Authorization"));
        if (principal.isEmpty()) {
            if (ctx.header("X-Requested-With") == null) { // a script (the web UI) shows its own login, not the browser's
                ctx.header("WWW-Authenticate", "Basic realm=\"HPM\", charset=\"UTF-8\"");
            }
            throw new ApiException(401, "unauthenticated",
                    "log in: HTTP Basic with a user and password, or Authorization: Bearer with an API token");
        }
        if (!needed.allows(principal.get().role())) {
            throw ApiException.forbidden(principal.get().name() + " is a viewer and may not change anything;"
                    + " ask an admin, or use an admin account");
        }
        ctx.attribute(ApiContext.PRINCIPAL, principal.get());
    }

    /** One route of the API: what the OpenAPI document must describe, and what is registered. */
    public record Route(HandlerType method, String path, Role role, Handler handler) {
    }

    /** Every route, with the role it needs. */
    static List<Route> routes(ApiContext api, Authenticator authenticator) {
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
        RouteTable t = new RouteTable(BASE);
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
        t.get("/health", Role.ANYONE, service::health);
        t.root(HandlerType.GET, "/metrics", Role.VIEWER, service::prometheus);
        t.root(HandlerType.GET, "/", Role.ANYONE, ui::root);
        t.root(HandlerType.GET, "/ui/", Role.ANYONE, ui::file);
        t.root(HandlerType.GET, "/ui/<path>", Role.ANYONE, ui::file);
        return t.routes();
    }

    /** Collects routes under a base path. */
    private static final class RouteTable {
        private final String base;
        private final List<Route> routes = new ArrayList<>();

        RouteTable(String base) {
            this.base = base;
        }

        void get(String path, Role role, Handler h) {
            root(HandlerType.GET, base + path, role, h);
        }

        void post(String path, Role role, Handler h) {
            root(HandlerType.POST, base + path, role, h);
        }

        void delete(String path, Role role, Handler h) {
            root(HandlerType.DELETE, base + path, role, h);
        }

        void root(HandlerType method, String path, Role role, Handler h) {
            routes.add(new Route(method, path, role, h));
        }

        List<Route> routes() {
            return List.copyOf(routes);
        }
    }

    private static void errors(JavalinConfig c) {
        c.routes.exception(ApiException.class, (e, ctx) -> error(ctx, e.status(), e.reason(), e.getMessage(), e.problems()));
        c.routes.exception(InvalidDefinitionException.class, (e, ctx) ->
                error(ctx, 400, "invalid-field", e.getMessage(), e.problems()));
        c.routes.exception(InvalidDocumentException.class, (e, ctx) ->
                error(ctx, 400, "invalid-field", e.getMessage(), e.problems()));
        c.routes.exception(NotFoundException.class, (e, ctx) -> error(ctx, 404, "not-found", e.getMessage(), List.of()));
        c.routes.exception(ConflictException.class, (e, ctx) -> error(ctx, 409, "conflict", e.getMessage(), List.of()));
        c.routes.exception(StoreException.class, (e, ctx) -> {
            LOG.log(Logger.Level.ERROR, "database: " + e.getMessage(), e);
            error(ctx, 503, "unavailable", "the database is not available: " + e.getMessage(), List.of());
        });
        c.routes.exception(HttpResponseException.class, (e, ctx) -> {
            int status = e.getStatus();
            String reason = switch (status) {
                case 413 -> "payload-too-large";
                case 415 -> "unsupported-media-type";
                case 404 -> "not-found";
                default -> status < 500 ? "malformed-request" : "internal-error";
            };
            String message = switch (status) {
                case 413 -> "the request body is larger than " + (Documents.MAX_BYTES >> 20) + " MiB";
                case 404 -> "no such resource: " + ctx.method() + " " + ctx.path() + " (see " + BASE + "/openapi.json)";
                default -> e.getMessage();
            };
            error(ctx, status, reason, message, List.of());
        });
        c.routes.exception(Exception.class, (e, ctx) -> {
            LOG.log(Logger.Level.ERROR, ctx.method() + " " + ctx.path() + ": " + e, e);
            error(ctx, 500, "internal-error", "something went wrong in HPM (" + e.getClass().getSimpleName()
                    + "); the server log has the details", List.of());
        });
        c.routes.error(404, "*", ctx -> {
            if (ctx.result() == null || !ctx.result().startsWith("{\"http-status\"")) {
                error(ctx, 404, "not-found", "no such resource: " + ctx.method() + " " + ctx.path()
                        + " (see " + BASE + "/openapi.json)", List.of());
            }
        });
    }

    private static void error(Context ctx, int status, String reason, String message, List<Problem> problems) {
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
        ctx.status(status).contentType("application/json").result(o.toString());
    }

    public int port() {
        return app.port();
    }

    /** {@code http://127.0.0.1:8460} (or https), without the API path. */
    public String baseUrl() {
        String host = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
        return (config.tls() == null ? "http" : "https") + "://" + host + ":" + port();
    }

    /** The routes the server registered. */
    public List<Route> routes() {
        return routes;
    }

    public ManagementService service() {
        return service;
    }

    /** Stops the API, the control loops (restoring every server's settings) and the demo, then the store. */
    @Override
    public void close() {
        app.stop();
        service.close();
        if (demo != null) {
            demo.close();
        }
        store.close();
    }
}
