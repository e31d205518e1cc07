package dev.hpm.cli;

import dev.hpm.codec.InvalidDocumentException;
import dev.hpm.server.HpmServer;
import dev.hpm.server.config.ServerConfig;
import dev.hpm.server.config.ServerConfigLoader;
import dev.hpm.core.time.Timebase;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code hpm serve}: the HPM service — control loops for every configured host (or the simulated
 * demo pool), the REST API, history, Prometheus — until stopped.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Runs the HPM server: the measurement and CPU-manager loops, the REST API under",
                "/zhpm/wsapi/v1, history and Prometheus /metrics. With no libvirt host configured it serves",
                "a simulated demo pool. Settings come from --config, the environment (HPM_*) and these flags."})
public final class ServeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = "YAML configuration file (see README)")
    Path config;

    @Option(names = "--host", paramLabel = "ADDRESS", description = "address to listen on (default 127.0.0.1)")
    String host;

    @Option(names = "--port", paramLabel = "PORT", description = "port (default 8460; 0 for any free port)")
    String port;

    @Option(names = "--data", paramLabel = "DIR", description = "data directory (default hpm-data)")
    String data;

    @Option(names = "--db-url", paramLabel = "JDBC-URL", description = "PostgreSQL JDBC URL (default: the embedded database)")
    String dbUrl;

    @Option(names = "--db-user", paramLabel = "USER", description = "database user (the password: HPM_DB_PASSWORD)")
    String dbUser;

    @Option(names = "--connect", paramLabel = "URI", description = "a libvirt host to manage (repeatable)")
    List<String> connect;

    @Option(names = "--interval", paramLabel = "DURATION", description = "interval, e.g. 10s")
    String interval;

    @Option(names = "--retention", paramLabel = "DURATION", description = "how long history is kept, e.g. 36h")
    String retention;

    @Option(names = "--retention-5m", paramLabel = "DURATION", description = "how long the 5-minute roll-ups of the history are kept, e.g. 7d")
    String retention5m;

    @Option(names = "--retention-1h", paramLabel = "DURATION", description = "how long the hourly roll-ups of the history are kept, e.g. 90d")
    String retention1h;

    @Option(names = "--demo", paramLabel = "auto|on|off", description = "the simulated demo pool (auto: when no host is configured)")
    String demo;

    @Option(names = "--demo-scenario", paramLabel = "FILE", description = "scenario file for the demo pool (default: built in)")
    String demoScenario;

    @Option(names = "--cim-port", paramLabel = "PORT",
            description = "serve DMTF CIM-XML on this port too (5988 by convention; 0 for any free port; default off)")
    String cimPort;

    @Option(names = "--sasp-port", paramLabel = "PORT", description = "serve SASP (RFC 4678) to load balancers on PORT (3860 by convention; off unless set)")
    String saspPort;

    @Option(names = "--sasp-tls", description = "serve SASP over TLS with the REST API's key store (server.tls)")
    boolean saspTls;

    @Option(names = "--lb-agent-port", paramLabel = "PORT", description = "answer HAProxy's agent check on PORT (off unless set)")
    String lbAgentPort;

    @Option(names = "--instance-id", paramLabel = "NAME",
            description = "run as instance NAME of a cluster sharing the PostgreSQL of --db-url (docs/cluster.md; default: alone)")
    String instanceId;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter err = spec.commandLine().getErr();
        Map<String, String> flags = new LinkedHashMap<>();
        put(flags, "server.host", host);
        put(flags, "server.port", port);
        put(flags, "data-directory", data);
        put(flags, "database.url", dbUrl);
        put(flags, "database.user", dbUser);
        put(flags, "control.interval", interval);
        put(flags, "history.retention", retention);
        put(flags, "history.retention-5m", retention5m);
        put(flags, "history.retention-1h", retention1h);
        put(flags, "demo", demo);
        put(flags, "demo-scenario", demoScenario);
        put(flags, "cim.port", cimPort);
        put(flags, "sasp.port", saspPort);
        put(flags, "lb-agent.port", lbAgentPort);
        put(flags, "cluster.instance-id", instanceId);
        if (saspTls) {
            flags.put("sasp.tls", "true");
        }
        if (connect != null && !connect.isEmpty()) {
            flags.put("hosts", String.join(",", connect));
        }
        ServerConfig cfg;
        try {
            cfg = ServerConfigLoader.load(config, System.getenv(), flags);
        } catch (InvalidDocumentException e) {
            throw new Main.UserException(e.getMessage());
        }
        HpmServer server = HpmServer.start(cfg, Timebase.system(), m -> {
            err.println("hpm: " + m);
            err.flush();
        });
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            err.println("hpm: stopping; putting back the CPU settings HPM changed");
            err.flush();
            server.close();
            stopped.countDown();
        }, "hpm-stop"));
        stopped.await();
        return 0;
    }

    private static void put(Map<String, String> flags, String key, String value) {
        if (value != null) {
            flags.put(key, value);
        }
    }
}
