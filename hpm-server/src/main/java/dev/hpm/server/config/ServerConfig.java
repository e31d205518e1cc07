package dev.hpm.server.config;

import dev.hpm.core.cpu.CpuManagerSettings;
import dev.hpm.core.model.ManagementLevel;
import dev.hpm.server.security.LoginThrottle;
import dev.hpm.store.StoreSettings;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Everything {@code hpm serve} needs, validated by {@link ServerConfigLoader} in one place.
 *
 * @param host          address to listen on (default loopback)
 * @param port          TCP port (0: any free port, for tests)
 * @param tls           TLS, or null for plain HTTP
 * @param dataDirectory where the embedded database and the initial admin password live
 * @param store         the database
 * @param interval      the measurement and CPU-manager interval
 * @param defaultLevel  management level of hosts and servers that have none of their own, on a new store
 * @param hosts         libvirt hosts to manage
 * @param demo          whether to run the simulated demo pool
 * @param demoScenario  the scenario the demo pool runs (null: the built-in one)
 * @param adminPassword the initial admin password from the environment, or null
 * @param loginThrottle  how failed logins are slowed down
 * @param cim           the CIM-XML port (docs/cim.md), or null: off
 * @param balancing     the SASP server and the HAProxy agent-check listener (off unless a port is set)
 * @param cluster       this instance in a cluster of instances sharing PostgreSQL (docs/cluster.md), or null: alone
 */
