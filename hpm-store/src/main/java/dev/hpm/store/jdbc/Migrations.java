package dev.hpm.store.jdbc;

import dev.hpm.core.time.Timebase;
import dev.hpm.store.StoreException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Versioned schema migrations. The scripts are resources under {@value #DIRECTORY}, listed in
 * {@code index.txt} in order; version N runs {@code NNN-name.<dialect>.sql} if it exists, else the
 * shared {@code NNN-name.sql}. The table {@code schema_version} records each applied version. Each
 * script runs in its own transaction with its version row, so a failed script leaves the previous
 * version on PostgreSQL (whose DDL is transactional; H2 commits each DDL statement, so a script that
 * fails half-way on H2 leaves what it created). A database whose schema is newer than the scripts
 * this code knows is refused: it was written by a newer HPM.
 */
final class Migrations {
    static final String DIRECTORY = "/dev/hpm/store/schema/";

    /** One version: its number, name and the resource that holds its statements. */
    record Script(int version, String name, String resource) {
    }

    private Migrations() {
    }

    /** The scripts for {@code dialect}, in order. */
    static List<Script> scripts(Dialect dialect) {
        List<Script> scripts = new ArrayList<>();
        for (String line : resource(DIRECTORY + "index.txt").split("\n")) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            String[] parts = l.split("\\s+", 2);
            int version = Integer.parseInt(parts[0]);
            int previous = scripts.isEmpty() ? 0 : scripts.getLast().version();
            if (version <= previous || parts.length < 2) {
                throw new IllegalStateException("schema index: expected a version above " + previous
                        + " and a name, found \"" + l + "\"");
            }
            String base = DIRECTORY + "%03d-%s".formatted(version, parts[1]);
            String specific = base + "." + dialect.name() + ".sql";
            scripts.add(new Script(version, parts[1],
                    Migrations.class.getResource(specific) != null ? specific : base + ".sql"));
        }
        return scripts;
    }

    /** The newest version this code knows. */
    static int latest(Dialect dialect) {
        List<Script> scripts = scripts(dialect);
        return scripts.isEmpty() ? 0 : scripts.getLast().version();
    }

    /**
     * Brings the schema up to date on {@code c} (auto-commit on; the caller holds the dialect's
     * schema lock) and returns its version.
     *
     * @param where for messages: the database's description
     * @throws StoreException if a script fails or the database is newer than this code
     */
    static int migrate(Connection c, Dialect dialect, Timebase time, String where) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, "
                    + "name VARCHAR(200) NOT NULL, applied TIMESTAMP WITH TIME ZONE NOT NULL)");
        }
        int current = current(c);
        List<Script> scripts = scripts(dialect);
        int latest = scripts.isEmpty() ? 0 : scripts.getLast().version();
        if (current > latest) {
            throw new StoreException("the schema of " + where + " has version " + current + " but this HPM knows "
                    + "versions up to " + latest + ": a newer HPM wrote it; run that HPM (or a newer one), "
                    + "or point this one at another database");
        }
        java.util.Set<Integer> applied = applied(c);
        for (Script script : scripts) {
            if (!applied.contains(script.version())) {
                apply(c, dialect, script, time, where);
            }
        }
        return latest;
    }

    /**
     * The versions recorded in {@code schema_version}. A version missing below the newest one (the
     * index may have gaps that a later release fills) is applied when this code knows it.
     */
    static java.util.Set<Integer> applied(Connection c) throws SQLException {
        java.util.Set<Integer> versions = new java.util.HashSet<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT version FROM schema_version")) {
            while (rs.next()) {
                versions.add(rs.getInt(1));
            }
        }
        return versions;
    }

    /** The version recorded in {@code schema_version}, 0 for a new database. */
    static int current(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT MAX(version) FROM schema_version")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    private static void apply(Connection c, Dialect dialect, Script script, Timebase time, String where)
            throws SQLException {
        c.setAutoCommit(false);
        String statement = null;
        try (Statement s = c.createStatement()) {
            for (String sql : statements(resource(script.resource()))) {
                statement = sql;
                s.execute(sql);
            }
            statement = null;
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO schema_version (version, name, applied) VALUES (?, ?, ?)")) {
                ps.setInt(1, script.version());
                ps.setString(2, script.name());
                Sql.setInstant(ps, 3, time.now());
                ps.executeUpdate();
            }
            c.commit();
            dialect.afterCommit(c);
        } catch (SQLException e) {
            c.rollback();
            throw new StoreException("cannot migrate the schema of " + where + " to version " + script.version()
                    + " (" + script.name() + "): " + e.getMessage()
                    + (statement == null ? "" : "; statement: " + abbreviate(statement)), e);
        } finally {
            c.setAutoCommit(true);
        }
    }

    /** The statements of a script: comment lines dropped, each statement ending with ';' at a line's end. */
    static List<String> statements(String script) {
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
        if (!current.toString().isBlank()) {
            throw new IllegalStateException("schema script ends without ';': " + abbreviate(current.toString()));
        }
        return statements;
    }

    private static String resource(String name) {
        try (InputStream in = Migrations.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name + " (the hpm-store jar is incomplete)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read resource " + name + ": " + e.getMessage(), e);
        }
    }

    private static String abbreviate(String sql) {
        String flat = sql.strip().replaceAll("\\s+", " ");
        return flat.length() <= 100 ? flat : flat.substring(0, 100) + "…";
    }
}
