package dev.hpm.store.jdbc;

import dev.hpm.store.jdbc.HistoryTables.Table;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where {@link HistoryRows} puts rows: JDBC batches ({@link Batch}, both databases) or PostgreSQL's
 * {@code COPY … FROM STDIN} ({@link Copy}, the bulk path). Rows are written by {@link #flush()} at
 * the latest; the caller commits.
 */
sealed interface RowSink extends AutoCloseable permits RowSink.Batch, RowSink.Copy {

    void add(Table table, Object[] row) throws SQLException;

    /** Writes what is buffered. */
    void flush() throws SQLException;

    @Override
    void close() throws SQLException;

    /** The rows written (flushed or not). */
    long rows();

    /**
     * One prepared insert per table, rows added to its batch and executed every {@value #MAX_BATCH}
     * rows (bounding memory); PostgreSQL's driver rewrites each batch into multi-row inserts
     * ({@code reWriteBatchedInserts}).
     */
    final class Batch implements RowSink {
        static final int MAX_BATCH = 10_000;
        private final Connection c;
        private final Map<Table, PreparedStatement> statements = new LinkedHashMap<>();
        private final Map<Table, Integer> pending = new LinkedHashMap<>();
        private long rows;

        Batch(Connection c) {
            this.c = c;
        }

        @Override
        public void add(Table table, Object[] row) throws SQLException {
            PreparedStatement ps = statements.get(table);
            if (ps == null) {
                ps = c.prepareStatement(table.insert());
                statements.put(table, ps);
            }
            for (int i = 0; i < row.length; i++) {
                bind(ps, i + 1, table.type(i), row[i]);
            }
            ps.addBatch();
            rows++;
            if (pending.merge(table, 1, Integer::sum) >= MAX_BATCH) {
                ps.executeBatch();
                pending.put(table, 0);
            }
        }

        private static void bind(PreparedStatement ps, int index, HistoryTables.Type type, Object value)
                throws SQLException {
            if (value == null) {
                ps.setNull(index, type.jdbc);
                return;
            }
            switch (type) {
                case BIGINT -> ps.setLong(index, ((Number) value).longValue());
                case INTEGER -> ps.setInt(index, ((Number) value).intValue());
                case DOUBLE -> ps.setDouble(index, ((Number) value).doubleValue());
                case VARCHAR -> ps.setString(index, (String) value);
                case BOOLEAN -> ps.setBoolean(index, (Boolean) value);
            }
        }

        @Override
        public void flush() throws SQLException {
            for (Map.Entry<Table, PreparedStatement> e : statements.entrySet()) {
                if (pending.getOrDefault(e.getKey(), 0) > 0) {
                    e.getValue().executeBatch();
                    pending.put(e.getKey(), 0);
                }
            }
        }

        @Override
        public long rows() {
            return rows;
        }

        @Override
        public void close() throws SQLException {
            SQLException first = null;
            for (PreparedStatement ps : statements.values()) {
                try {
                    ps.close();
                } catch (SQLException e) {
                    first = first == null ? e : first;
                }
            }
            if (first != null) {
                throw first;
            }
        }
    }

    /**
     * PostgreSQL's {@code COPY … FROM STDIN} in text format: rows are buffered per table as text and
     * sent with one COPY per table at {@link #flush()} (a connection runs one COPY at a time).
     */
    final class Copy implements RowSink {
        private final CopyManager copy;
        private final Map<Table, StringBuilder> buffers = new LinkedHashMap<>();
        private long rows;

        Copy(Connection c) throws SQLException {
            this.copy = c.unwrap(PGConnection.class).getCopyAPI();
            HistoryTables.ALL.forEach(t -> buffers.put(t, new StringBuilder()));
        }

        @Override
        public void add(Table table, Object[] row) {
            StringBuilder b = buffers.get(table);
            for (int i = 0; i < row.length; i++) {
                if (i > 0) {
                    b.append('\t');
                }
                Object v = row[i];
                if (v == null) {
                    b.append("\\N");
                } else if (v instanceof String s) {
                    escape(b, s);
                } else if (v instanceof Boolean bool) {
                    b.append(bool ? 't' : 'f');
                } else {
                    b.append(v);
                }
            }
            b.append('\n');
            rows++;
        }

        /** COPY text format: backslash, tab, newline and carriage return are escaped. */
        private static void escape(StringBuilder b, String s) {
            for (int i = 0; i < s.length(); i++) {
                char ch = s.charAt(i);
                switch (ch) {
                    case '\\' -> b.append("\\\\");
                    case '\t' -> b.append("\\t");
                    case '\n' -> b.append("\\n");
                    case '\r' -> b.append("\\r");
                    default -> b.append(ch);
                }
            }
        }

        @Override
        public void flush() throws SQLException {
            for (Map.Entry<Table, StringBuilder> e : buffers.entrySet()) {
                StringBuilder b = e.getValue();
                if (b.isEmpty()) {
                    continue;
                }
                Table t = e.getKey();
                try {
                    copy.copyIn("COPY " + t.name() + " (" + t.columnList() + ") FROM STDIN", new StringReader(b.toString()));
                } catch (IOException io) {
                    throw new SQLException("COPY into " + t.name() + " failed: " + io.getMessage(), io);
                }
                b.setLength(0);
            }
        }

        @Override
        public long rows() {
            return rows;
        }

        @Override
        public void close() {
        }
    }
}
