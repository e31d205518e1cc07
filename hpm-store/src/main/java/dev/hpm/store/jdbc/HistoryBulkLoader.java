package dev.hpm.store.jdbc;

import dev.hpm.core.loop.IntervalReport;

import java.sql.SQLException;
import java.sql.Statement;
import java.util.Iterator;
import java.util.List;

/**
 * Loads a lot of history fast, for benchmarks and imports: the same rows as
 * {@link dev.hpm.store.HistoryRepository#record} writes, but through PostgreSQL's {@code COPY} (H2:
 * JDBC batches of {@value RowSink.Batch#MAX_BATCH} rows) on one connection, committed every
 * {@value #COMMIT_ROWS} rows instead of once per interval. A failure rolls back only the rows since
 * the last commit. At the end the tables are analysed, so that queries are planned for their new
 * size. Obtain one from {@link JdbcStore#bulkLoader()}.
 */
public final class HistoryBulkLoader {
    /** Rows written between commits (and, on PostgreSQL, per COPY). */
    public static final int COMMIT_ROWS = 200_000;

    private final Database db;
    private final Runnable loaded;

    /** {@code loaded} runs after a load (whether it succeeded or not): the store forgets history it cached. */
    HistoryBulkLoader(Database db, Runnable loaded) {
        this.db = db;
        this.loaded = loaded;
    }

    /**
     * Writes {@code intervals}, each the reports of one interval of every host (as {@code record}
     * takes them), and returns the rows written.
     */
    public long load(Iterator<List<IntervalReport>> intervals) {
        try {
            return write(intervals);
        } finally {
            loaded.run();
        }
    }

    private long write(Iterator<List<IntervalReport>> intervals) {
        return db.read("bulk-load history", c -> {
            c.setAutoCommit(false);
            try (RowSink sink = db.dialect().bulkSink(c)) {
                long committed = 0;
                while (intervals.hasNext()) {
                    HistoryRows.write(intervals.next(), sink);
                    if (sink.rows() - committed >= COMMIT_ROWS) {
                        sink.flush();
                        db.commit(c);
                        committed = sink.rows();
                    }
                }
                sink.flush();
                db.commit(c);
                try (Statement s = c.createStatement()) {
                    for (HistoryTables.Table t : HistoryTables.ALL) {
                        s.execute(db.dialect().analyze(t.name()));
                    }
                }
                db.commit(c);
                return sink.rows();
            } catch (SQLException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException r) {
                    e.addSuppressed(r);
                }
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        });
    }
}
