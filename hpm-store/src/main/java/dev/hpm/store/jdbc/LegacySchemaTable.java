package dev.hpm.store.jdbc;

import dev.hpm.store.StoreException;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * The version table of HPM's hand-written schema runner, which managed the schema before Flyway:
 * {@code schema_version (version, name, applied)}, one row per applied script. A database that has it
 * and no {@code flyway_schema_history} was made by that runner; {@link SchemaMigrations} baselines
 * Flyway at the version recorded here, so that only the later Flyway migrations run on it, and
 * migration 5 then drops the table.
 *
 * <p>The old runner applied every version it knew and no release skipped one, so a database of a
 * release records the versions 1 to N without a gap, N at most {@value #LAST_VERSION}. Anything else
 * (a gap, a version above {@value #LAST_VERSION}, no version at all) was not written by a release
 * and is refused rather than guessed at.
 */
final class LegacySchemaTable {
    /** The table's name. */
    static final String TABLE = "schema_version";

    /** The newest version the hand-written runner of a release applied (the last one before Flyway). */
    static final int LAST_VERSION = 4;

    private LegacySchemaTable() {
    }

    /**
     * The version to baseline Flyway at, or empty if the database was not made by the old runner
     * (no {@code schema_version}) or Flyway already manages it ({@code flyway_schema_history} exists).
     *
     * @param where for messages: the database's description
     * @throws StoreException if {@code schema_version} holds versions no release wrote
     */
    static OptionalInt baselineVersion(Connection c, String where) throws SQLException {
        if (!tableExists(c, TABLE) || tableExists(c, SchemaMigrations.HISTORY_TABLE)) {
            return OptionalInt.empty();
        }
        List<Integer> versions = new ArrayList<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT version FROM " + TABLE + " ORDER BY version")) {
            while (rs.next()) {
                versions.add(rs.getInt(1));
            }
        }
        String fix = "restore the database from a backup made by an HPM release, or point database.url at another "
                + "database";
        if (versions.isEmpty()) {
            throw new StoreException("the table " + TABLE + " of " + where + " records no schema version: the first "
                    + "migration of the old schema runner never completed; " + fix);
        }
        int newest = versions.getLast();
        for (int i = 0; i < versions.size(); i++) {
            if (versions.get(i) != i + 1) {
                throw new StoreException("the table " + TABLE + " of " + where + " records the schema versions "
                        + versions + ", not 1 to " + newest + " as every HPM release wrote them; " + fix);
            }
        }
        if (newest > LAST_VERSION) {
            throw new StoreException("the table " + TABLE + " of " + where + " records schema version " + newest
                    + ", but HPM releases before Flyway wrote versions up to " + LAST_VERSION
                    + ": a development build made it; " + fix);
        }
        return OptionalInt.of(newest);
    }

    /** Whether the connection's current schema holds a table of that name (any case: H2 upper-cases names). */
    static boolean tableExists(Connection c, String name) throws SQLException {
        DatabaseMetaData meta = c.getMetaData();
        try (ResultSet rs = meta.getTables(c.getCatalog(), c.getSchema(), null, new String[]{"TABLE"})) {
            while (rs.next()) {
                if (name.equalsIgnoreCase(rs.getString("TABLE_NAME"))) {
                    return true;
                }
            }
        }
        return false;
    }
}
