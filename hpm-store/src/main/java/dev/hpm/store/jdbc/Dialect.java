package dev.hpm.store.jdbc;

import com.zaxxer.hikari.HikariConfig;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What differs between the two databases. The schema and almost every statement are shared; the
 * differences are the URL settings, making a commit durable (H2), upserts (PostgreSQL
 * {@code INSERT … ON CONFLICT}, H2 standard {@code MERGE}), deleting in batches, the lock that
 * serialises the start-up of stores between processes, the bulk path (PostgreSQL {@code COPY}) and how a
 * connection failure is explained. Upserts take the same parameters on both databases.
 */
sealed interface Dialect permits Dialect.H2, Dialect.Postgres {

    /** Rows deleted per statement when purging old history. */
    int PURGE_BATCH = 20_000;

    /** The dialect of a JDBC URL that {@link dev.hpm.store.StoreSettings} accepted. */
    static Dialect of(String jdbcUrl) {
        return jdbcUrl.startsWith("jdbc:postgresql:") ? new Postgres() : new H2();
    }

    /** {@code h2} or {@code postgresql}. */
    String name();

    /** The URL the pool connects to (the configured one plus required settings). */
    String connectUrl(String configured);

    void configure(HikariConfig config);

    /**
     * Makes a transaction just committed on {@code c} durable before the caller returns, where the
     * commit alone does not.
     */
    void afterCommit(Connection c) throws SQLException;

    /**
     * Called on {@code c} just before a commit whose durability {@link Database#durableOnce} defers to
     * its end ({@link #durable}): where the database can, the commit then does not wait to be flushed.
     */
    default void deferDurability(Connection c) throws SQLException {
    }

    /**
     * Makes every transaction committed before this call durable (the end of {@link Database#durableOnce}),
     * on a connection in auto-commit mode; by default as {@link #afterCommit} does.
     */
    default void durable(Connection c) throws SQLException {
        afterCommit(c);
    }

    /** {@link dev.hpm.store.Store#serversPerIntervalTransaction}: on H2 one host per transaction. */
    default int serversPerIntervalTransaction() {
        return 1;
    }

    /** For messages: where the data lives, without credentials. */
    String describe(Connection c, String configuredUrl) throws SQLException;

    /** What to do about a failure to connect. */
    String fix(SQLException e);

    /**
     * Serialises the start-up of stores between processes sharing the database (held by {@code c}):
     * taking over a database made before Flyway and seeding the defaults. Flyway takes its own lock
     * for each migration inside it.
     */
    void lockSchema(Connection c) throws SQLException;

    void unlockSchema(Connection c) throws SQLException;

    /**
     * Inserts or updates a server that a host reported. Parameters: uuid, name, host, vcpus,
     * first seen, last seen; an existing row keeps its first seen, description, tags, OS type and level.
     */
    String upsertServer();

    /**
     * Inserts or updates a host that reported. Parameters: id, name, uri, cpus, first seen, last seen;
     * an existing row keeps its name, URI and level, and its first seen unless that is NULL.
     */
    String upsertHost();

    /** Deletes at most {@code ?2} rows of {@code table} with {@code at_ms < ?1}. */
    String deleteOlderThan(String table);

    /** Updates the planner's statistics of {@code table} (after a bulk load). */
    String analyze(String table);

    /** Where the bulk loader puts rows: COPY on PostgreSQL, JDBC batches on H2. */
    RowSink bulkSink(Connection c) throws SQLException;

    /** Hides passwords given in a URL ({@code password=…}). */
    static String redact(String url) {
        return url == null ? null : Pattern.compile("(?i)(password=)[^&;]*").matcher(url).replaceAll("$1***");
    }

    /** The embedded database: H2 2.5, an MVStore file. */
    record H2() implements Dialect {
        /** The schema lock of each H2 database this process opens, by its JDBC URL. */
        private static final java.util.concurrent.ConcurrentMap<String, java.util.concurrent.locks.ReentrantLock> H2_SCHEMA_LOCKS =
                new java.util.concurrent.ConcurrentHashMap<>();

        @Override
        public String name() {
            return "h2";
        }

        /**
         * Adds, unless the URL sets them: {@code LOCK_TIMEOUT=10000} (wait up to 10 s for a row lock;
         * H2's default is 1 s) and {@code COMPRESS=TRUE} (pages compressed with LZF: in the history
         * benchmark the file after a bulk load is less than half the size, and compacted about 15 %
         * smaller). It costs time at fleet size: H2 then splits pages at 64 KB, and at 100,000 servers
         * an interval's write took 2.9–3.1 s with it, 2.1–2.4 s with {@code ;COMPRESS=FALSE} in the URL
         * ({@code ./hpm bench fleet}, docs/history.md); the file was about 1.6 times as large.
         */
        @Override
        public String connectUrl(String configured) {
            String url = configured;
            String upper = url.toUpperCase(Locale.ROOT);
            if (!upper.contains(";LOCK_TIMEOUT=")) {
                url += ";LOCK_TIMEOUT=10000";
            }
            if (!upper.contains(";COMPRESS=")) {
                url += ";COMPRESS=TRUE";
            }
            return url;
        }

