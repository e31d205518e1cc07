package dev.hpm.store.jdbc;

import dev.hpm.core.time.Timebase;
import dev.hpm.store.AdjustmentRepository;
import dev.hpm.store.AuditLog;
import dev.hpm.store.DefinitionRepository;
import dev.hpm.store.HistoryRepository;
import dev.hpm.store.InventoryRepository;
import dev.hpm.store.PlanRepository;
import dev.hpm.store.PoolRepository;
import dev.hpm.store.Store;
import dev.hpm.store.StoreException;
import dev.hpm.store.StoreSettings;
import dev.hpm.store.UserRepository;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * The {@link Store} on JDBC: an embedded H2 file or PostgreSQL, through a HikariCP pool. Opening it
 * connects, migrates the schema with Flyway ({@link SchemaMigrations}; a database made before Flyway
 * is taken over in place) and creates what a new store starts with (the {@code default} group, the
 * default velocity mapping and management level), all under the dialect's start-up lock, so that
 * managers starting together on one PostgreSQL take over and seed once. Every write commits before it returns, and the commit is durable: on H2 a
 * {@code CHECKPOINT} writes it to the file before the method returns, so it survives {@code kill -9}
 * of the process. Thread-safe.
 */
public final class JdbcStore implements Store {
    private final Database db;
    private final StoreSettings settings;
    private final Timebase time;
    private final int schemaVersion;
    private final JdbcDefinitions definitions;
    private final JdbcInventory inventory;
    private final JdbcUsers users;
    private final JdbcAudit audit;
    private final JdbcHistory history;
    private final JdbcAdjustments adjustments;
    private final JdbcPools pools;
    private final JdbcPlans plans;
    private final JdbcBalancing balancing;
    private final JdbcCluster cluster;
    private final JdbcOriginals originals;
    private volatile boolean closed;
    private Thread catchUp;

    private JdbcStore(Database db, StoreSettings settings, Timebase time, int schemaVersion) {
        this.db = db;
        this.settings = settings;
        this.time = time;
        this.schemaVersion = schemaVersion;
        this.definitions = new JdbcDefinitions(db, time);
        this.inventory = new JdbcInventory(db);
        this.users = new JdbcUsers(db, time);
        this.audit = new JdbcAudit(db, time);
        this.history = new JdbcHistory(db, settings, time);
        this.adjustments = new JdbcAdjustments(db);
        this.pools = new JdbcPools(db, time);
        this.plans = new JdbcPlans(db, time);
        this.balancing = new JdbcBalancing(db, time);
        this.cluster = new JdbcCluster(db);
        this.originals = new JdbcOriginals(db);
    }

    /**
     * Opens (and if needed creates or migrates) the store.
     *
     * @throws StoreException if the database cannot be reached (the message names the URL, never the
     *                        password, and the fix) or its schema is newer than this code
     */
    public static JdbcStore open(StoreSettings settings, Timebase time) {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(time, "time");
        Database db = Database.open(settings);
        try {
            int version = db.read("migrate the schema", c -> {
                db.dialect().lockSchema(c);
                try {
                    int v = SchemaMigrations.migrate(c, settings, db.dialect(), db.description());
                    c.setAutoCommit(false);
                    JdbcDefinitions.seed(c, time);
                    JdbcInventory.seed(c);
                    db.commit(c);
                    return v;
                } catch (Exception e) {
                    if (!c.getAutoCommit()) {
                        c.rollback();
                    }
                    throw e;
                } finally {
                    c.setAutoCommit(true);
                    db.dialect().unlockSchema(c);
                }
            });
            JdbcStore store = new JdbcStore(db, settings, time, version);
            if (store.history.rollupsBehind(time.now())) {
                store.startCatchUp();
            }
            return store;
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    @Override
    public DefinitionRepository definitions() {
        return definitions;
    }

    @Override
    public InventoryRepository inventory() {
        return inventory;
    }

    @Override
    public UserRepository users() {
        return users;
    }

    @Override
    public AuditLog audit() {
        return audit;
    }

    @Override
    public HistoryRepository history() {
        return history;
    }

    @Override
    public AdjustmentRepository adjustments() {
        return adjustments;
    }

    @Override
    public PoolRepository pools() {
        return pools;
    }

    @Override
    public PlanRepository plans() {
        return plans;

    }

    @Override
    public dev.hpm.store.BalancingRepository balancing() {
        return balancing;
    }

    @Override
    public dev.hpm.store.ClusterRepository cluster() {
        return cluster;
    }

    @Override
    public dev.hpm.store.OriginalsRepository originals() {
        return originals;
    }

    @Override
    public <T> T audited(AuditLog.Record entry, Supplier<T> change) {
        Objects.requireNonNull(entry.action(), "action");
        return db.audited(entry, time.now(), change);
    }

    @Override
    public <T> T inOneTransaction(String what, Supplier<T> work) {
        return db.transaction(what, work);
    }

    @Override
    public <T> T durableOnce(String what, Supplier<T> work) {
        return db.durableOnce(what, work);
    }

    @Override
    public int serversPerIntervalTransaction() {
        return db.dialect().serversPerIntervalTransaction();
    }

    @Override
    public String describe() {
        return db.description();
    }

    @Override
    public int schemaVersion() {
        return schemaVersion;
    }

    /** The fast path for loading much history (benchmarks, imports): COPY on PostgreSQL, large batches on H2. */
    public HistoryBulkLoader bulkLoader() {
        return new HistoryBulkLoader(db, history::forgetCached);
    }

    /**
     * Deletes history and adjustments older than the retention ({@link StoreSettings#retention()})
     * before the store's clock's now; returns the rows deleted. The server calls this periodically.
     */
    public long purgeExpired() {
        return history.purgeBefore(time.now().minus(settings.retention())) + history.purgeRollups(time.now());
    }

    /** Rolls up the history not rolled up yet (after the migration to V10: all of it) on a thread of its own. */
    private void startCatchUp() {
        catchUp = Thread.ofVirtual().name("hpm-history-rollup").start(() -> history.catchUp(time::now, () -> closed));
    }

    @Override
    public void close() {
        closed = true;
        try {
            if (catchUp != null) {
                catchUp.join(java.time.Duration.ofSeconds(60));
            }
            history.awaitBackground(java.time.Duration.ofSeconds(60));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        db.close();
    }

    @Override
    public String toString() {
        return "JdbcStore[" + db.description() + ", schema " + schemaVersion + "]";
    }
}
