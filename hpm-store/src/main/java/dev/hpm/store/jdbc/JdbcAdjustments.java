package dev.hpm.store.jdbc;

import dev.hpm.core.cpu.Adjustment;
import dev.hpm.core.cpu.ClassProjection;
import dev.hpm.core.cpu.ShareChange;
import dev.hpm.core.model.ClassKey;
import dev.hpm.core.model.Importance;
import dev.hpm.store.AdjustmentRepository;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Adjustments in {@code adjustments} (host, receiver, reason), {@code adjustment_donors} and
 * {@code adjustment_changes} (in their order), so that every part is queryable and the
 * {@link Adjustment} comes back exactly as appended: doubles are stored as such, a NaN PI as NULL, a
 * cap of +∞ as NULL. The efficacy record's achieved PI is set by {@link #achieved} an interval later. Times are kept to the millisecond. A query's limit of 0 or less means no limit.
 */
final class JdbcAdjustments implements AdjustmentRepository {
    /** Children are read for this many adjustments per statement. */
    private static final int CHILD_CHUNK = 500;

    private final Database db;

    JdbcAdjustments(Database db) {
        this.db = db;
    }

    @Override
    public long append(Instant at, Adjustment a) {
        long[] stored = new long[1];
        db.writeAction("record an adjustment on host " + a.host(), c -> {
            long id;
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO adjustments (at_ms, host, receiver_group, receiver_class, receiver_importance,
                        receiver_discretionary, pi_before, pi_projected, reason)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""", new String[]{"id"})) {
                ps.setLong(1, at.toEpochMilli());
                ps.setString(2, a.host());
                bindProjection(ps, 3, a.receiver());
                ps.setString(9, Sql.text(a.reason()));
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    id = keys.getLong(1);
                }
            }
            insertDonors(c, id, a.donors());
            insertChanges(c, id, a.changes());
            stored[0] = id;
        });
        return stored[0];
    }

    @Override
    public void achieved(long id, double piAchieved) {
        db.writeAction("record the PI achieved by adjustment " + id, c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE adjustments SET pi_achieved = ? WHERE id = ?")) {
                Sql.setDouble(ps, 1, piAchieved);
                ps.setLong(2, id);
                ps.executeUpdate();
            }
        });
    }

    /** Parameters {@code first} … {@code first + 5}: group, class, importance, discretionary, PI before and projected. */
    private static void bindProjection(PreparedStatement ps, int first, ClassProjection p) throws SQLException {
        ps.setString(first, p.serviceClass().group());
        ps.setString(first + 1, p.serviceClass().serviceClass());
        ps.setString(first + 2, p.importance() == null ? null : p.importance().label());
        ps.setBoolean(first + 3, p.discretionary());
        Sql.setDouble(ps, first + 4, p.piBefore());
        Sql.setDouble(ps, first + 5, p.piProjected());
    }

    private static void insertDonors(Connection c, long id, List<ClassProjection> donors) throws SQLException {
        if (donors.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO adjustment_donors (adjustment_id, seq, group_name, class_name, importance, discretionary,
                    pi_before, pi_projected)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")) {
            for (int i = 0; i < donors.size(); i++) {
                ps.setLong(1, id);
                ps.setInt(2, i);
                bindProjection(ps, 3, donors.get(i));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static void insertChanges(Connection c, long id, List<ShareChange> changes) throws SQLException {
        if (changes.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO adjustment_changes (adjustment_id, seq, uuid, name, group_name, class_name, role,
                    shares_before, shares_after, cap_before, cap_after)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
            for (int i = 0; i < changes.size(); i++) {
                ShareChange s = changes.get(i);
                ps.setLong(1, id);
                ps.setInt(2, i);
                ps.setString(3, s.uuid());
                ps.setString(4, Sql.text(s.name()));
                if (s.serviceClass() == null) {
                    ps.setNull(5, Types.VARCHAR);
                    ps.setNull(6, Types.VARCHAR);
                } else {
                    ps.setString(5, s.serviceClass().group());
                    ps.setString(6, s.serviceClass().serviceClass());
                }
                ps.setString(7, s.role().name());
                ps.setLong(8, s.sharesBefore());
                ps.setLong(9, s.sharesAfter());
                Sql.setCap(ps, 10, s.capBefore());
                Sql.setCap(ps, 11, s.capAfter());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    @Override
    public List<Stored> query(Query q) {
        StringBuilder sql = new StringBuilder("SELECT id, at_ms, host, receiver_group, receiver_class, receiver_importance, "
                + "receiver_discretionary, pi_before, pi_projected, pi_achieved, reason FROM adjustments a WHERE 1 = 1");
        List<Object> params = new ArrayList<>();
        if (q.from() != null) {
            sql.append(" AND at_ms >= ?");
            params.add(q.from().toEpochMilli());
        }
        if (q.to() != null) {
            sql.append(" AND at_ms < ?");
            params.add(q.to().toEpochMilli());
        }
        if (q.host() != null) {
            sql.append(" AND host = ?");
            params.add(q.host());
        }
        if (q.group() != null) {
            sql.append(" AND (receiver_group = ? OR EXISTS (SELECT 1 FROM adjustment_donors d "
                    + "WHERE d.adjustment_id = a.id AND d.group_name = ?))");
            params.add(q.group());
            params.add(q.group());
        }
        if (q.server() != null) {
            sql.append(" AND EXISTS (SELECT 1 FROM adjustment_changes s WHERE s.adjustment_id = a.id "
                    + "AND (s.uuid = ? OR s.name = ?))");
            params.add(q.server());
            params.add(q.server());
        }
        sql.append(" ORDER BY at_ms DESC, id DESC FETCH FIRST ? ROWS ONLY");
        params.add(q.limit() <= 0 ? Integer.MAX_VALUE : q.limit());
        return db.read("read the adjustments", c -> {
            List<Row> rows = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                for (int i = 0; i < params.size(); i++) {
                    ps.setObject(i + 1, params.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.add(new Row(rs.getLong("id"), Instant.ofEpochMilli(rs.getLong("at_ms")),
                                rs.getString("host"), projection(rs, "receiver_group", "receiver_class",
                                "receiver_importance", "receiver_discretionary"), rs.getString("reason"),
                                Sql.doubleOrNaN(rs, "pi_achieved")));
                    }
                }
            }
            Map<Long, List<ClassProjection>> donors = new HashMap<>();
            Map<Long, List<ShareChange>> changes = new HashMap<>();
            for (int from = 0; from < rows.size(); from += CHILD_CHUNK) {
                List<Row> chunk = rows.subList(from, Math.min(rows.size(), from + CHILD_CHUNK));
                readDonors(c, chunk, donors);
                readChanges(c, chunk, changes);
            }
            return rows.stream().map(r -> new Stored(r.id(), r.at(), new Adjustment(r.host(), r.receiver(),
                    donors.getOrDefault(r.id(), List.of()), changes.getOrDefault(r.id(), List.of()), r.reason()),
                    r.piAchieved())).toList();
        });
    }

    /** An adjustment's own row. */
    private record Row(long id, Instant at, String host, ClassProjection receiver, String reason, double piAchieved) {
    }

    private static ClassProjection projection(ResultSet rs, String group, String serviceClass, String importance,
                                              String discretionary) throws SQLException {
        String imp = rs.getString(importance);
        return new ClassProjection(new ClassKey(rs.getString(group), rs.getString(serviceClass)),
                imp == null ? null : Importance.parse(imp, importance), rs.getBoolean(discretionary),
                Sql.doubleOrNaN(rs, "pi_before"), Sql.doubleOrNaN(rs, "pi_projected"));
    }

    private static String ids(List<Row> rows) {
        return "(" + "?, ".repeat(rows.size() - 1) + "?)";
    }

    private static void bindIds(PreparedStatement ps, List<Row> rows) throws SQLException {
        for (int i = 0; i < rows.size(); i++) {
            ps.setLong(i + 1, rows.get(i).id());
        }
    }

    private static void readDonors(Connection c, List<Row> rows, Map<Long, List<ClassProjection>> into)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT adjustment_id, group_name, class_name, importance, "
                + "discretionary, pi_before, pi_projected FROM adjustment_donors WHERE adjustment_id IN " + ids(rows)
                + " ORDER BY adjustment_id, seq")) {
            bindIds(ps, rows);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    into.computeIfAbsent(rs.getLong("adjustment_id"), k -> new ArrayList<>())
                            .add(projection(rs, "group_name", "class_name", "importance", "discretionary"));
                }
            }
        }
    }

    private static void readChanges(Connection c, List<Row> rows, Map<Long, List<ShareChange>> into)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT adjustment_id, uuid, name, group_name, class_name, role, "
                + "shares_before, shares_after, cap_before, cap_after FROM adjustment_changes WHERE adjustment_id IN "
                + ids(rows) + " ORDER BY adjustment_id, seq")) {
            bindIds(ps, rows);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String group = rs.getString("group_name");
                    into.computeIfAbsent(rs.getLong("adjustment_id"), k -> new ArrayList<>()).add(new ShareChange(
                            rs.getString("uuid"), rs.getString("name"),
                            group == null ? null : new ClassKey(group, rs.getString("class_name")),
                            ShareChange.Role.valueOf(rs.getString("role")), rs.getLong("shares_before"),
                            rs.getLong("shares_after"), Sql.cap(rs, "cap_before"), Sql.cap(rs, "cap_after")));
                }
            }
        }
    }
}
