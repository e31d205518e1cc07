package dev.hpm.store.jdbc;

import dev.hpm.core.loop.IntervalReport;
import dev.hpm.core.time.Timebase;
import dev.hpm.store.HistoryRepository;
import dev.hpm.store.HistoryRepository.ClassPoint;
import dev.hpm.store.HistoryRepository.GroupPoint;
import dev.hpm.store.StoreSettings;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Metric history in {@code host_history}, {@code class_history} and {@code server_history} (see
 * {@link HistoryRows} for what a report becomes, {@link HistoryQueries} for the queries).
 * {@link #record} writes one interval of every host in one transaction, with one JDBC batch per
 * table, and counts the rows it committed ({@link #written}). {@link #purgeBefore} deletes in batches of {@value Dialect#PURGE_BATCH} rows, each batch
 * committed on its own, so that it never holds long locks or builds a huge transaction.
 */
final class JdbcHistory implements HistoryRepository {
    /** Tables purged by time; children of {@code adjustments} go with their parent (ON DELETE CASCADE). */
    private static final List<String> PURGED = List.of("server_history", "class_history", "host_history", "adjustments");

    private final Database db;
    private final HistoryQueries queries;
    private final ClassHistory classes;
    private final HistoryRollups rollups;
    private final StoreSettings retention;
    /** The store's clock: what a query's range reaches back to ({@link ResolutionPlan#requireAnswerable}). */
    private final Timebase time;
    private final BucketCache<GroupPoint> groupBuckets = new BucketCache<>(GroupPoint::at);
    private final BucketCache<ClassPoint> classBuckets = new BucketCache<>(ClassPoint::at);
    private Written written = new Written(0, 0);
    /** The interval time of the last call: calls for the same interval (host by host) add up in {@code lastRows}. */
    private long writtenAt = Long.MIN_VALUE;

    JdbcHistory(Database db, StoreSettings retention, Timebase time) {
        this.db = db;
        this.retention = retention;
        this.time = time;
        this.queries = new HistoryQueries(db, groupBuckets, () -> rollups().rolledTo());
        this.classes = new ClassHistory(db, classBuckets, () -> rollups().rolledTo());
        this.rollups = new HistoryRollups(db);
    }

    private HistoryRollups rollups() {
        return rollups;
    }

    /**
     * Rolls up, {@link HistoryRollups#MAX_SPAN} at a time, until everything complete at {@code now}
     * is rolled up or {@code stop} says so (the backfill after the migration, on a thread of its own).
     */
    void catchUp(java.util.function.Supplier<Instant> now, java.util.function.BooleanSupplier stop) {
        while (!stop.getAsBoolean() && !rollups.caughtUp(now.get().toEpochMilli())) {
            long before = rollups.progress();
            rollUp(now.get());
            if (rollups.progress() == before) {
                return; // nothing done (being rolled up here already, or it failed): the intervals go on
            }
        }
    }

    /** Whether a catch-up is worth a thread ({@link HistoryRollups#behind}). */
    boolean rollupsBehind(Instant now) {
        return rollups.behind(now.toEpochMilli());
    }

    /** Set while a roll-up of {@link #rollUpInBackground} runs. */
    private final java.util.concurrent.atomic.AtomicBoolean rollingInBackground = new java.util.concurrent.atomic.AtomicBoolean();
    private volatile Thread background;

    @Override
    public void rollUpInBackground(Instant at) {
        if (rollups.caughtUp(at.toEpochMilli()) || !rollingInBackground.compareAndSet(false, true)) {
            return;
        }
        background = Thread.ofVirtual().name("hpm-history-rollup").start(() -> {
            try {
                rollUp(at);
            } finally {
                rollingInBackground.set(false);
            }
        });
    }

    /** Waits up to {@code wait} for a roll-up of {@link #rollUpInBackground} to end (the store closes). */
    void awaitBackground(java.time.Duration wait) throws InterruptedException {
        Thread t = background;
        if (t != null) {
            t.join(wait);
        }
    }

    /** A failure is logged, not thrown: the raw rows are committed, and the next interval rolls up what is left. */
    @Override
    public long rollUp(Instant at) {
        try {
            return rollups.landed(at.toEpochMilli());
        } catch (RuntimeException e) {
            System.getLogger(JdbcHistory.class.getName()).log(System.Logger.Level.WARNING,
                    "could not roll up the history: " + e.getMessage());
            return 0;
        }
    }

    /** Forgets cached history (after rows were written other than by {@link #record}: a bulk load). */
    void forgetCached() {
        groupBuckets.clear();
        classBuckets.clear();
    }

    @Override
    public void record(List<IntervalReport> reports) {
        if (!reports.isEmpty()) {
            record(reports, Instant.ofEpochMilli(reports.stream().mapToLong(r -> r.time().toEpochMilli()).max().orElseThrow()));
        }
    }

    @Override
    public void record(List<IntervalReport> reports, Instant intervalAt) {
        if (reports.isEmpty()) {
            return;
        }
        long at = intervalAt.toEpochMilli();
        long rows = db.write("record the history of " + reports.size() + " host" + (reports.size() == 1 ? "" : "s")
                + " at " + reports.getFirst().time(), c -> {
            try (RowSink sink = new RowSink.Batch(c)) {
                HistoryRows.write(at, reports, sink);
                sink.flush();
                return sink.rows();
            }
        });
        groupBuckets.recorded(at, at);
        classBuckets.recorded(at, at);
        synchronized (this) { // written (committed with the caller's transaction, if any): count them
            written = new Written(at == writtenAt ? written.lastRows() + rows : rows, written.totalRows() + rows);
            writtenAt = at;
        }
        if (!db.inTransaction()) { // else the caller's transaction commits the rows, and it calls rollUp after
            rollUp(intervalAt);
        }
    }

    @Override
    public synchronized Written written() {
        return written;
    }

    @Override
    public List<HostPoint> hosts(String host, Instant from, Instant to, Duration bucket) {
        requireAnswerable(from, to, bucket);
        return queries.hosts(host, from, to, bucket);
    }

    @Override
    public List<ClassPoint> classes(String group, Instant from, Instant to, Duration bucket, boolean overHosts) {
        requireAnswerable(from, to, bucket);
        return classes.classes(group, from, to, bucket, overHosts);
    }

    @Override
    public List<GroupPoint> groups(String group, Instant from, Instant to, Duration bucket) {
        requireAnswerable(from, to, bucket);
        return queries.groups(group, from, to, bucket);
    }

    @Override
    public List<ServerPoint> servers(String uuid, Instant from, Instant to, Duration bucket) {
        requireAnswerable(from, to, bucket);
        return queries.servers(uuid, from, to, bucket);
    }

    private void requireAnswerable(Instant from, Instant to, Duration bucket) {
        ResolutionPlan.requireAnswerable(HistoryQueries.Range.of(from, to, bucket), time.now(), retention);
    }

    @Override
    public List<RawServerPoint> rawServers(String uuid, Instant from, Instant to) {
        return queries.rawServers(uuid, from, to);
    }

    @Override
    public List<RawHostPoint> rawHosts(String host, Instant from, Instant to) {
        return queries.rawHosts(host, from, to);
    }

    /** Deletes the roll-ups older than their retentions before {@code now} ({@link StoreSettings#retention5m()}, {@link StoreSettings#retention1h()}). */
    @Override
    public long purgeRollups(Instant now) {
        java.util.Map<HistoryRollups.Resolution, Long> cutoffs = new java.util.EnumMap<>(HistoryRollups.Resolution.class);
        cutoffs.put(HistoryRollups.Resolution.FIVE_MINUTES, now.minus(retention.retention5m()).toEpochMilli());
        cutoffs.put(HistoryRollups.Resolution.HOUR, now.minus(retention.retention1h()).toEpochMilli());
        return rollups.purge(cutoffs);
    }

    @Override
    public long purgeBefore(Instant before) {
        long cutoff = before.toEpochMilli();
        groupBuckets.purged(cutoff);
        classBuckets.purged(cutoff);
        long deleted = 0;
        for (String table : PURGED) {
            String sql = db.dialect().deleteOlderThan(table);
            int n;
            do {
                n = db.write("delete " + table + " rows before " + before, (Connection c) -> {
                    try (PreparedStatement ps = c.prepareStatement(sql)) {
                        ps.setLong(1, cutoff);
                        ps.setInt(2, Dialect.PURGE_BATCH);
                        return ps.executeUpdate();
                    }
                });
                deleted += n;
            } while (n >= Dialect.PURGE_BATCH);
        }
        return deleted;
    }
}
