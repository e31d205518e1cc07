package dev.hpm.server.cim;

import dev.hpm.server.TestServer;
import dev.hpm.server.config.ServerConfig;
import dev.hpm.server.security.LoginThrottle;
import dev.hpm.store.StoreSettings;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * A live {@code hpm serve} on the simulated demo pool with its CIM port open on a random loopback
 * port, and the object paths wbemcli takes, e.g. {@code http://admin:…@127.0.0.1:PORT/root/virt:KVM_HostSystem}.
 */
final class CimFixture implements AutoCloseable {
    static final String VIEWER = "cim-viewer";
    static final String VIEWER_PASSWORD = "viewer-password-for-cim";
    final TestServer server;

    CimFixture() {
        server = new TestServer(StoreSettings::embedded, null, LoginThrottle.Settings.DEFAULT,
                c -> c.withCim(new ServerConfig.Cim("127.0.0.1", 0)));
        server.awaitIntervals(2);
        var created = server.http.post("/users", server.admin, "{\"name\": \"" + VIEWER
                + "\", \"role\": \"viewer\", \"password\": \"" + VIEWER_PASSWORD + "\"}");
        if (created.status() != 201) {
            throw new AssertionError("creating the viewer: " + created.status() + " " + created.text());
        }
    }

    int port() {
        return server.server.cimPort();
    }

    /** {@code http://admin:PASSWORD@127.0.0.1:PORT/} followed by {@code path} (e.g. {@code root/virt:KVM_HostSystem}). */
    String admin(String path) {
        return as("admin", TestServer.ADMIN_PASSWORD, path);
    }

    String viewer(String path) {
        return as(VIEWER, VIEWER_PASSWORD, path);
    }

    String as(String user, String password, String path) {
        return "http://" + user + ":" + password + "@127.0.0.1:" + port() + "/" + path;
    }

    /** A path wbemcli printed ({@code 127.0.0.1:PORT/root/virt:…}) as an admin's object path. */
    String adminPath(String printed) {
        return "http://admin:" + TestServer.ADMIN_PASSWORD + "@" + printed;
    }

    static String system(String name) {
        return "root/virt:KVM_ComputerSystem.CreationClassName=\"KVM_ComputerSystem\",Name=\"" + name + "\"";
    }

    /** Waits up to {@code limit} for {@code condition}. */
    static void await(Duration limit, BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + limit + ": " + what);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
