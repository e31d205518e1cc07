package dev.hpm.store.jdbc;

import dev.hpm.store.StoreException;
import dev.hpm.store.StoreSettings;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.CoreErrorCode;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.output.ValidateResult;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.OptionalInt;

/**
 * The schema, managed by Flyway: the scripts are the classpath resources {@code V<n>__<name>.sql}
 * under {@value #LOCATION}, applied in version order and recorded, with their checksums, in
 * {@value #HISTORY_TABLE}. Flyway serialises migrations between processes itself (a PostgreSQL
 * advisory lock; on H2 a row lock of the history table) and runs each script in a transaction
 * (PostgreSQL's DDL is transactional; H2 commits each DDL statement, so a script that fails half-way
 * on H2 leaves what it created, and Flyway records the failure).
 *
 * <p>Before migrating the store checks, and refuses with a message naming the problem and the fix:
 * a database whose history has a version newer than this code's scripts (a newer HPM migrated it),
 * a script whose checksum differs from the one recorded when it was applied (a released script was
 * edited), a migration that failed earlier, a recorded migration this code has no script for, and
 * anything else Flyway's validation finds. A database made by the hand-written runner that managed
 * the schema before Flyway ({@link LegacySchemaTable}) is baselined at the version it records.
 */
final class SchemaMigrations {
    /** Where the scripts are. */
    static final String LOCATION = "classpath:dev/hpm/store/schema";

    /** Flyway's history table (its default name). */
    static final String HISTORY_TABLE = "flyway_schema_history";

    private static final String NEVER_EDIT = "a released migration script must never change: add a new version instead";

    private SchemaMigrations() {
    }

    /**
     * Brings the schema up to date and returns its version. {@code c} (auto-commit) is used to look for
     * the old runner's table; Flyway opens connections of its own with the same settings, so that it
     * works with a pool of one connection.
     *
     * @param where for messages: the database's description
     * @throws StoreException if the schema cannot be migrated or is refused (see the class comment)
     */
    static int migrate(Connection c, StoreSettings settings, Dialect dialect, String where) throws SQLException {
        OptionalInt legacy = LegacySchemaTable.baselineVersion(c, where);
        FluentConfiguration config = Flyway.configure(SchemaMigrations.class.getClassLoader())
                .dataSource(dialect.connectUrl(settings.jdbcUrl()), settings.user(), settings.password())
                .locations(LOCATION)
                .table(HISTORY_TABLE)
                .failOnMissingLocations(true)
                .validateMigrationNaming(true)
                .cleanDisabled(true)
                .outOfOrder(false)
                // pending migrations are what migrate() applies; every other finding (future, missing) is an error
                .ignoreMigrationPatterns("*:pending");
        if (legacy.isPresent()) {
            config.baselineVersion(String.valueOf(legacy.getAsInt()))
                    .baselineDescription("schema_version 1 to " + legacy.getAsInt() + " (before Flyway)");
        }
        Flyway flyway = config.load();
        try {
            if (legacy.isPresent()) {
                flyway.baseline();
            }
            check(flyway, where);
            flyway.migrate();
            return version(flyway.info().current(), where);
        } catch (FlywayException e) {
            throw new StoreException(failure(e, where), e);
        }
    }

    /** The checks before migrating, each with its own message; then Flyway's whole validation. */
    private static void check(Flyway flyway, String where) {
        MigrationInfo[] all = flyway.info().all();
        int latest = Arrays.stream(all).filter(m -> m.getVersion() != null && m.getState().isResolved())
                .mapToInt(m -> version(m, where)).max().orElse(0);
        for (MigrationInfo m : all) {
            MigrationState state = m.getState();
            if (state == MigrationState.FUTURE_SUCCESS || state == MigrationState.FUTURE_FAILED) {
                throw new StoreException("the schema of " + where + " has version " + m.getVersion()
                        + " but this HPM knows versions up to " + latest + ": a newer HPM migrated it; run that HPM "
                        + "(or a newer one), or point this one at another database");
            }
            if (state == MigrationState.FAILED) {
                throw new StoreException("schema migration " + m.getVersion() + " (" + m.getDescription() + ") failed "
                        + "earlier on " + where + " and may have left part of its changes; restore the database from "
                        + "a backup, or undo what the migration did and delete its row (success false) from "
                        + HISTORY_TABLE + ", then start HPM again");
            }
            if (state == MigrationState.MISSING_SUCCESS || state == MigrationState.MISSING_FAILED) {
                throw new StoreException("schema migration " + m.getVersion() + " (" + m.getDescription() + ") is "
                        + "recorded in " + HISTORY_TABLE + " of " + where + " but this HPM has no script for it: "
                        + "the database was migrated by another build; run that build, or point this one at another "
                        + "database");
            }
            if (state.isApplied() && state.isResolved() && m.isVersioned() && !m.isChecksumMatching()) {
                throw new StoreException("schema migration " + m.getVersion() + " (" + m.getDescription() + ") of "
                        + where + " was applied with checksum " + m.getAppliedChecksum() + " but this HPM's script "
                        + m.getScript() + " has checksum " + m.getResolvedChecksum() + ": the script was changed "
                        + "after it was applied. Run the HPM release that applied it, or restore the script as "
                        + "released (" + NEVER_EDIT + ")");
            }
        }
        ValidateResult result = flyway.validateWithResult();
        if (!result.validationSuccessful) {
            throw new StoreException("the schema history of " + where + " does not match this HPM's migration "
                    + "scripts: " + flat(result.getAllErrorMessages()) + "; run the HPM that migrated the database "
                    + "(" + NEVER_EDIT + ")");
        }
    }

    /** The message for a failure of Flyway itself (connection, SQL of a script, a schema not made by HPM). */
    private static String failure(FlywayException e, String where) {
        if (e.getErrorCode() == CoreErrorCode.NON_EMPTY_SCHEMA_WITHOUT_SCHEMA_HISTORY_TABLE) {
            return "the database " + where + " holds tables but neither " + HISTORY_TABLE + " nor the older "
                    + LegacySchemaTable.TABLE + ": it was not made by HPM; point database.url at an empty database "
                    + "(or PostgreSQL schema) or at one HPM made";
        }
        return "cannot migrate the schema of " + where + ": " + flat(e.getMessage());
    }

    /** A version as a number: HPM's versions are whole numbers. */
    private static int version(MigrationInfo m, String where) {
        if (m == null || m.getVersion() == null) {
            return 0;
        }
        String v = m.getVersion().getVersion();
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new StoreException("the schema of " + where + " has version " + v + ", which is not a whole number "
                    + "as every HPM version is; it was not migrated by HPM");
        }
    }

    /** Flyway's multi-line messages on one line, at most 600 characters. */
    private static String flat(String message) {
        String flat = String.valueOf(message).replaceAll("-{3,}", " ").strip().replaceAll("\\s+", " ");
        return flat.length() <= 600 ? flat : flat.substring(0, 600) + "…";
    }
}
