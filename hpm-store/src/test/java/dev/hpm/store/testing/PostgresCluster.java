package dev.hpm.store.testing;

import dev.hpm.store.StoreSettings;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL for tests: {@code initdb} into a temporary directory, {@code pg_ctl start}
 * on a free loopback port ({@code listen_addresses=127.0.0.1}, its socket in that directory), a
 * database {@code hpm} owned by a user {@code hpm} with a random password (SCRAM), and at the end
 * {@code pg_ctl stop -m immediate} and the directory deleted, from a JVM shutdown hook so that it
 * happens however the tests end. The server runs as the OS user {@code postgres} when the tests run
 * as root (through {@code runuser}; the directory is then owned by postgres), else as the current
 * user. Clusters left behind by a JVM that was killed are stopped and deleted the next time a
 * cluster starts (each directory records the pid of the JVM that owns it).
 *
 * <p>The binaries are found under {@code /usr/lib/postgresql/*}{@code /bin} (the newest version;
 * Debian's {@code postgresql} package) or in {@code -Dhpm.test.postgres.bin}. To use an existing
 * server instead, give {@code -Dhpm.test.postgres.url=jdbc:postgresql://host:port/db} with
 * {@code -Dhpm.test.postgres.user} and {@code -Dhpm.test.postgres.password}; the user needs the
 * right to create schemas in that database.
 *
 * <p>Tests get a fresh schema each ({@link #newSchema()}: the store's URL carries
 * {@code currentSchema}), which is quicker than a database each and works on a shared server.
 */
public final class PostgresCluster {
    private static final String PREFIX = "hpm-pg-";
    private static final String OWNER_FILE = "owner.pid";
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(120);
    private static final AtomicInteger SCHEMAS = new AtomicInteger();
    private static PostgresCluster shared;

    private final String url;
    private final String user;
    private final String password;
    private final Local local;
    private boolean stopped;

    /** A cluster this JVM started: where it lives and how to run its commands. */
    private record Local(Path bin, Path dir, boolean asPostgres, long postmasterPid) {
    }

    private PostgresCluster(String url, String user, String password, Local local) {
        this.url = url;
        this.user = user;
        this.password = password;
        this.local = local;
    }

    /**
     * The cluster of this JVM, started on first use (or the server named by
     * {@code -Dhpm.test.postgres.url}).
     *
     * @throws IllegalStateException saying what to install or set if there is no PostgreSQL
     */
    public static synchronized PostgresCluster shared() {
        if (shared == null) {
            String external = System.getProperty("hpm.test.postgres.url", "");
            shared = external.isBlank() ? startNew()
                    : new PostgresCluster(external, System.getProperty("hpm.test.postgres.user", ""),
                    System.getProperty("hpm.test.postgres.password", ""), null);
        }
        return shared;
    }

    /**
     * Starts a cluster of its own (for tests that stop or break it); {@link #stop()} it when done. It
     * is stopped at JVM exit in any case.
     */
    public static PostgresCluster startNew() {
        PostgresCluster cluster = start();
        Runtime.getRuntime().addShutdownHook(new Thread(cluster::stop, "stop test PostgreSQL"));
        return cluster;
    }

    /**
     * Stops the server ({@code pg_ctl stop -m immediate}; if that fails, the postmaster is killed by
     * its pid) and deletes its directory. Does nothing for an external server or a second time.
     */
    public synchronized void stop() {
        if (local != null && !stopped) {
            stopped = true;
            stop(local);
        }
    }

    /** JDBC URL of the test database. */
    public String url() {
        return url;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    /** The database server's pid, if this JVM started it. */
    public Optional<Long> postmasterPid() {
        return local == null ? Optional.empty() : Optional.of(local.postmasterPid());
    }

    /** Store settings for {@code schema} of the test database. */
    public StoreSettings settings(String schema) {
        return new StoreSettings(url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema, user, password, 4,
                StoreSettings.DEFAULT_RETENTION);
    }

    /** Creates an empty schema with a name of its own and returns the name. */
    public String newSchema() {
        String schema = "t" + ProcessHandle.current().pid() + "_" + SCHEMAS.incrementAndGet();
        execute("CREATE SCHEMA " + schema);
        return schema;
    }

    public void dropSchema(String schema) {
        execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }

    /** Runs one statement as the test user. */
    public void execute(String sql) {
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("test PostgreSQL at " + url + ": " + sql + ": " + e.getMessage(), e);
        }
    }

    // ---- the local cluster ------------------------------------------------------------------

    private static PostgresCluster start() {
        Path bin = binaries();
        boolean asPostgres = "root".equals(System.getProperty("user.name"));
        reapAbandoned(bin, asPostgres);
        Path dir = null;
        try {
            dir = Files.createTempDirectory(PREFIX);
            Files.writeString(dir.resolve(OWNER_FILE), Long.toString(ProcessHandle.current().pid()));
            String superPassword = secret();
            String hpmPassword = secret();
            Files.writeString(dir.resolve("pwfile"), superPassword + "\n");
            if (asPostgres) {
                run(List.of("chown", "-R", "postgres:postgres", dir.toString()), false, dir);
            }
            Path data = dir.resolve("data");
            run(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", "postgres",
                    "--pwfile=" + dir.resolve("pwfile"), "--auth=scram-sha-256", "--encoding=UTF8", "--locale=C",
                    "--no-sync"), asPostgres, dir);
            Files.delete(dir.resolve("pwfile"));
            int port = 0;
            for (int attempt = 1; port == 0; attempt++) { // another process may take the free port first
                int candidate = freePort();
                try {
                    run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l",
                            dir.resolve("server.log").toString(), "-w", "-t", "60", "-o", "-p " + candidate
                                    + " -c listen_addresses=127.0.0.1 -c unix_socket_directories=" + dir
                                    + " -c max_connections=200", "start"), asPostgres, dir);
                    port = candidate;
                } catch (IllegalStateException e) {
                    if (attempt == 3) {
                        throw e;
                    }
                }
            }
            long pid = Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).getFirst().strip());
            Local local = new Local(bin, dir, asPostgres, pid);
            String base = "jdbc:postgresql://127.0.0.1:" + port + "/";
            try (Connection c = DriverManager.getConnection(base + "postgres", "postgres", superPassword);
                 Statement s = c.createStatement()) {
                s.execute("CREATE ROLE hpm LOGIN PASSWORD '" + hpmPassword + "'");
                s.execute("CREATE DATABASE hpm OWNER hpm");
            }
            return new PostgresCluster(base + "hpm", "hpm", hpmPassword, local);
        } catch (IOException | SQLException | RuntimeException e) {
            if (dir != null && Files.exists(dir.resolve("data").resolve("postmaster.pid"))) {
                stop(new Local(bin, dir, asPostgres, -1));
            } else if (dir != null) {
                delete(dir);
            }
            throw new IllegalStateException("cannot start the test PostgreSQL with " + bin + ": " + e.getMessage(), e);
        }
    }

    /** Stops the server (immediate shutdown), kills it if that fails, and deletes its directory. */
    private static void stop(Local local) {
        try {
            run(List.of(local.bin().resolve("pg_ctl").toString(), "-D", local.dir().resolve("data").toString(), "-m",
                    "immediate", "-w", "stop"), local.asPostgres(), local.dir());
        } catch (RuntimeException e) {
            if (local.postmasterPid() > 0) {
                ProcessHandle.of(local.postmasterPid()).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
        delete(local.dir());
    }

    /** Stops and deletes clusters whose owning JVM no longer runs (it was killed before its shutdown hook). */
    private static void reapAbandoned(Path bin, boolean asPostgres) {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        try (Stream<Path> dirs = Files.list(tmp)) {
            for (Path dir : dirs.filter(d -> d.getFileName().toString().startsWith(PREFIX)).toList()) {
                Path owner = dir.resolve(OWNER_FILE);
                if (!Files.isRegularFile(owner)) {
                    continue;
                }
                long pid = Long.parseLong(Files.readString(owner).strip());
                if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                    continue;
                }
                Path postmaster = dir.resolve("data").resolve("postmaster.pid");
                long serverPid = Files.exists(postmaster)
                        ? Long.parseLong(Files.readAllLines(postmaster).getFirst().strip()) : -1;
                stop(new Local(bin, dir, asPostgres, serverPid));
            }
        } catch (IOException | RuntimeException e) {
            System.err.println("PostgresCluster: could not clean up abandoned test clusters: " + e.getMessage());
        }
    }

    /** The newest {@code /usr/lib/postgresql/<version>/bin}, or {@code -Dhpm.test.postgres.bin}. */
    private static Path binaries() {
        String configured = System.getProperty("hpm.test.postgres.bin", "");
        if (!configured.isBlank()) {
            return Path.of(configured);
        }
        Path root = Path.of("/usr/lib/postgresql");
        List<Path> candidates = new ArrayList<>();
        if (Files.isDirectory(root)) {
            try (Stream<Path> versions = Files.list(root)) {
                versions.map(v -> v.resolve("bin"))
                        .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl")))
                        .forEach(candidates::add);
            } catch (IOException e) {
                throw new IllegalStateException("cannot list " + root + ": " + e.getMessage(), e);
            }
        }
        return candidates.stream().max(Comparator.comparingInt(PostgresCluster::version)).orElseThrow(() ->
                new IllegalStateException("the PostgreSQL tests (tag postgres) need the PostgreSQL server: "
                        + "apt-get install postgresql (initdb and pg_ctl under /usr/lib/postgresql/*/bin), or give "
                        + "-Dhpm.test.postgres.bin=DIR, or an existing server with -Dhpm.test.postgres.url=jdbc:postgresql://"
                        + "HOST:PORT/DB -Dhpm.test.postgres.user=… -Dhpm.test.postgres.password=…, or leave these tests "
                        + "out with -Dhpm.test.excludedGroups=postgres"));
    }

    private static int version(Path bin) {
        try {
            return Integer.parseInt(bin.getParent().getFileName().toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Runs a command (as postgres through runuser if asked) and fails with its output if it fails. */
    private static void run(List<String> command, boolean asPostgres, Path dir) {
        List<String> full = new ArrayList<>();
        if (asPostgres) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        try {
            Process p = new ProcessBuilder(full).directory(dir.toFile()).redirectErrorStream(true).start();
            p.getOutputStream().close();
            byte[] output = p.getInputStream().readAllBytes();
            if (!p.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", full) + " did not finish within " + COMMAND_TIMEOUT);
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", full) + " failed (exit " + p.exitValue() + "): "
                        + new String(output, StandardCharsets.UTF_8).strip() + serverLog(dir));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + full.getFirst() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + String.join(" ", full), e);
        }
    }

    private static String serverLog(Path dir) {
        Path log = dir.resolve("server.log");
        try {
            return Files.exists(log) ? "\nserver log:\n" + Files.readString(log) : "";
        } catch (IOException e) {
            return "";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String secret() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static void delete(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            System.err.println("PostgresCluster: could not delete " + dir + ": " + e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "PostgresCluster[" + url + ", user " + user + "]";
    }
}
