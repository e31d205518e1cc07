package dev.hpm.server;

import dev.hpm.cim.http.CimServer;
import dev.hpm.codec.Documents;
import dev.hpm.core.cpu.CpuManager;
import dev.hpm.core.loop.ControlSettings;
import dev.hpm.core.loop.HostController;
import dev.hpm.core.time.Timebase;
import dev.hpm.libvirt.ConnectOptions;
import dev.hpm.libvirt.HostConnection;
import dev.hpm.libvirt.LibvirtCredentials;
import dev.hpm.server.api.ApiContext;
import dev.hpm.server.cim.CimLogin;
import dev.hpm.server.cim.ServerCimSource;
import dev.hpm.server.config.ServerConfig;
import dev.hpm.server.http.AccessFilter;
import dev.hpm.server.http.Connectors;
import dev.hpm.server.http.ErrorMapper;
import dev.hpm.server.http.Route;
import dev.hpm.server.http.Routes;
import dev.hpm.server.runtime.DemoPool;
import dev.hpm.server.runtime.ManagedHost;
import dev.hpm.server.runtime.ManagementService;
import dev.hpm.server.runtime.ServerState;
import dev.hpm.server.pool.PoolDrivers;
import dev.hpm.server.pool.PoolService;
import dev.hpm.server.security.AdminBootstrap;
import dev.hpm.server.security.SecretBox;
import dev.hpm.server.security.Authenticator;
import dev.hpm.store.Store;
import dev.hpm.store.Stores;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.router.Endpoint;
import io.javalin.security.Roles;
import io.javalin.json.JavalinJackson;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;


/**
 * The composition root of {@code hpm serve}: opens the store, creates the first admin, starts the
 * demo pool and the control loops of every configured host, and wires the REST API (Javalin):
 * the routes ({@link Routes}), the checks before each request ({@link AccessFilter}), the JSON
 * errors ({@link ErrorMapper}) and the listeners with their limits and TLS ({@link Connectors}). Closing stops everything and puts
 * back every server's CPU settings from before HPM. With {@code cluster} configured (docs/cluster.md)
 * every host's driver and the pools' actuator are fenced by the host's lease, the intervals run only
 * on the leased hosts, and a {@link dev.hpm.server.cluster.ClusterService} runs the lease rounds; it
 * is closed after the control loops, so that the hosts are restored while their leases still hold.
 */
