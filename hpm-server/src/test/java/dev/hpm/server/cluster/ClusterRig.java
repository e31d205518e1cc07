package dev.hpm.server.cluster;

import dev.hpm.server.HpmServer;
import dev.hpm.server.Http;
import dev.hpm.server.TestServer;
import dev.hpm.store.StoreSettings;
import dev.hpm.store.testing.PostgresCluster;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Several {@code hpm serve} instances ({@link ClusterNode}), each in its own JVM, on one schema of
 * the test PostgreSQL, all simulating the same {@value #HOSTS} hosts (the demo pool on a scenario
 * written here: on each host a fast-goal server whose demand swings and discretionary batch work,
 * so that the CPU manager changes shares often). Reads the leases and the history straight from
 * the database, and each instance's log of changes made under a lease.
 */
final class ClusterRig implements AutoCloseable {
    static final int HOSTS = 30;
    private static final Pattern CHANGE = Pattern.compile(
            "cluster change: host=(\\S+) epoch=(\\d+) instance=(\\S+) at=(\\d+) (.*)");
    private final PostgresCluster postgres = PostgresCluster.shared();
    private final String schema = postgres.newSchema();
    private final StoreSettings settings = postgres.settings(schema);
    private final Path dir;
    private final Duration interval;
    private final Path scenario;
    private final Path logging;
    private final Map<String, Node> nodes = new LinkedHashMap<>();

    /** A running instance: its process, its log file and its API. */
    record Node(String id, Process process, Path log, Http http) {
    }

    /** One change made under a lease, from an instance's log. */
    record Change(String host, long epoch, String instance, long at, String what) {
    }

    ClusterRig(Path dir, Duration interval) throws IOException {
        this.dir = dir;
        this.interval = interval;
        this.scenario = dir.resolve("thirty-hosts.yaml");
        Files.writeString(scenario, scenarioText());
        this.logging = dir.resolve("logging.properties");
        Files.writeString(logging, """
                handlers=java.util.logging.ConsoleHandler
                .level=INFO
                java.util.logging.ConsoleHandler.level=FINE
                dev.hpm.cluster.changes.level=FINE
                java.util.logging.SimpleFormatter.format=%4$s %3$s: %5$s%6$s%n
                """);
    }

    private static String scenarioText() {
        StringBuilder s = new StringBuilder("""
                name: thirty-hosts
                description: thirty 2-CPU hosts, each with swinging fast-goal work and discretionary batch work
                duration: 24h
                interval: 10s
                tick: 1s
                seed: 7
                scheduler-noise: 0.02
                hosts:
                """);
        for (int i = 1; i <= HOSTS; i++) {
            s.append("  - {name: ").append(host(i)).append(", cpus: 2}\n");
        }
        s.append("""
                groups:
                  - name: Trading
                    importance: highest
                    policy:
                      service-classes:
                        - {name: online, goal: fast, importance: highest}
                  - name: Reporting
                    importance: medium
                    policy:
                      service-classes:
                        - {name: reports, goal: moderate, importance: medium}
                  - name: Batch
                    importance: low
                    policy:
                      service-classes:
                        - {name: batch, goal: discretionary}
                servers:
                """);
        for (int i = 1; i <= HOSTS; i++) { // trading and reports swing in opposite phases: shares move all along
            s.append("  - {name-prefix: trade-").append(host(i)).append("-, count: 1, host: ").append(host(i))
                    .append(", group: Trading, vcpus: 2, demand: {model: sine, mean: 1.3, amplitude: 0.7, period: 12s}}\n");
            s.append("  - {name-prefix: report-").append(host(i)).append("-, count: 1, host: ").append(host(i))
                    .append(", group: Reporting, vcpus: 2, demand: {model: sine, mean: 1.3, amplitude: 0.7, period: 12s, phase: 0.5}}\n");
            s.append("  - {name-prefix: batch-").append(host(i)).append("-, count: 1, host: ").append(host(i))
                    .append(", group: Batch, vcpus: 2, demand: {model: constant, cpus: 0.5}}\n");
        }
        return s.toString();
    }