public record ServerConfig(String host, int port, Tls tls, Path dataDirectory, StoreSettings store, Duration interval,
                           ManagementLevel defaultLevel, List<HostConfig> hosts, boolean demo, Path demoScenario,
                           String adminPassword, LoginThrottle.Settings loginThrottle, Cim cim, Balancing balancing,
                           Cluster cluster, CpuManagerSettings.Strategy cpuStrategy) {
    public static final int DEFAULT_PORT = 8460;

    /** A configuration with the CPU manager's default strategy. */
    public ServerConfig(String host, int port, Tls tls, Path dataDirectory, StoreSettings store, Duration interval,
                        ManagementLevel defaultLevel, List<HostConfig> hosts, boolean demo, Path demoScenario,
                        String adminPassword, LoginThrottle.Settings loginThrottle, Cim cim, Balancing balancing,
                        Cluster cluster) {
        this(host, port, tls, dataDirectory, store, interval, defaultLevel, hosts, demo, demoScenario, adminPassword,
                loginThrottle, cim, balancing, cluster, null);
    }

    /** A configuration for a single instance (no cluster). */
    public ServerConfig(String host, int port, Tls tls, Path dataDirectory, StoreSettings store, Duration interval,
                        ManagementLevel defaultLevel, List<HostConfig> hosts, boolean demo, Path demoScenario,
                        String adminPassword, LoginThrottle.Settings loginThrottle, Cim cim, Balancing balancing) {
        this(host, port, tls, dataDirectory, store, interval, defaultLevel, hosts, demo, demoScenario, adminPassword,
                loginThrottle, cim, balancing, null);
    }

    public ServerConfig {
        hosts = List.copyOf(hosts);
        loginThrottle = loginThrottle == null ? LoginThrottle.Settings.DEFAULT : loginThrottle;
        balancing = balancing == null ? Balancing.OFF : balancing;
        cpuStrategy = cpuStrategy == null ? CpuManagerSettings.DEFAULT.strategy() : cpuStrategy;
    }

    /** This configuration with the CPU manager's {@code strategy} ({@code control.cpu-strategy}). */
    public ServerConfig withCpuStrategy(CpuManagerSettings.Strategy strategy) {
        return new ServerConfig(host, port, tls, dataDirectory, store, interval, defaultLevel, hosts, demo, demoScenario,
                adminPassword, loginThrottle, cim, balancing, cluster, strategy);
    }

    /** A configuration without the CIM port and the load-balancer listeners. */
    public ServerConfig(String host, int port, Tls tls, Path dataDirectory, StoreSettings store, Duration interval,
                        ManagementLevel defaultLevel, List<HostConfig> hosts, boolean demo, Path demoScenario,
                        String adminPassword, LoginThrottle.Settings loginThrottle) {
        this(host, port, tls, dataDirectory, store, interval, defaultLevel, hosts, demo, demoScenario, adminPassword,
                loginThrottle, null, Balancing.OFF);
    }

    /** A configuration with the default login throttle. */
    public ServerConfig(String host, int port, Tls tls, Path dataDirectory, StoreSettings store, Duration interval,
                        ManagementLevel defaultLevel, List<HostConfig> hosts, boolean demo, Path demoScenario,
                        String adminPassword) {
        this(host, port, tls, dataDirectory, store, interval, defaultLevel, hosts, demo, demoScenario, adminPassword,
                LoginThrottle.Settings.DEFAULT);
    }

    /**
     * The listeners for load balancers (docs/workload-balancing.md).
     *
     * @param saspHost  address of the SASP server (default loopback)
     * @param saspPort  its port (3860 by convention), -1 for off, 0 for any free port
     * @param agentHost address of the HAProxy agent-check listener (default loopback)
     * @param agentPort its port, -1 for off, 0 for any free port
     * @param saspTls       SASP over TLS with the REST API's key store ({@code server.tls}); plain TCP if false
     * @param responseTimes where response times come from, for response-time goals
     */
    public record Balancing(String saspHost, int saspPort, String agentHost, int agentPort, boolean saspTls,
                            ResponseTimes responseTimes) {
        public static final Balancing OFF = new Balancing("127.0.0.1", -1, "127.0.0.1", -1);

        public Balancing {
            responseTimes = responseTimes == null ? ResponseTimes.OFF : responseTimes;
        }

        /** SASP over plain TCP, no response-time sources. */
        public Balancing(String saspHost, int saspPort, String agentHost, int agentPort) {
            this(saspHost, saspPort, agentHost, agentPort, false, ResponseTimes.OFF);
        }

        /** The same listeners with SASP over TLS on or off. */
        public Balancing withSaspTls(boolean on) {
            return new Balancing(saspHost, saspPort, agentHost, agentPort, on, responseTimes);
        }

        /** These listeners with {@code rt} as response-time sources. */
        public Balancing withResponseTimes(ResponseTimes rt) {
            return new Balancing(saspHost, saspPort, agentHost, agentPort, saspTls, rt);
        }
    }

    /**
     * The sources of response times (docs/workload-balancing.md, "Response-time goals").
     *
     * @param haproxyLogHost address of the UDP syslog listener for HAProxy's request log (default loopback)
     * @param haproxyLogPort its port, -1 for off, 0 for any free port
     * @param prometheus     applications whose request-duration histogram is scraped every interval
     * @param otlp           the OTLP/HTTP metrics receiver on the REST API's port
     * @param haproxyLogAllow the addresses HAProxy's datagrams may come from (IP literals); empty:
     *                        any that reach the listener, which the loader allows on loopback only
     */
    public record ResponseTimes(String haproxyLogHost, int haproxyLogPort, List<PrometheusTarget> prometheus, Otlp otlp,
                                List<String> haproxyLogAllow) {
        public static final ResponseTimes OFF = new ResponseTimes("127.0.0.1", -1, List.of());

        public ResponseTimes {
            prometheus = List.copyOf(prometheus);
            otlp = otlp == null ? Otlp.OFF : otlp;
            haproxyLogAllow = haproxyLogAllow == null ? List.of() : List.copyOf(haproxyLogAllow);
        }

        /** HAProxy's log and Prometheus targets, no OTLP receiver. */
        public ResponseTimes(String haproxyLogHost, int haproxyLogPort, List<PrometheusTarget> prometheus) {
            this(haproxyLogHost, haproxyLogPort, prometheus, Otlp.OFF);
        }

        /** These sources, HAProxy's datagrams from anywhere that reaches the listener. */
        public ResponseTimes(String haproxyLogHost, int haproxyLogPort, List<PrometheusTarget> prometheus, Otlp otlp) {
            this(haproxyLogHost, haproxyLogPort, prometheus, otlp, List.of());
        }

        /** Whether any source is configured. */
        public boolean any() {
            return haproxyLogPort >= 0 || !prometheus.isEmpty() || otlp.enabled();
        }
    }

    /**
     * The OTLP/HTTP metrics receiver ({@code POST /zhpm/wsapi/v1/otlp/v1/metrics}, protobuf).
     *
     * @param enabled                whether applications may push there
     * @param metric                 the request-duration histogram's name
     * @param virtualServerAttribute the resource attribute whose value names the VS (name or UUID)
     */
    public record Otlp(boolean enabled, String metric, String virtualServerAttribute) {
        public static final Otlp OFF = new Otlp(false, "http.server.request.duration", "host.name");
    }

    /** A Prometheus histogram to scrape: the metrics URL, the histogram's name, the VS (name or UUID) it times. */
    public record PrometheusTarget(String url, String metric, String virtualServer) {
    }

    /** The CIM-XML listener: address (default loopback) and port (0: any free port); TLS as {@link #tls}. */
    public record Cim(String host, int port) {
    }

    /** This configuration with other load-balancer listeners. */
    public ServerConfig withBalancing(Balancing b) {
        return new ServerConfig(host, port, tls, dataDirectory, store, interval, defaultLevel, hosts, demo, demoScenario,
                adminPassword, loginThrottle, cim, b, cluster);
    }

    /** This configuration with the CIM port on {@code settings} (null: off). */
    public ServerConfig withCim(Cim settings) {
        return new ServerConfig(host, port, tls, dataDirectory, store, interval, defaultLevel, hosts, demo, demoScenario,
                adminPassword, loginThrottle, settings, balancing, cluster);
    }

    /** This configuration with other login limits. */
    public ServerConfig withLoginThrottle(LoginThrottle.Settings settings) {
        return new ServerConfig(host, port, tls, dataDirectory, store, interval, defaultLevel, hosts, demo, demoScenario,
                adminPassword, settings, cim, balancing, cluster);
    }

    /** This configuration as instance {@code c} of a cluster (null: alone). */
    public ServerConfig withCluster(Cluster c) {
        return new ServerConfig(host, port, tls, dataDirectory, store, interval, defaultLevel, hosts, demo, demoScenario,
                adminPassword, loginThrottle, cim, balancing, c);
    }

    /**
     * This instance in a cluster of {@code hpm serve} instances on one PostgreSQL (docs/cluster.md).
     *
     * @param instanceId this instance's unique name
     * @param address    the URL other instances and operators reach its API at (shown by {@code hpm cluster})
     * @param leases     how long a host lease lasts and how often it is renewed
     */
    public record Cluster(String instanceId, String address, dev.hpm.core.cluster.ClusterSettings leases) {
    }

    /** A PKCS#12 key store with the server's certificate and key. */
    public record Tls(Path keystore, String password) {
        @Override
        public String toString() {
            return "Tls[" + keystore + "]";
        }
    }

    /**
     * A libvirt host to manage: its URI, the name HPM shows (default: the URI), and where live
     * migrations to it send QEMU's stream ({@code migration-uri}, e.g. {@code tcp://10.0.0.2}; default
     * derived from the URI's host name, see {@code MigrationUris}; null: libvirt picks). docs/real-pool.md.
     * {@code credentialsFile}: what to answer a host that asks who connects (SASL user name and
     * password), docs/libvirt-hosts.md; null: the environment's {@code HPM_LIBVIRT_AUTHNAME} and
     * {@code HPM_LIBVIRT_PASSPHRASE}, if set.
     */
    public record HostConfig(String uri, String name, String migrationUri, java.nio.file.Path credentialsFile) {
        public HostConfig(String uri, String name) {
            this(uri, name, dev.hpm.server.pool.real.MigrationUris.derive(uri));
        }

        public HostConfig(String uri, String name, String migrationUri) {
            this(uri, name, migrationUri, null);
        }
    }

    public boolean loopbackOnly() {
        return isLoopback(host);
    }

    /** Whether a listening address is the loopback one ("127.0.0.1", "::1" or "localhost"). */
    public static boolean isLoopback(String host) {
        return host.equals("127.0.0.1") || host.equals("::1") || host.equals("localhost");
    }

    @Override
    public String toString() {
        return "ServerConfig[" + host + ":" + port + (tls == null ? "" : " TLS") + ", data " + dataDirectory + ", "
                + store + ", interval " + interval + ", hosts " + hosts + ", demo " + demo + "]";
    }
}
