package dev.hpm.store.jdbc;

import dev.hpm.core.time.Timebase;
import dev.hpm.store.AuditLog;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** The audit log in {@code audit_log}: appended with the store's clock, never changed, not purged. */
final class JdbcAudit implements AuditLog {
    private final Database db;
    private final Timebase time;

    JdbcAudit(Database db, Timebase time) {
        this.db = db;
        this.time = time;
    }

    @Override
    public void append(String user, String action, String target, String detail) {
        Objects.requireNonNull(action, "action");
        Instant now = time.now();
        db.writeAction("append to the audit log (" + action + ")",
                c -> insert(c, new Record(user, action, target, detail), now));
    }

    /** Inserts {@code entry} in the transaction of {@code c}. */
    static void insert(Connection c, Record entry, Instant at) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO audit_log (at, user_name, action, target, detail) VALUES (?, ?, ?, ?, ?)")) {
            Sql.setInstant(ps, 1, at);
            ps.setString(2, Sql.text(entry.user()));
            ps.setString(3, entry.action());
            ps.setString(4, Sql.text(entry.target()));
            ps.setString(5, Sql.text(entry.detail()));
            ps.executeUpdate();
        }
    }

    @Override
    public List<Entry> query(Instant from, Instant to, int limit) {
        return db.read("read the audit log", c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT id, at, user_name, action, target, detail FROM audit_log
                    WHERE at >= ? AND at < ? ORDER BY at DESC, id DESC FETCH FIRST ? ROWS ONLY""")) {
                Sql.setInstant(ps, 1, from == null ? Instant.EPOCH : from);
                Sql.setInstant(ps, 2, to == null ? Instant.parse("9999-12-31T00:00:00Z") : to);
                ps.setInt(3, limit <= 0 ? Integer.MAX_VALUE : limit);
                List<Entry> entries = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        entries.add(new Entry(rs.getLong("id"), Sql.instant(rs, "at"), rs.getString("user_name"),
                                rs.getString("action"), rs.getString("target"), rs.getString("detail")));
                    }
                }
                return entries;
            }
        });
    }
}
