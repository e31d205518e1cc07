package dev.hpm.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import dev.hpm.store.AuditLog;
import dev.hpm.store.StoreException;
import dev.hpm.store.StoreSettings;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * The connection pool (HikariCP) and the two ways the repositories use it: {@link #write} runs its
 * work in one transaction and commits it durably ({@link #commit}) before returning, {@link #read}
 * runs it on an auto-commit connection. A {@link SQLException} becomes a {@link StoreException} whose message says what was
 * being done and where; the repositories' own exceptions (conflicts, not found, invalid arguments)
 * roll the transaction back and pass unchanged. Thread-safe.
 */
final class Database implements AutoCloseable {
    /** How long a caller waits for a free connection before the store reports the database as unavailable. */
    static final long CONNECTION_TIMEOUT_MILLIS = 10_000;

    /** The audit entry of the change running on this thread, written by its (one) write transaction. */
    /** Set inside {@link #durableOnce}: commits there only record that they happened. */
    private static final ScopedValue<boolean[]> DEFERRED = ScopedValue.newInstance();
    private static final ScopedValue<PendingAudit> AUDIT = ScopedValue.newInstance();

    /** The open transaction of {@link #transaction} on this thread, which every {@link #write} inside joins. */
    private static final ScopedValue<Connection> TRANSACTION = ScopedValue.newInstance();

    private final HikariDataSource pool;
    private final Dialect dialect;
    private final String description;

    /** Work on a connection; may throw {@link SQLException}. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /** Work without a result. */
    @FunctionalInterface
    interface Action {
        void run(Connection c) throws SQLException;
    }

    private Database(HikariDataSource pool, Dialect dialect, String description) {
        this.pool = pool;
        this.dialect = dialect;
        this.description = description;
    }

    /**
     * Opens the pool and checks that a connection can be made.
     *
     * @throws StoreException naming the URL (without password) and what to do, if the database cannot be reached
     */
    static Database open(StoreSettings settings) {
        Dialect dialect = Dialect.of(settings.jdbcUrl());
        String where = Dialect.redact(settings.jdbcUrl());
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(dialect.connectUrl(settings.jdbcUrl()));
        config.setUsername(settings.user());
        config.setPassword(settings.password());
        config.setMaximumPoolSize(settings.maxPoolSize());
        config.setMinimumIdle(Math.min(2, settings.maxPoolSize()));
        config.setPoolName("hpm-store");
        config.setConnectionTimeout(CONNECTION_TIMEOUT_MILLIS);
        config.setInitializationFailTimeout(1);
        config.setAutoCommit(true);
        dialect.configure(config);
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(config);
        } catch (HikariPool.PoolInitializationException e) {
            SQLException cause = e.getCause() instanceof SQLException s ? s : null;
            String reason = cause != null ? cause.getMessage() : String.valueOf(e.getMessage());
            throw new StoreException("cannot open the database " + where + (settings.user().isEmpty() ? ""
                    : " as user " + settings.user()) + ": " + firstLine(reason) + "; "
                    + (cause != null ? dialect.fix(cause) : "check database.url"), e);
        }
        try (Connection c = pool.getConnection()) {
            return new Database(pool, dialect, dialect.describe(c, settings.jdbcUrl()));
        } catch (SQLException e) {
            pool.close();
            throw new StoreException("cannot open the database " + where + ": " + firstLine(e.getMessage()) + "; "
                    + dialect.fix(e), e);
        }
    }

    Dialect dialect() {
        return dialect;
    }

    /** "H2 file /var/lib/hpm/hpm.mv.db", "PostgreSQL 15.8 at db:5432/hpm". */
    String description() {
        return description;
    }

    /** An audit entry waiting for the transaction of its change. */
    private static final class PendingAudit {
        final AuditLog.Record entry;
        final Instant at;
        boolean written;

        PendingAudit(AuditLog.Record entry, Instant at) {
            this.entry = entry;
            this.at = at;
        }
    }

    /** Runs {@code change}; its one write transaction also inserts {@code entry} (stamped {@code at}). */
    <T> T audited(AuditLog.Record entry, Instant at, Supplier<T> change) {
        return ScopedValue.where(AUDIT, new PendingAudit(entry, at)).call(change::get);
    }

    /**
     * Runs {@code work} in one transaction and commits it; rolls back if it throws. Inside
     * {@link #audited} the transaction also writes the pending audit entry.
     */
    <T> T write(String what, Work<T> work) {
        PendingAudit audit = AUDIT.isBound() ? AUDIT.get() : null;
        if (audit != null && audit.written) {
            throw new IllegalStateException("a second write (" + what + ") in the audited change "
                    + audit.entry.action() + ": an audited change is one transaction; make it one repository call");
        }
        if (TRANSACTION.isBound()) { // part of the enclosing transaction, which commits or rolls back
            try {
                T result = work.run(TRANSACTION.get());
                if (audit != null) {
                    JdbcAudit.insert(TRANSACTION.get(), audit.entry, audit.at);
                    audit.written = true;
                }
                return result;
            } catch (SQLException e) {
                throw failure(what, e);
            }
        }
        T result = committed(what, c -> {
            T r = work.run(c);
            if (audit != null) {
                JdbcAudit.insert(c, audit.entry, audit.at);
            }
            return r;
        });
        if (audit != null) {
            audit.written = true;
        }
        return result;
    }

    /** Runs {@code work} on a connection of its own in one transaction, committed durably; rolled back if it throws. */
    private <T> T committed(String what, Work<T> work) {
        try (Connection c = connection(what)) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                commit(c);
                return result;
            } catch (SQLException | RuntimeException e) {
                rollback(c, e);
                throw e;
            }
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    /**
     * Runs {@code work} in one transaction: every {@link #write} it makes on this thread joins it, and
     * it is committed (durably) once, when {@code work} returns, or rolled back entirely if it throws.
     * Nested calls join the outer transaction.
     */
    <T> T transaction(String what, Supplier<T> work) {
        if (TRANSACTION.isBound()) {
            return work.get();
        }
        return committed(what, c -> ScopedValue.where(TRANSACTION, c).call(work::get));
    }

    /** Whether this thread is inside {@link #transaction}. */
    boolean inTransaction() {
        return TRANSACTION.isBound();
    }

    /**
     * Commits the transaction on {@code c} durably: when this returns, the data survives a kill of the
     * process; inside {@link #durableOnce} it is made durable when that ends.
     */
    void commit(Connection c) throws SQLException {
        if (DEFERRED.isBound()) {
            dialect.deferDurability(c);
            c.commit();
            DEFERRED.get()[0] = true;
        } else {
            c.commit();
            dialect.afterCommit(c);
        }
    }

    /** Runs {@code work}, its commits made durable once at its end ({@link dev.hpm.store.Store#durableOnce}). */
    <T> T durableOnce(String what, Supplier<T> work) {
        if (DEFERRED.isBound()) {
            return work.get();
        }
        boolean[] committed = {false};
        try {
            return ScopedValue.where(DEFERRED, committed).call(work::get);
        } finally {
            if (committed[0]) {
                try (Connection c = connection(what)) {
                    dialect.durable(c);
                } catch (SQLException e) {
                    throw failure(what, e);
                }
            }
        }
    }

    void writeAction(String what, Action action) {
        write(what, c -> {
            action.run(c);
            return null;
        });
    }

    /**
     * Runs {@code work} on an auto-commit connection (each statement sees committed data). Work that
     * manages its own transactions (migrations, bulk loads) uses this too.
     */
    <T> T read(String what, Work<T> work) {
        try (Connection c = connection(what)) {
            return work.run(c);
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    private Connection connection(String what) {
        try {
            return pool.getConnection();
        } catch (SQLTransientConnectionException e) {
            throw new StoreException("cannot " + what + ": no connection to " + description + " within "
                    + CONNECTION_TIMEOUT_MILLIS / 1000 + " s (" + firstLine(e.getMessage()) + "); check that the "
                    + "database is up", e);
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    /** The exception for a failed statement: what was being done, where, and the database's words. */
    StoreException failure(String what, SQLException e) {
        return new StoreException("cannot " + what + " (" + description + "): " + firstLine(e.getMessage()), e);
    }

    private static void rollback(Connection c, Exception cause) {
        try {
            c.rollback();
        } catch (SQLException r) {
            cause.addSuppressed(r);
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no detail";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    @Override
    public void close() {
        pool.close();
    }
}
