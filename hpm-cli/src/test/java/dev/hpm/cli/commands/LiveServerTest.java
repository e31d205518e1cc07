package dev.hpm.cli.commands;

import dev.hpm.cli.remote.CliEnvironment;
import dev.hpm.server.Http;
import dev.hpm.server.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A live HPM server (the demo pool, one-second interval, random port) shared by the tests of one
 * class, an admin and a viewer with password files (mode 600), and ways to run {@code hpm} against
 * it in-process with a controlled environment (no variables, a temporary home).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class LiveServerTest {
    static final String VIEWER = "watcher";
    static final String VIEWER_PASSWORD = "viewer-password-for-cli-tests";
    TestServer hpm;
    Path dir;
    Path home;
    Path adminPasswordFile;
    Path viewerPasswordFile;

    @BeforeAll
    void startServer() throws IOException {
        dir = Files.createTempDirectory("hpm-cli-test-");
        home = Files.createDirectories(dir.resolve("home"));
        hpm = newServer();
        adminPasswordFile = secretFile("admin.pw", TestServer.ADMIN_PASSWORD + "\n");
        viewerPasswordFile = secretFile("viewer.pw", VIEWER_PASSWORD + "\n");
        Http.Response created = hpm.http.post("/users", hpm.admin, "{\"name\": \"" + VIEWER + "\", \"role\": \"viewer\","
                + " \"password\": \"" + VIEWER_PASSWORD + "\"}");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        hpm.awaitIntervals(3, startupLimit());
    }

    /** How long the server may take for its first three intervals. */
    Duration startupLimit() {
        return Duration.ofSeconds(25);
    }

    /** The server the class's tests share: the built-in demo on the embedded database unless a class says otherwise. */
    TestServer newServer() throws IOException {
        return TestServer.embedded();
    }

    @AfterAll
    void stopServer() throws IOException {
        if (hpm != null) {
            hpm.close();
        }
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** The server's root URL. */
    String url() {
        return hpm.server.baseUrl();
    }

    /** A file readable only by its owner, in the test's folder. */
    Path secretFile(String name, String content) {
        try {
            Path file = dir.resolve(name);
            Files.writeString(file, content);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    CliEnvironment environment() {
        return CliRun.environment(Map.of(), home);
    }

    /** {@code hpm args} with no connection flags added. */
    CliRun hpm(String... args) {
        return CliRun.of(environment(), args);
    }

    /** {@code hpm args} as the admin (password file). */
    CliRun admin(String... args) {
        return as("admin", adminPasswordFile, args);
    }

    /** {@code hpm args} as the viewer. */
    CliRun viewer(String... args) {
        return as(VIEWER, viewerPasswordFile, args);
    }

    /** {@code hpm args} with the server but no credentials. */
    CliRun anonymous(String... args) {
        return hpm(with(args, "--server", url()));
    }

    CliRun as(String user, Path passwordFile, String... args) {
        return hpm(with(args, "--server", url(), "--user", user, "--password-file", passwordFile.toString()));
    }

    static String[] with(String[] args, String... more) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