        /**
         * {@code CHECKPOINT}: writes what is committed to the file now. H2 (MVStore) otherwise writes
         * committed changes up to {@code WRITE_DELAY} (500 ms) later from a background thread, and a
         * process killed in between loses them. {@code WRITE_DELAY=0} would also write at every commit,
         * but it stops that background thread, which is also what compacts the file (after loading the
         * same 0.8 M rows of history the file was 2.0 GB instead of 0.8 GB).
         */
        @Override
        public void afterCommit(Connection c) throws SQLException {
            try (Statement s = c.createStatement()) {
                s.execute("CHECKPOINT");
            }
        }

        @Override
        public void configure(HikariConfig config) {
        }

        @Override
        public String describe(Connection c, String configuredUrl) {
            String rest = configuredUrl.substring("jdbc:h2:".length());
            int semicolon = rest.indexOf(';');
            String location = semicolon < 0 ? rest : rest.substring(0, semicolon);
            if (location.startsWith("mem:")) {
                return "H2 in-memory database " + location.substring(4);
            }
            if (location.startsWith("tcp:") || location.startsWith("ssl:")) {
                return "H2 server " + redact(location);
            }
            return "H2 file " + (location.startsWith("file:") ? location.substring(5) : location) + ".mv.db";
        }

        @Override
        public String fix(SQLException e) {
            if ("28000".equals(e.getSQLState())) {
                return "check database.user and database.password: the embedded database keeps the user and "
                        + "password it was created with";
            }
            return switch (e.getErrorCode()) {
                case 90020 -> "another process (another hpm serve?) has the database file open; stop it or use another "
                        + "data directory";
                case 90048 -> "the file is not an H2 2.x database or is damaged; restore it from a backup or move it away";
                default -> "check that the data directory exists and that this user may write to it";
            };
        }

        /**
         * An H2 file is opened by one process only (H2 locks the file), but one process may open two
         * stores on it at once (tests do): they take the schema in turn, by the database's URL.
         */
        @Override
        public void lockSchema(Connection c) throws SQLException {
            H2_SCHEMA_LOCKS.computeIfAbsent(c.getMetaData().getURL(), url -> new java.util.concurrent.locks.ReentrantLock())
                    .lock();
        }

        @Override
        public void unlockSchema(Connection c) throws SQLException {
            java.util.concurrent.locks.ReentrantLock lock = H2_SCHEMA_LOCKS.get(c.getMetaData().getURL());
            if (lock != null && lock.isHeldByCurrentThread()) {
                lock.unlock();
            }
        }

        @Override
        public String upsertServer() {
            return """
                    MERGE INTO servers t USING (VALUES (CAST(? AS VARCHAR(64)), CAST(? AS VARCHAR(512)),
                        CAST(? AS VARCHAR(1024)), CAST(? AS INTEGER), CAST(? AS TIMESTAMP WITH TIME ZONE),
                        CAST(? AS TIMESTAMP WITH TIME ZONE))) AS s (uuid, name, host, vcpus, first_seen, last_seen)
                    ON t.uuid = s.uuid
                    WHEN MATCHED THEN UPDATE SET name = s.name, host = s.host, vcpus = s.vcpus, last_seen = s.last_seen
                    WHEN NOT MATCHED THEN INSERT (uuid, name, host, vcpus, description, tags, os_type, first_seen, last_seen)
                        VALUES (s.uuid, s.name, s.host, s.vcpus, '', '[]', '', s.first_seen, s.last_seen)""";
        }

        @Override
        public String upsertHost() {
            return """
                    MERGE INTO hosts t USING (VALUES (CAST(? AS VARCHAR(1024)), CAST(? AS VARCHAR(1024)),
                        CAST(? AS VARCHAR(1024)), CAST(? AS INTEGER), CAST(? AS TIMESTAMP WITH TIME ZONE),
                        CAST(? AS TIMESTAMP WITH TIME ZONE))) AS s (id, name, uri, cpus, first_seen, last_seen)
                    ON t.id = s.id
                    WHEN MATCHED THEN UPDATE SET cpus = s.cpus, first_seen = COALESCE(t.first_seen, s.first_seen),
                        last_seen = s.last_seen
                    WHEN NOT MATCHED THEN INSERT (id, name, uri, cpus, first_seen, last_seen)
                        VALUES (s.id, s.name, s.uri, s.cpus, s.first_seen, s.last_seen)""";
        }

        @Override
        public String deleteOlderThan(String table) {
            return "DELETE FROM " + table + " WHERE at_ms < ? LIMIT ?";
        }

        @Override
        public RowSink bulkSink(Connection c) {
            return new RowSink.Batch(c);
        }

        @Override
        public String analyze(String table) {
            return "ANALYZE TABLE " + table;
        }
    }

