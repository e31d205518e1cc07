package dev.hpm.server.cluster;

import dev.hpm.core.time.Timebase;
import dev.hpm.server.HpmServer;
import dev.hpm.server.config.ServerConfig;
import dev.hpm.server.config.ServerConfigLoader;

import java.util.Map;

/**
 * One {@code hpm serve} instance in its own JVM for the cluster tests: its configuration comes from
 * the environment ({@code HPM_INSTANCE_ID}, {@code HPM_DB_URL}, …) through the same loader as
 * {@code hpm serve}. Prints {@code PORT n} when it listens, then runs until killed (a SIGTERM
 * closes it as {@code hpm serve} does: restores, releases its leases, leaves the registry).
 */
public final class ClusterNode {
    private ClusterNode() {
    }

    public static void main(String[] args) throws InterruptedException {
        ServerConfig config = ServerConfigLoader.load(null, System.getenv(), Map.of());
        HpmServer server = HpmServer.start(config, Timebase.system(), m -> System.err.println("node: " + m));
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "node-stop"));
        System.out.println("PORT " + server.port());
        System.out.flush();
        Thread.currentThread().join();
    }
}
