package dev.hpm.server;

import dev.hpm.core.model.ManagementLevel;
import dev.hpm.core.time.Timebase;
import dev.hpm.server.config.ServerConfig;
import dev.hpm.server.security.LoginThrottle;
import dev.hpm.store.StoreSettings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * A real HPM server for tests: the demo pool, a one-second interval, a random port on loopback,
 * a temporary data directory, and an admin whose password the test knows. Waits until the first
 * intervals have run.
 */
public final class TestServer implements AutoCloseable {
    public static final String ADMIN_PASSWORD = "admin-password-for-tests";
    public static final Timebase SYSTEM = Timebase.system();

    public final HpmServer server;
    public final Http http;
    public final Path data;
    public final Http.As admin = Http.As.user("admin", ADMIN_PASSWORD);

    public TestServer(Function<Path, StoreSettings> store) {
        this(store, null);
    }

    /** A server whose demo pool runs {@code scenario} (a scenario file; the built-in demo if null). */
    public TestServer(Function<Path, StoreSettings> store, Path scenario) {
        this(store, scenario, LoginThrottle.Settings.DEFAULT);
    }

    /** A server with its own limits on failed logins. */
    public TestServer(Function<Path, StoreSettings> store, Path scenario, LoginThrottle.Settings throttle) {
        this(store, scenario, throttle, java.util.function.UnaryOperator.identity());
    }

    /** A server whose configuration {@code adjust} changes (e.g. to open the CIM port). */
    public TestServer(Function<Path, StoreSettings> store, Path scenario, LoginThrottle.Settings throttle,
                      java.util.function.UnaryOperator<ServerConfig> adjust) {
        try {
            data = Files.createTempDirectory("hpm-server-test-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ServerConfig config = adjust.apply(new ServerConfig("127.0.0.1", 0, null, data, store.apply(data),
                Duration.ofSeconds(1), ManagementLevel.MANAGE, List.of(), true, scenario, ADMIN_PASSWORD, throttle));
        server = HpmServer.start(config, SYSTEM, m -> System.out.println("hpm: " + m));
        http = new Http(server.baseUrl() + HpmServer.BASE);
    }

    /** A server on the embedded database. */
    public static TestServer embedded() {
        return new TestServer(StoreSettings::embedded);
    }

    /** Waits until {@code intervals} more intervals have run (5 s each and 10 s more at the most). */
    public void awaitIntervals(int intervals) {
        awaitIntervals(intervals, Duration.ofSeconds(intervals * 5L + 10));
    }

    /** Waits until {@code intervals} more intervals have run, for {@code limit} at the most. */
    public void awaitIntervals(int intervals, Duration limit) {
        long target = server.service().intervalsRun() + intervals;
        long deadline = System.nanoTime() + limit.toNanos();
        while (server.service().intervalsRun() < target) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("intervals did not run: " + server.service().lastError());
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public void close() {
        server.close();
        try (Stream<Path> files = Files.walk(data)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort
        }
    }
}
