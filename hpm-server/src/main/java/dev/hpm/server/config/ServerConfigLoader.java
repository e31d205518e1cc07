package dev.hpm.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.hpm.codec.Documents;
import dev.hpm.codec.InvalidDocumentException;
import dev.hpm.codec.Node;
import dev.hpm.codec.Units;
import dev.hpm.core.cpu.CpuManagerSettings;
import dev.hpm.core.model.ManagementLevel;
import dev.hpm.core.model.Names;
import dev.hpm.core.model.Problems;
import dev.hpm.store.StoreSettings;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds the {@link ServerConfig} from, in increasing precedence: defaults, a YAML file, the
 * environment ({@code HPM_*}) and command-line flags. Everything is validated here, and every
 * problem is reported at once with the setting's name, its value and the fix, e.g.
 * {@code server.port is 70000: use 1 to 65535 (or 0 for any free port)}.
 *
 * <pre>{@code
 * server: {host: 127.0.0.1, port: 8460, tls: {keystore: hpm.p12, keystore-password: …}}
 * data-directory: hpm-data
 * database: {url: jdbc:postgresql://db/hpm, user: hpm, password: …, pool-size: 10}
 * history: {retention: 36h, retention-5m: 7d, retention-1h: 90d}   # raw rows, 5-minute and hourly roll-ups
 * control: {interval: 10s, default-level: manage}
 * hosts: [{uri: qemu:///system, name: kvm1}]
 * demo: auto        # auto: the simulated demo pool when no host is configured; on; off
 * demo-scenario: scenarios/contention.yaml   # the demo pool's hosts and servers (default: built in)
 * cim: {port: 5988, host: 127.0.0.1}         # CIM-XML (docs/cim.md); off unless a port is set
 * sasp: {port: 3860, host: 127.0.0.1, tls: false}  # the SASP server for load balancers (off unless a port is set;
 *                                                 # tls: true serves it over TLS with server.tls's key store)
 * lb-agent: {port: 3861, host: 127.0.0.1}     # the HAProxy agent-check listener (off unless a port is set)
 * response-times:                             # sources for response-time goals (docs/workload-balancing.md)
 *   haproxy-log: {port: 5514, host: 127.0.0.1}  # HAProxy's request log over UDP syslog
 *   prometheus: [{url: http://10.0.0.5:9464/metrics, metric: http_server_request_duration_seconds, virtual-server: web-1}]
 * cluster:                                    # several instances on one PostgreSQL (docs/cluster.md); off unless set
 *   instance-id: hpm-a                        # unique per instance (HPM_INSTANCE_ID, --instance-id)
 *   address: https://10.0.0.1:8460            # where its API is reached (default: from server.host and port)
 *   lease: 10s                                # default one interval
 *   renew-every: 2s                           # default a fifth of an interval; the lease lasts at least 3 renewals
 * }</pre>
 */
public final class ServerConfigLoader {
    /** Environment variables and the settings they set. */
    public static final Map<String, String> ENVIRONMENT = environment();

    private ServerConfigLoader() {
    }

    private static Map<String, String> environment() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("HPM_HOST", "server.host");
        m.put("HPM_PORT", "server.port");
        m.put("HPM_TLS_KEYSTORE", "server.tls.keystore");
        m.put("HPM_TLS_PASSWORD", "server.tls.keystore-password");
        m.put("HPM_DATA", "data-directory");
        m.put("HPM_DB_URL", "database.url");
        m.put("HPM_DB_USER", "database.user");
        m.put("HPM_DB_PASSWORD", "database.password");
        m.put("HPM_RETENTION", "history.retention");
        m.put("HPM_RETENTION_5M", "history.retention-5m");
        m.put("HPM_RETENTION_1H", "history.retention-1h");
        m.put("HPM_INTERVAL", "control.interval");
        m.put("HPM_HOSTS", "hosts");
        m.put("HPM_DEMO", "demo");
        m.put("HPM_DEMO_SCENARIO", "demo-scenario");
        m.put("HPM_CIM_PORT", "cim.port");
        m.put("HPM_CIM_HOST", "cim.host");
        m.put("HPM_SASP_PORT", "sasp.port");
        m.put("HPM_SASP_TLS", "sasp.tls");
        m.put("HPM_LB_AGENT_PORT", "lb-agent.port");
        m.put("HPM_INSTANCE_ID", "cluster.instance-id");
        m.put("HPM_CLUSTER_ADDRESS", "cluster.address");
        return Map.copyOf(m);
    }

    /**
     * @param file  the configuration file, or null for none
     * @param env   the environment ({@code System.getenv()} in production)
     * @param flags settings from the command line, by their dotted name (e.g. {@code server.port})
     * @throws InvalidDocumentException listing every problem
     */
    public static ServerConfig load(Path file, Map<String, String> env, Map<String, String> flags) {
        JsonNode tree = JsonNodeFactory.instance.objectNode();
        String source = "configuration";
        if (file != null) {
            try {
                tree = Documents.readYaml(file);
            } catch (Documents.DocumentException e) {
                throw new InvalidDocumentException(e.getMessage());
            }
            source = file.toString();
        }
        Map<String, String> overrides = new LinkedHashMap<>();
        ENVIRONMENT.forEach((variable, setting) -> {
            String value = env.get(variable);
            if (value != null && !value.isBlank()) {
                overrides.put(setting, value);
            }
        });
        overrides.putAll(flags);
        Problems problems = new Problems();
        ServerConfig config = read(Node.root(tree, problems), overrides, env.get("HPM_ADMIN_PASSWORD"));
        if (!problems.isEmpty()) {
            throw new InvalidDocumentException(source, problems.list());
        }
        return config;
    }

    private static ServerConfig read(Node root, Map<String, String> over, String adminPassword) {
        root.object("server", "data-directory", "database", "history", "control", "hosts", "demo", "demo-scenario", "cim",
                "sasp", "lb-agent", "response-times", "cluster");
        Node server = root.child("server");
        if (root.has("server")) {
            server.object("host", "port", "tls");
        }
        String host = value(over, "server.host", server.text("host", "127.0.0.1"));
        int port = (int) number(root.problems(), "server.port", over.getOrDefault("server.port",
                server.has("port") ? server.text("port", null) : null), ServerConfig.DEFAULT_PORT, 0, 65_535,
                "use 1 to 65535 (or 0 for any free port)");
        ServerConfig.Tls tls = tls(root, server, over);
        Path data = Path.of(value(over, "data-directory", root.text("data-directory", "hpm-data")));
        StoreSettings store = store(root, over, data);
        Node control = root.child("control");
        if (root.has("control")) {
            control.object("interval", "default-level", "cpu-strategy");
        }
        Duration interval = duration(root.problems(), "control.interval", over.get("control.interval"),
                control.duration("interval", Duration.ofSeconds(10)));
        if (interval != null && interval.toMillis() < 1000) {
            root.problems().add("control.interval", Units.format(interval), "must be at least 1s, e.g. 10s");
        }
        ManagementLevel level = control.parse("default-level", "manage", ManagementLevel::parse);
        CpuManagerSettings.Strategy cpuStrategy = control.parse("cpu-strategy", Names.label(CpuManagerSettings.DEFAULT.strategy()),
                (text, field) -> Names.parse(CpuManagerSettings.Strategy.class, text, field));
        List<ServerConfig.HostConfig> hosts = hosts(root, over);
        String demoText = value(over, "demo", root.text("demo", "auto"));
        boolean demo = switch (demoText) {
            case "auto" -> hosts.isEmpty();
            case "on", "true", "yes" -> true;
            case "off", "false", "no" -> false;
            default -> {
                root.problems().add("demo", demoText, "use auto (the demo pool when no host is configured), on or off");
                yield false;
            }
        };
        String scenarioText = value(over, "demo-scenario", root.text("demo-scenario", ""));
        Path scenario = scenarioText.isEmpty() ? null : Path.of(scenarioText);
        if (scenario != null && !Files.isReadable(scenario)) {
            root.problems().add("demo-scenario", scenarioText, "no readable scenario file there (see scenarios/README.md)");
        }
        if (adminPassword != null && adminPassword.length() < 12) {
            root.problems().add("HPM_ADMIN_PASSWORD", "(" + adminPassword.length() + " characters)",
                    "use at least 12 characters");
        }
        ServerConfig.Cim cim = cim(root, over, port);
        int saspPort = listenerPort(root, over, "sasp");
        int agentPort = listenerPort(root, over, "lb-agent");
        if (saspPort > 0 && saspPort == agentPort) {
            root.problems().add("lb-agent.port", agentPort, "sasp.port has the same port; give each listener its own");
        }
        ServerConfig.Balancing balancing = new ServerConfig.Balancing(listenerHost(root, over, "sasp"), saspPort,
                listenerHost(root, over, "lb-agent"), agentPort, saspTls(root, over, saspPort, tls), ResponseTimesReader.read(root));
        ServerConfig.Cluster cluster = ClusterConfigReader.read(root, over, store, interval);
        if (!root.problems().isEmpty()) {
            return null;
        }
        return new ServerConfig(host, port, tls, data, store, interval, level, hosts, demo, scenario, adminPassword,
                null, cim, balancing, cluster, cpuStrategy);
    }

    /** {@code cim.port} (off if unset), {@code cim.host} (default loopback); TLS is the API's. */
    private static ServerConfig.Cim cim(Node root, Map<String, String> over, int apiPort) {
        Node cim = root.child("cim");
        if (root.has("cim")) {
            cim.object("port", "host");
        }
        String portText = over.getOrDefault("cim.port", cim.has("port") ? cim.text("port", null) : null);
        String host = value(over, "cim.host", cim.text("host", "127.0.0.1"));
        if (portText == null || portText.isBlank()) {
            if (over.containsKey("cim.host") || cim.has("host")) {
                root.problems().add("cim.host", host, "also set cim.port (5988 for HTTP, 5989 for HTTPS by convention), "
                        + "or leave cim out to keep the CIM port off");
            }
            return null;
        }
        int port = (int) number(root.problems(), "cim.port", portText, 0, 0, 65_535,
                "use 1 to 65535 (5988 for HTTP, 5989 for HTTPS by convention), or 0 for any free port");
        if (port != 0 && port == apiPort) {
            root.problems().add("cim.port", port, "is the REST API's port (server.port); choose another, e.g. 5988");
        }
        if (host.isBlank()) {
            root.problems().add("cim.host", host, "give an address to listen on, e.g. 127.0.0.1");
        }
        return new ServerConfig.Cim(host.strip(), port);
    }

    /**
     * {@code sasp.tls}: true or false (default); true needs {@code server.tls} (SASP uses the REST
     * API's key store) and {@code sasp.port}.
     */
    private static boolean saspTls(Node root, Map<String, String> over, int saspPort, ServerConfig.Tls apiTls) {
        String text = value(over, "sasp.tls", root.child("sasp").text("tls", "false")).strip();
        boolean on = switch (text) {
            case "true", "on", "yes" -> true;
            case "false", "off", "no" -> false;
            default -> {
                root.problems().add("sasp.tls", text, "use true (SASP over TLS with server.tls's key store) or false");
                yield false;
            }
        };
        if (on && apiTls == null) {
            root.problems().add("sasp.tls", text, "SASP over TLS uses the REST API's key store: set server.tls.keystore "
                    + "and server.tls.keystore-password (HPM_TLS_KEYSTORE, HPM_TLS_PASSWORD), or set sasp.tls to false");
        }
        if (on && saspPort < 0) {
            root.problems().add("sasp.tls", text, "also set sasp.port (3860 by convention), or leave sasp.tls out");
        }
        return on;
    }

    /** {@code NAME.port}: -1 (off) unless set, else 0 … 65535. */
    private static int listenerPort(Node root, Map<String, String> over, String name) {
        Node n = root.child(name);
        if (root.has(name)) {
            if (name.equals("sasp")) {
                n.object("port", "host", "tls");
            } else {
                n.object("port", "host");
            }
        }
        return (int) number(root.problems(), name + ".port", over.getOrDefault(name + ".port",
                n.has("port") ? n.text("port", null) : null), -1, 0, 65_535,
                "use 1 to 65535 (or 0 for any free port); leave it out to turn the listener off");
    }

    private static String listenerHost(Node root, Map<String, String> over, String name) {
        String host = value(over, name + ".host", root.child(name).text("host", "127.0.0.1"));
        if (host.isBlank()) {
            root.problems().add(name + ".host", host, "give an address to listen on, e.g. 127.0.0.1");
        }
        return host;
    }

    private static ServerConfig.Tls tls(Node root, Node server, Map<String, String> over) {
        Node tls = server.child("tls");
        if (server.has("tls")) {
            tls.object("keystore", "keystore-password");
        }
        String keystore = value(over, "server.tls.keystore", tls.text("keystore", ""));
        String password = value(over, "server.tls.keystore-password", tls.text("keystore-password", ""));
        if (keystore.isEmpty()) {
            return null;
        }
        Path path = Path.of(keystore);
        if (!Files.isReadable(path)) {
            root.problems().add("server.tls.keystore", keystore, "no readable PKCS#12 key store there");
        }
        if (password.isEmpty()) {
            root.problems().add("server.tls.keystore-password", null,
                    "give the key store's password (HPM_TLS_PASSWORD keeps it out of files)");
        }
        return new ServerConfig.Tls(path, password);
    }

    private static StoreSettings store(Node root, Map<String, String> over, Path data) {
        Node db = root.child("database");
        if (root.has("database")) {
            db.object("url", "user", "password", "pool-size");
        }
        Node history = root.child("history");
        if (root.has("history")) {
            history.object("retention", "retention-5m", "retention-1h");
        }
        Duration retention = duration(root.problems(), "history.retention", over.get("history.retention"),
                history.duration("retention", StoreSettings.DEFAULT_RETENTION));
        Duration raw = retention == null ? StoreSettings.DEFAULT_RETENTION : retention;
        Duration fiveMinutes = duration(root.problems(), "history.retention-5m", over.get("history.retention-5m"),
                history.duration("retention-5m", StoreSettings.defaultRollup(StoreSettings.DEFAULT_RETENTION_5M, raw)));
        Duration fiveMinutesOrDefault = fiveMinutes == null ? StoreSettings.defaultRollup(StoreSettings.DEFAULT_RETENTION_5M, raw)
                : fiveMinutes;
        Duration hourly = duration(root.problems(), "history.retention-1h", over.get("history.retention-1h"),
                history.duration("retention-1h", StoreSettings.defaultRollup(StoreSettings.DEFAULT_RETENTION_1H,
                        fiveMinutesOrDefault)));
        String url = value(over, "database.url", db.text("url", ""));
        int pool = (int) db.integer("pool-size", 10, 1, 200);
        try {
            StoreSettings embedded = StoreSettings.embedded(data);
            return new StoreSettings(url.isEmpty() ? embedded.jdbcUrl() : url,
                    value(over, "database.user", db.text("user", "")),
                    value(over, "database.password", db.text("password", "")), pool, raw, fiveMinutesOrDefault,
                    hourly == null ? StoreSettings.defaultRollup(StoreSettings.DEFAULT_RETENTION_1H, fiveMinutesOrDefault)
                            : hourly);
        } catch (dev.hpm.core.model.InvalidDefinitionException e) {
            root.problems().addAll(e.problems());
            return null;
        }
    }

    private static List<ServerConfig.HostConfig> hosts(Node root, Map<String, String> over) {
        List<ServerConfig.HostConfig> hosts = new ArrayList<>();
        if (over.containsKey("hosts")) {
            for (String uri : over.get("hosts").split(",")) {
                if (!uri.isBlank()) {
                    hosts.add(new ServerConfig.HostConfig(uri.strip(), uri.strip()));
                }
            }
        } else {
            for (Node h : root.list("hosts", false)) {
                h.object("uri", "name", "migration-uri", "credentials-file");
                String uri = h.text("uri", null);
                if (uri != null) {
                    String migration = h.has("migration-uri") ? h.text("migration-uri", "") : null;
                    dev.hpm.server.pool.real.MigrationUris.problem(migration)
                            .ifPresent(fix -> root.problems().add("hosts.migration-uri", migration, fix));
                    java.nio.file.Path credentials = credentialsFile(root, h);
                    hosts.add(new ServerConfig.HostConfig(uri, h.text("name", uri),
                            migration == null ? dev.hpm.server.pool.real.MigrationUris.derive(uri) : migration,
                            credentials));
                }
            }
        }
        Set<String> seen = new HashSet<>();
        for (ServerConfig.HostConfig h : hosts) {
            if (!h.uri().contains(":")) {
                root.problems().add("hosts", h.uri(), "write a libvirt URI such as qemu:///system or qemu+ssh://root@kvm1/system");
            }
            if (!seen.add(h.uri())) {
                root.problems().add("hosts", h.uri(), "is listed twice");
            }
        }
        return hosts;
    }

    /** A host's {@code credentials-file}, checked now (readable, owner only, known keys); null if not set. */
    private static java.nio.file.Path credentialsFile(Node root, Node h) {
        if (!h.has("credentials-file")) {
            return null;
        }
        String value = h.text("credentials-file", "");
        java.nio.file.Path file = java.nio.file.Path.of(value);
        try {
            dev.hpm.libvirt.LibvirtCredentials.fromFile(file);
        } catch (IllegalArgumentException e) {
            root.problems().add("hosts.credentials-file", value, e.getMessage());
        }
        return file;
    }

    static String value(Map<String, String> over, String key, String fallback) {
        return over.getOrDefault(key, fallback);
    }

    static long number(Problems problems, String key, String text, long fallback, long min, long max, String fix) {
        if (text == null) {
            return fallback;
        }
        try {
            long v = Long.parseLong(text.strip());
            if (v < min || v > max) {
                problems.add(key, v, fix);
            }
            return v;
        } catch (NumberFormatException e) {
            problems.add(key, text, fix);
            return fallback;
        }
    }

    private static Duration duration(Problems problems, String key, String text, Duration fallback) {
        if (text == null) {
            return fallback;
        }
        try {
            return Units.duration(text);
        } catch (IllegalArgumentException e) {
            problems.add(key, text, e.getMessage());
            return fallback;
        }
    }
}