    static String host(int i) {
        return String.format("h%02d", i);
    }

    /** The database's JDBC URL (with the schema). */
    String jdbcUrl() {
        return settings.jdbcUrl();
    }

    /** The PostgreSQL server's port. */
    int databasePort() {
        Matcher m = Pattern.compile("//[^:/]+:(\\d+)/").matcher(settings.jdbcUrl());
        if (!m.find()) {
            throw new IllegalStateException("no port in " + settings.jdbcUrl());
        }
        return Integer.parseInt(m.group(1));
    }

    Duration interval() {
        return interval;
    }

    /** Starts instance {@code id} on {@code jdbcUrl} and waits (2 minutes at most) until it listens. */
    Node start(String id, String jdbcUrl) throws Exception {
        return start(id, jdbcUrl, Map.of());
    }

    /**
     * Starts instance {@code id} with {@code overrides} of its environment (e.g. {@code HPM_DEMO=off}
     * and {@code HPM_HOSTS} for real libvirt hosts instead of the simulated thirty).
     */
    Node start(String id, String jdbcUrl, Map<String, String> overrides) throws Exception {
        Path data = Files.createDirectories(dir.resolve("data-" + id));
        Path log = dir.resolve(id + ".log");
        List<String> command = List.of(ProcessHandle.current().info().command().orElse("java"),
                "--enable-native-access=ALL-UNNAMED", "-Xmx300m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Djava.util.logging.config.file=" + logging, "-cp", System.getProperty("java.class.path"),
                ClusterNode.class.getName());
        ProcessBuilder pb = new ProcessBuilder(command).redirectError(log.toFile());
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("HPM_"));
        env.put("HPM_INSTANCE_ID", id);
        env.put("HPM_DB_URL", jdbcUrl);
        env.put("HPM_DB_USER", settings.user());
        env.put("HPM_DB_PASSWORD", settings.password());
        env.put("HPM_DATA", data.toString());
        env.put("HPM_PORT", "0");
        env.put("HPM_INTERVAL", interval.toMillis() + "ms");
        env.put("HPM_DEMO", "on");
        env.put("HPM_DEMO_SCENARIO", scenario.toString());
        env.put("HPM_ADMIN_PASSWORD", TestServer.ADMIN_PASSWORD);
        env.putAll(overrides);
        Process p = pb.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line;
        try {
            line = CompletableFuture.supplyAsync(() -> {
                try {
                    return out.readLine();
                } catch (IOException e) {
                    return null;
                }
            }).get(120, TimeUnit.SECONDS);
        } catch (Exception e) {
            line = null;
        }
        if (line == null || !line.startsWith("PORT ")) {
            p.destroyForcibly();
            throw new AssertionError("instance " + id + " did not start: " + line + "\n" + Files.readString(log));
        }
        Node node = new Node(id, p, log, new Http("http://127.0.0.1:" + line.substring(5).strip() + HpmServer.BASE));
        nodes.put(id, node);
        return node;
    }

    /** {@code kill -9}: the JVM ends at once, without its shutdown hooks (no restore, no release). */
    void killDashNine(Node node) throws InterruptedException {
        node.process().destroyForcibly();
        if (!node.process().waitFor(60, TimeUnit.SECONDS)) {
            throw new AssertionError(node.id() + " did not die");
        }
    }

    /** A clean stop (SIGTERM, as {@code systemctl stop}): the instance restores, releases and leaves; waits for its end. */
    void stop(Node node) throws InterruptedException {
        node.process().destroy();
        if (!node.process().waitFor(120, TimeUnit.SECONDS)) {
            node.process().destroyForcibly();
            throw new AssertionError(node.id() + " did not stop within 2 minutes");
        }
    }

    /** Rows of {@code sql} with one string parameter, each row's columns as strings. */
    List<List<String>> rows(String sql, String parameter) throws SQLException {
        List<List<String>> rows = new ArrayList<>();
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, parameter);
            try (ResultSet rs = ps.executeQuery()) {
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    List<String> row = new ArrayList<>();
                    for (int i = 1; i <= n; i++) {
                        row.add(rs.getString(i));
                    }
                    rows.add(row);
                }
            }
        }
        return rows;
    }

    /** The valid leases now: host to owner. */
    Map<String, String> owners() throws SQLException {
        Map<String, String> owners = new TreeMap<>();
        query("SELECT host, owner, expires_ms FROM host_leases WHERE owner IS NOT NULL", rs -> {
            if (rs.getLong(3) > System.currentTimeMillis()) {
                owners.put(rs.getString(1), rs.getString(2));
            }
        });
        return owners;
    }

    /** How many hosts each instance holds a valid lease of. */
    Map<String, Integer> counts() throws SQLException {
        Map<String, Integer> counts = new TreeMap<>();
        owners().values().forEach(o -> counts.merge(o, 1, Integer::sum));
        return counts;
    }

    /** The lease rows: host to {owner, epoch, expires_ms, acquired_ms}. */
    Map<String, Object[]> leases() throws SQLException {
        Map<String, Object[]> rows = new TreeMap<>();
        query("SELECT host, owner, epoch, expires_ms, acquired_ms FROM host_leases", rs -> rows.put(rs.getString(1),
                new Object[]{rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)}));
        return rows;
    }

    /** The earliest interval recorded for {@code host} after {@code afterMs}, or -1. */
    long firstIntervalAfter(String host, long afterMs) throws SQLException {
        long[] first = {-1};
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(
                "SELECT MIN(at_ms) FROM host_history WHERE host = ? AND at_ms > ?")) {
            ps.setString(1, host);
            ps.setLong(2, afterMs);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    long v = rs.getLong(1);
                    first[0] = rs.wasNull() ? -1 : v;
                }
            }
        }
        return first[0];
    }

    private static final Pattern REFUSED = Pattern.compile("cluster refused: host=(\\S+) instance=(\\S+) at=(\\d+)");

    /** How many changes {@code instance} did not make for want of a valid lease, at or after {@code fromMs}. */
    long refused(String instance, long fromMs) throws IOException {
        long n = 0;
        for (String line : Files.readAllLines(nodes.get(instance).log())) {
            Matcher m = REFUSED.matcher(line);
            if (m.find() && m.group(2).equals(instance) && Long.parseLong(m.group(3)) >= fromMs) {
                n++;
            }
        }
        return n;
    }

    /** Every change in every instance's log so far. */
    List<Change> changes() throws IOException {
        List<Change> changes = new ArrayList<>();
        for (Node n : nodes.values()) {
            for (String line : Files.readAllLines(n.log())) {
                Matcher m = CHANGE.matcher(line);
                if (m.find()) {
                    changes.add(new Change(m.group(1), Long.parseLong(m.group(2)), m.group(3), Long.parseLong(m.group(4)),
                            m.group(5)));
                }
            }
        }
        return changes;
    }

    /** Waits (polling every 200 ms) until {@code condition} holds; false after {@code timeout}. */
    static boolean await(Duration timeout, Check condition) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (condition.holds()) {
                return true;
            }
            Thread.sleep(200);
        }
        return condition.holds();
    }

    @FunctionalInterface
    interface Check {
        boolean holds() throws Exception;
    }

    @FunctionalInterface
    private interface Row {
        void read(ResultSet rs) throws SQLException;
    }

    private void query(String sql, Row row) throws SQLException {
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                row.read(rs);
            }
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(settings.jdbcUrl(), settings.user(), settings.password());
    }

    /** Stops every instance still running (SIGTERM, then kill after a minute) and drops the schema. */
    @Override
    public void close() {
        for (Node n : nodes.values()) {
            if (n.process().isAlive()) {
                n.process().destroy();
            }
        }
        for (Node n : nodes.values()) {
            try {
                if (!n.process().waitFor(60, TimeUnit.SECONDS)) {
                    n.process().destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                n.process().destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        postgres.dropSchema(schema);
    }
}
