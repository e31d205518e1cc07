package dev.hpm.server;

import dev.hpm.core.model.ManagementLevel;
import dev.hpm.server.config.ServerConfig;
import dev.hpm.store.StoreSettings;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A server in its own JVM for tests that kill it: {@code ChildServer DATA-DIR [JDBC-URL USER PASSWORD]}; the
 * system property {@code hpm.test.scenario} names the demo pool's scenario file (the built-in demo if
 * absent). Prints {@code PORT n} when it listens, then runs until killed.
 */
public final class ChildServer {
    private ChildServer() {
    }

    public static void main(String[] args) throws InterruptedException {
        Path data = Path.of(args[0]);
        String scenario = System.getProperty("hpm.test.scenario");
        StoreSettings store = args.length > 1 ? new StoreSettings(args[1], args[2], args[3], 5, StoreSettings.DEFAULT_RETENTION)
                : StoreSettings.embedded(data);
        ServerConfig config = new ServerConfig("127.0.0.1", 0, null, data, store, Duration.ofSeconds(1),
                ManagementLevel.MANAGE, List.of(), true, scenario == null ? null : Path.of(scenario), TestServer.ADMIN_PASSWORD);
        HpmServer server = HpmServer.start(config, TestServer.SYSTEM, m -> System.err.println("child: " + m));
        System.out.println("PORT " + server.port());
        System.out.flush();
        Thread.currentThread().join();
    }
}