public final class HpmServer implements AutoCloseable {
    /** The API's base path. */
    public static final String BASE = Routes.BASE;
    private final ServerConfig config;
    private final Store store;
    private final DemoPool demo;
    private final ManagementService service;
    private final Javalin app;
    private final List<Route> routes;
    private CimServer cim;
    private dev.hpm.server.cluster.ClusterService cluster;
    private dev.hpm.server.runtime.ExecutorScheduler clusterScheduler;
    private dev.hpm.server.balance.LoadBalancers loadBalancers;

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
        return start(config, time, say, null);
    }

    /**
     * Starts the server with the drivers of real server pools: live migration between libvirt hosts
     * and host power (IPMI, Wake-on-LAN). The demo pool needs none: it is simulated.
     *
     * @param poolDrivers null: {@code RealPoolDrivers} when libvirt hosts are configured, else none
     */
    public static HpmServer start(ServerConfig config, Timebase time, Consumer<String> say, PoolDrivers poolDrivers) {
        createDataDirectory(config);
        Store store = Stores.open(config.store(), time);
        DemoPool demo = null;
        dev.hpm.server.cluster.ClusterService cluster = null;
        dev.hpm.server.runtime.ExecutorScheduler clusterScheduler = null;
        ManagementService service = null;
        dev.hpm.server.balance.LoadBalancers lbs = null;
        try {
            AdminBootstrap.ensureAdmin(store.users(), config.adminPassword(), config.dataDirectory()).ifPresent(say);
            boolean fresh = store.inventory().hosts().isEmpty() && store.inventory().servers().isEmpty();
            if (fresh) {
                store.inventory().setDefaultLevel(config.defaultLevel());
            }
            if (config.demo()) {
                demo = new DemoPool(config.demoScenario() == null ? DemoPool.builtIn()
                        : dev.hpm.sim.scenario.ScenarioLoader.load(config.demoScenario()), config.interval(), time);
                if (fresh && store.definitions().groups().size() == 1) {
                    store.definitions().replace(demo.definition());
                }
            }
            ServerState state = new ServerState(store);
            ControlSettings settings = ControlSettings.DEFAULT.withInterval(config.interval())
                    .withCpu(ControlSettings.DEFAULT.cpu().withStrategy(config.cpuStrategy()));
            ServerConfig.Cluster clustered = config.cluster();
            dev.hpm.core.cluster.LeaseGuard guard = clustered == null ? null : new dev.hpm.core.cluster.LeaseGuard(time);
            dev.hpm.core.cluster.FencedDriver.ChangeLog changes = clustered == null
                    ? dev.hpm.core.cluster.FencedDriver.ChangeLog.NONE
                    : dev.hpm.server.cluster.ClusterService.changeLog(clustered.instanceId(), time);
            java.util.function.BiFunction<String, dev.hpm.core.driver.HypervisorDriver, dev.hpm.core.driver.HypervisorDriver>
                    fence = guard == null ? (id, d) -> d : (id, d) -> new dev.hpm.core.cluster.FencedDriver(id, d, guard, changes);
            List<ManagedHost> hosts = new java.util.ArrayList<>();
            if (demo != null) {
                hosts.addAll(demo.hosts(state, settings, fence));
            }
            for (ServerConfig.HostConfig h : config.hosts()) {
                ConnectOptions options = ConnectOptions.of(h.uri())
                        .withCredentials(LibvirtCredentials.resolve(h.credentialsFile(), System.getenv()));
                HostConnection<?> connection = HostConnection.libvirt(h.uri(), options, time,
                        HostConnection.Settings.defaults());
                dev.hpm.core.driver.HypervisorDriver driver = fence.apply(h.uri(), connection);
                hosts.add(new ManagedHost(h.uri(), h.name(), h.uri(), driver, new HostController(h.uri(), driver,
                        time, settings, state, new CpuManager(settings.cpu()), store.originals())));
            }
            service = new ManagementService(store, state, hosts, config.interval(), config.store().retention(), time,
                    guard == null ? dev.hpm.core.pool.HostGate.ALL : guard::admits);
            if (guard != null) {
                service.sharedWithOtherInstances();
                clusterScheduler = new dev.hpm.server.runtime.ExecutorScheduler("hpm-cluster", time);
                cluster = new dev.hpm.server.cluster.ClusterService(store.cluster(), clustered.instanceId(),
                        clustered.address(), hosts.stream().map(ManagedHost::id).toList(), clustered.leases(), time,
                        clusterScheduler, guard);
            }
            if (demo != null && fresh) {
                demo.seedInventory(store.inventory(), time.now());
                state.reloadInventory();
            }
            if (demo != null) {
                demo.seedServerPool(store);
            }
            PoolDrivers drivers = poolDrivers != null ? poolDrivers : config.hosts().isEmpty() ? PoolDrivers.NONE
                    : new dev.hpm.server.pool.real.RealPoolDrivers(config.hosts(), store.pools(), service::latest, time);
            PoolService pools = new PoolService(store, time, hosts, service::latest, drivers,
                    SecretBox.in(config.dataDirectory()), demo == null ? null : demo.hardware().orElse(null),
                    System::nanoTime);
            if (guard != null) {
                pools.fence(a -> new dev.hpm.core.cluster.FencedActuator(a, guard, changes));
            }
            pools.start();
            service.pools(pools);
            service.start();
            if (demo != null) {
                demo.start();
            }
            ApiContext api = new ApiContext(store, state, service, time, pools);
            api.cluster(cluster);
            if (cluster != null) {
                dev.hpm.server.cluster.ClusterService c = cluster;
                api.metricFamilies().add(r -> dev.hpm.server.cluster.ClusterMetrics.register(r, c));
            }
            lbs = dev.hpm.server.balance.LoadBalancers.start(config.balancing(), config.tls(), store, state, service, time, say);
            dev.hpm.server.balance.LoadBalancers balancing = lbs;
            api.metricFamilies().add(r -> dev.hpm.server.balance.BalancingMetrics.register(r, balancing));
            Authenticator authenticator = new Authenticator(store.users(), store.audit(), time, config.loginThrottle());
            List<Route> routes = new java.util.ArrayList<>(Routes.of(api, authenticator));
            routes.addAll(dev.hpm.server.api.LoadBalancingController.routes(api, lbs));
            routes.addAll(dev.hpm.server.api.OtlpController.routes(lbs));
            routes.addAll(dev.hpm.server.api.ClusterController.routes(api));
            Javalin app = Javalin.create(c -> configure(c, config, routes, new AccessFilter(authenticator)));
            app.start(config.host(), config.port());
            HpmServer server = new HpmServer(config, store, demo, service, app, routes);
            server.cluster = cluster;
            server.clusterScheduler = clusterScheduler;
            if (cluster != null) {
                cluster.address(clustered.address() != null ? clustered.address() : server.baseUrl());
                cluster.start();
                say.accept("cluster: instance " + clustered.instanceId() + " shares " + hosts.size() + " hosts with the "
                        + "other instances on this database (lease " + clustered.leases().lease() + ", renewed every "
                        + clustered.leases().renewEvery() + ")");
            }
            server.cim = startCim(config, app, api, authenticator, hosts, say);
            server.loadBalancers = lbs;
            say.accept("HPM is listening on " + server.baseUrl() + BASE + " (" + hosts.size() + " hosts"
                    + (demo == null ? "" : ", the simulated demo pool") + "; database: " + store.describe()
                    + ", schema version " + store.schemaVersion() + ")");
            if (!config.loopbackOnly()) {
                say.accept("warning: listening on " + config.host() + ", reachable from the network"
                        + (config.tls() == null ? " without TLS; configure server.tls" : ""));
            }
            return server;
        } catch (RuntimeException e) {
            if (lbs != null) {
                lbs.close();
            }
            if (service != null) {
                service.close();
            }
            if (cluster != null) {
                cluster.close();
                clusterScheduler.close();
            }
            if (demo != null) {
                demo.close();
            }
            store.close();
            throw e;
        }
    }

    /** The CIM-XML listener (docs/cim.md) if {@code cim.port} is set: same users and TLS as the API. */
    private static CimServer startCim(ServerConfig config, Javalin app, ApiContext api, Authenticator authenticator,
                                      List<ManagedHost> hosts, Consumer<String> say) {
        if (config.cim() == null) {
            return null;
        }
        try {
            CimServer cim = CimServer.start(new CimServer.Settings(config.cim().host(), config.cim().port(),
                    config.tls() == null ? null : config.tls().keystore(), config.tls() == null ? null : config.tls().password()),
                    new CimLogin(authenticator), new ServerCimSource(api, hosts));
            say.accept("CIM-XML (DMTF WBEM) is served on " + cim.url() + "/cimom, namespaces root/virt and root/interop");
            return cim;
        } catch (RuntimeException e) {
            app.stop();
            throw e;
        }
    }

    /** The CIM-XML port, or -1 if it is off. */
    public int cimPort() {
        return cim == null ? -1 : cim.port();
    }

    private static void createDataDirectory(ServerConfig config) {
        try {
            Files.createDirectories(config.dataDirectory());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory " + config.dataDirectory() + ": "
                    + e.getMessage() + "; set data-directory (or HPM_DATA) to a writable folder", e);
        }
    }

    private static void configure(JavalinConfig c, ServerConfig config, List<Route> routes, AccessFilter access) {
        c.startup.showJavalinBanner = false;
        c.startup.showOldJavalinVersionWarning = false;
        c.http.maxRequestSize = Documents.MAX_BYTES;
        c.http.defaultContentType = "application/json";
        c.jsonMapper(new JavalinJackson(Documents.json(), false));
        Connectors.configure(c, config);
        c.routes.before(access::before);
        c.routes.beforeMatched(access::authorize);
        ErrorMapper.register(c);
        for (Route r : routes) {
            c.routes.addEndpoint(Endpoint.create(r.method(), r.path()).addMetadata(new Roles(Set.of(r.role())))
                    .handler(r.handler()));
        }
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

    /** This instance's part in a cluster (docs/cluster.md), or null when it runs alone. */
    public dev.hpm.server.cluster.ClusterService cluster() {
        return cluster;
    }

    /** The load-balancing weights and the SASP and agent-check listeners. */
    public dev.hpm.server.balance.LoadBalancers loadBalancers() {
        return loadBalancers;
    }

    /** Stops the API, the control loops (restoring every server's settings) and the demo, then the store. */
    @Override
    public void close() {
        if (cim != null) {
            cim.close();
        }
        app.stop();
        loadBalancers.close();
        service.close();
        if (cluster != null) {
            cluster.close();
            clusterScheduler.close();
        }
        if (demo != null) {
            demo.close();
        }
        store.close();
    }
}
