package dev.hpm.store.jdbc;

import dev.hpm.core.time.Timebase;
import dev.hpm.store.StoreSettings;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * What the store of the last release before Flyway did on open, kept for the take-over tests: the
 * hand-written runner ({@code Migrations}, deleted) created {@code schema_version}, ran the scripts 1 to
 * N, each with its row, splitting them at lines ending in ';' and dropping comment lines, and the store
 * then seeded its defaults. The scripts are today's {@code V<n>__<name>.sql}: their statements are
 * byte for byte those of the release (only comment lines changed when they were renamed for Flyway),
 * and Flyway's checksums keep them so from now on.
 */
final class OldSchemaRunner {
    /** The release's index: version N is {@code NAMES[N - 1]}. */
    private static final List<String> NAMES = List.of("initial", "locks", "pools", "load_balancing");

    private OldSchemaRunner() {
    }

    /** Makes the database of {@code settings} as the old store did, at schema version {@code upTo} (1 to 4). */
    static void create(StoreSettings settings, int upTo, Timebase time) throws SQLException {
        String url = Dialect.of(settings.jdbcUrl()).connectUrl(settings.jdbcUrl());
        try (Connection c = DriverManager.getConnection(url, settings.user(), settings.password())) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, "
                        + "name VARCHAR(200) NOT NULL, applied TIMESTAMP WITH TIME ZONE NOT NULL)");
            }
            for (int version = 1; version <= upTo; version++) {
                c.setAutoCommit(false);
                try (Statement s = c.createStatement()) {
                    for (String sql : statements(script(version))) {
                        s.execute(sql);
                    }
                }
                record(c, version, NAMES.get(version - 1).replace('_', '-'), time);
                c.commit();
                c.setAutoCommit(true);
            }
            c.setAutoCommit(false);
            JdbcDefinitions.seed(c, time);
            JdbcInventory.seed(c);
            c.commit();
        }
    }

    /** Adds a row to {@code schema_version} as the old runner did after a script. */
    static void record(Connection c, int version, String name, Timebase time) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO schema_version (version, name, applied) VALUES (?, ?, ?)")) {
            ps.setInt(1, version);
            ps.setString(2, name);
            Sql.setInstant(ps, 3, time.now());
            ps.executeUpdate();
        }
    }

    private static String script(int version) {
        String name = "/dev/hpm/store/schema/V" + version + "__" + NAMES.get(version - 1) + ".sql";
        try (InputStream in = OldSchemaRunner.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The old runner's split: comment lines dropped, each statement ending with ';' at a line's end. */
    private static List<String> statements(String script) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : script.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("--")) {
                continue;
            }
            current.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                String sql = current.toString().strip();
                statements.add(sql.substring(0, sql.length() - 1));
                current.setLength(0);
            }
        }
        return statements;
    }
}