    /** PostgreSQL 15 or newer, for shared state between managers. */
    record Postgres() implements Dialect {
        /** Key of the advisory lock held while a store starts ("HPMS"); Flyway's own lock has another key. */
        private static final long SCHEMA_LOCK = 0x48504D53L;

        @Override
        public String name() {
            return "postgresql";
        }

        @Override
        public String connectUrl(String configured) {
            return configured;
        }

        /** Nothing to do: a commit returns when its WAL record is flushed ({@code synchronous_commit} on). */
        @Override
        public void afterCommit(Connection c) {
        }

        /**
         * {@code SET LOCAL synchronous_commit TO OFF}: this commit returns without waiting for its WAL
         * record to reach the disk (PostgreSQL's asynchronous commit: the transaction is atomic and
         * consistent, only its durability waits, at most three {@code wal_writer_delay}s).
         */
        @Override
        public void deferDurability(Connection c) throws SQLException {
            try (Statement s = c.createStatement()) {
                s.execute("SET LOCAL synchronous_commit TO OFF");
            }
        }

        /**
         * One synchronous commit of a transaction that has an ID ({@code SELECT txid_current()} assigns
         * one, so its commit writes a WAL record and waits for the flush): WAL is flushed in order, so
         * every asynchronous commit before it is on disk when it returns. One flush for an interval's
         * 2,000 host transactions instead of one each (docs/history.md).
         */
        @Override
        public void durable(Connection c) throws SQLException {
            try (Statement s = c.createStatement()) {
                s.execute("SELECT txid_current()");
            }
        }

        /**
         * 2,500: at 100,000 servers on 2,000 hosts a transaction per host cost about seven round trips
         * per host; 50 such hosts to a transaction took the interval's write from 2.5 to 1.6 s.
         */
        @Override
        public int serversPerIntervalTransaction() {
            return 2_500;
        }

        /** Rewrites batches of inserts into multi-row inserts; bounded connect time; names the client. */
        @Override
        public void configure(HikariConfig config) {
            config.addDataSourceProperty("reWriteBatchedInserts", "true");
            config.addDataSourceProperty("connectTimeout", "10");
            config.addDataSourceProperty("tcpKeepAlive", "true");
            config.addDataSourceProperty("ApplicationName", "hpm");
        }

        @Override
        public String describe(Connection c, String configuredUrl) throws SQLException {
            String rest = configuredUrl.substring("jdbc:postgresql:".length());
            rest = rest.startsWith("//") ? rest.substring(2) : rest;
            int query = rest.indexOf('?');
            String version = c.getMetaData().getDatabaseProductVersion().split(" ")[0];
            return "PostgreSQL " + version + " at "
                    + (query < 0 ? rest : rest.substring(0, query));
        }

        @Override
        public String fix(SQLException e) {
            String state = e.getSQLState() == null ? "" : e.getSQLState();
            if (state.startsWith("28")) {
                return "check database.user and database.password, and that pg_hba.conf lets this user connect";
            }
            if (state.equals("3D000")) {
                return "create the database (createdb -O USER DB) or correct database.url";
            }
            if (state.startsWith("08")) {
                return "check that PostgreSQL runs at that host and port and accepts TCP connections from this "
                        + "machine (listen_addresses, pg_hba.conf, firewalls)";
            }
            return "check database.url, database.user and database.password";
        }

        @Override
        public void lockSchema(Connection c) throws SQLException {
            try (var ps = c.prepareStatement("SELECT pg_advisory_lock(?)")) {
                ps.setLong(1, SCHEMA_LOCK);
                ps.execute();
            }
        }

        @Override
        public void unlockSchema(Connection c) throws SQLException {
            try (var ps = c.prepareStatement("SELECT pg_advisory_unlock(?)")) {
                ps.setLong(1, SCHEMA_LOCK);
                ps.execute();
            }
        }

        @Override
        public String upsertServer() {
            return """
                    INSERT INTO servers (uuid, name, host, vcpus, first_seen, last_seen, description, tags, os_type)
                    VALUES (?, ?, ?, ?, ?, ?, '', '[]', '')
                    ON CONFLICT (uuid) DO UPDATE SET name = EXCLUDED.name, host = EXCLUDED.host,
                        vcpus = EXCLUDED.vcpus, last_seen = EXCLUDED.last_seen""";
        }

        @Override
        public String upsertHost() {
            return """
                    INSERT INTO hosts (id, name, uri, cpus, first_seen, last_seen) VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT (id) DO UPDATE SET cpus = EXCLUDED.cpus,
                        first_seen = COALESCE(hosts.first_seen, EXCLUDED.first_seen), last_seen = EXCLUDED.last_seen""";
        }

        @Override
        public String deleteOlderThan(String table) {
            return "DELETE FROM " + table + " WHERE ctid = ANY (ARRAY(SELECT ctid FROM " + table
                    + " WHERE at_ms < ? LIMIT ?))";
        }

        @Override
        public RowSink bulkSink(Connection c) throws SQLException {
            return new RowSink.Copy(c);
        }

        @Override
        public String analyze(String table) {
            return "ANALYZE " + table;
        }
    }
}
