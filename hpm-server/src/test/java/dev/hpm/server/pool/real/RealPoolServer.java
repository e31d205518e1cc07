package dev.hpm.server.pool.real;

import dev.hpm.core.model.ManagementLevel;
import dev.hpm.server.HpmServer;
import dev.hpm.server.TestServer;
import dev.hpm.server.config.ServerConfig;
import dev.hpm.store.StoreSettings;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code hpm serve} on real libvirt hosts in its own JVM, for the real-pool tests (which drive it
 * through the API only, and may kill it): {@code RealPoolServer DATA-DIR INTERVAL-MS NAME|URI|MIGRATION-URI...}.
 * No demo pool: the server's drivers are then {@link RealPoolDrivers}, as in production. Prints
 * {@code PORT n} when it listens, then runs until killed.
 */
public final class RealPoolServer {
    private RealPoolServer() {
    }

    public static void main(String[] args) throws InterruptedException {
        Path data = Path.of(args[0]);
        List<ServerConfig.HostConfig> hosts = new ArrayList<>();
        for (int i = 2; i < args.length; i++) {
            String[] h = args[i].split("\\|", 3);
            hosts.add(new ServerConfig.HostConfig(h[1], h[0], h[2]));
        }
        ServerConfig config = new ServerConfig("127.0.0.1", 0, null, data, StoreSettings.embedded(data),
                Duration.ofMillis(Long.parseLong(args[1])), ManagementLevel.MANAGE, hosts, false, null,
                TestServer.ADMIN_PASSWORD);
        HpmServer server = HpmServer.start(config, TestServer.SYSTEM, m -> System.err.println("hpm serve: " + m));
        System.out.println("PORT " + server.port());
        System.out.flush();
        Thread.currentThread().join();
    }
}
