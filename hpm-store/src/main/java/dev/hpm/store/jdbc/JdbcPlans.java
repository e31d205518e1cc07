package dev.hpm.store.jdbc;

import dev.hpm.core.model.Problems;
import dev.hpm.core.time.Timebase;
import dev.hpm.store.NotFoundException;
import dev.hpm.store.PlanRepository;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@link PlanRepository} in {@code pool_plans}, {@code pool_plan_actions} and {@code migrations}
 * (schema 003). A plan is written whole (its row and its actions) in one transaction.
 */
final class JdbcPlans implements PlanRepository {
    private static final String SELECT = "SELECT id, pool_id, created, updated, status, goal, summary, before_ef, "
            + "projected, achieved FROM pool_plans";
    private static final String SELECT_MIGRATIONS = "SELECT * FROM migrations";

    private final Database db;
    private final Timebase time;

    JdbcPlans(Database db, Timebase time) {
        this.db = db;
        this.time = time;
    }

    @Override
    public void save(PlanRecord plan) {
        check(plan);
        db.writeAction("save plan " + plan.id(), c -> write(c, plan));
    }

    /** Every problem of a plan before it is written. */
    static void check(PlanRecord plan) {
        Problems p = new Problems();
        if (plan.id() == null || plan.id().isBlank()) {
            p.add("id", "", "give the plan an id");
        }
        if (plan.status() == null) {
            p.add("status", "", "give the plan a status");
        }
        if (plan.created() == null) {
            p.add("created", "", "give the time the plan was made");
        }
        for (String[] doc : new String[][]{{"before", plan.before()}, {"projected", plan.projected()}}) {
            if (doc[1] == null || !doc[1].startsWith("{")) {
                p.add(doc[0], doc[1] == null ? "" : doc[1], "give an efficacy document (a JSON object)");
            }
        }
        for (int i = 0; i < plan.actions().size(); i++) {
            ActionRecord a = plan.actions().get(i);
            if (a.index() != i) {
                p.add("actions[" + i + "].index", a.index(), "number the actions from 0 in order");
            }
            if (a.kind() == null || a.state() == null) {
                p.add("actions[" + i + "]", a, "give the action a kind and a state");
            }
            if (!(a.progress() >= 0 && a.progress() <= 1)) {
                p.add("actions[" + i + "].progress", a.progress(), "use 0 to 1");
            }
        }
        p.throwIfAny();
    }

    private void write(Connection c, PlanRecord plan) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM server_pools WHERE id = ?")) {
            ps.setString(1, plan.pool());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new NotFoundException("there is no server pool " + plan.pool() + " for plan " + plan.id());
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM pool_plans WHERE id = ?")) {
            ps.setString(1, plan.id());
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO pool_plans (id, pool_id, created, updated, status, "
                + "goal, summary, before_ef, projected, achieved) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, plan.id());
            ps.setString(2, plan.pool());
            Sql.setInstant(ps, 3, plan.created());
            Sql.setInstant(ps, 4, plan.updated() == null ? time.now() : plan.updated());
            ps.setString(5, plan.status().name());
            ps.setString(6, Sql.text(plan.goal()));
            ps.setString(7, Sql.text(plan.summary()));
            ps.setString(8, plan.before());
            ps.setString(9, plan.projected());
            ps.setString(10, plan.achieved());
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO pool_plan_actions (plan_id, position, kind, server_id, "
                + "server_name, from_host, to_host, host, reason, state, progress, detail, started, ended) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (ActionRecord a : plan.actions()) {
                ps.setString(1, plan.id());
                ps.setInt(2, a.index());
                ps.setString(3, a.kind().name());
                ps.setString(4, a.serverId());
                ps.setString(5, a.serverName());
                ps.setString(6, a.from());
                ps.setString(7, a.to());
                ps.setString(8, a.host());
                ps.setString(9, Sql.text(a.reason()));
                ps.setString(10, a.state().name());
                ps.setDouble(11, a.progress());
                ps.setString(12, Sql.text(a.detail()));
                Sql.setInstant(ps, 13, a.started());
                Sql.setInstant(ps, 14, a.ended());
                ps.addBatch();
            }
            if (!plan.actions().isEmpty()) {
                ps.executeBatch();
            }
        }
    }

    @Override
    public Optional<PlanRecord> plan(String id) {
        return db.read("read plan " + id, c -> {
            try (PreparedStatement ps = c.prepareStatement(SELECT + " WHERE id = ?")) {
                ps.setString(1, id);
                return read(c, ps).stream().findFirst();
            }
        });
    }

    @Override
    public List<PlanRecord> plans(String pool, Status status, int limit) {
        return db.read("list the plans of pool " + pool, c -> {
            try (PreparedStatement ps = c.prepareStatement(SELECT + " WHERE pool_id = ?"
                    + (status == null ? "" : " AND status = ?") + " ORDER BY created DESC, id DESC")) {
                ps.setString(1, pool);
                if (status != null) {
                    ps.setString(2, status.name());
                }
                ps.setMaxRows(Math.max(1, limit));
                return read(c, ps);
            }
        });
    }

    @Override
    public List<PlanRecord> interruptExecuting(Instant at, String why) {
        return db.write("mark the executing plans interrupted", c -> {
            List<PlanRecord> marked = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(SELECT + " WHERE status = ?")) {
                ps.setString(1, Status.EXECUTING.name());
                for (PlanRecord p : read(c, ps)) {
                    List<ActionRecord> actions = p.actions().stream().map(a ->
                            a.state() == ActionState.PLANNED || a.state() == ActionState.RUNNING
                                    ? new ActionRecord(a.index(), a.kind(), a.serverId(), a.serverName(), a.from(), a.to(),
                                    a.host(), a.reason(), ActionState.INTERRUPTED, a.progress(),
                                    (a.state() == ActionState.RUNNING ? "was running: " : "had not started: ") + why,
                                    a.started(), a.state() == ActionState.RUNNING ? at : null)
                                    : a).toList();
                    PlanRecord q = new PlanRecord(p.id(), p.pool(), p.created(), at, Status.INTERRUPTED, p.goal(),
                            p.summary(), p.before(), p.projected(), p.achieved(), actions);
                    write(c, q);
                    marked.add(q);
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE migrations SET state = ?, ended = ?, detail = ? WHERE state = ?")) {
                ps.setString(1, MigrationState.ABORTED.name());
                Sql.setInstant(ps, 2, at);
                ps.setString(3, why);
                ps.setString(4, MigrationState.RUNNING.name());
                ps.executeUpdate();
            }
            return marked;
        });
    }

    private static List<PlanRecord> read(Connection c, PreparedStatement ps) throws SQLException {
        List<PlanRecord> plans = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                plans.add(new PlanRecord(rs.getString("id"), rs.getString("pool_id"), Sql.instant(rs, "created"),
                        Sql.instant(rs, "updated"), Status.valueOf(rs.getString("status")), rs.getString("goal"),
                        rs.getString("summary"), rs.getString("before_ef"), rs.getString("projected"),
                        rs.getString("achieved"), List.of()));
            }
        }
        List<PlanRecord> full = new ArrayList<>();
        try (PreparedStatement a = c.prepareStatement("SELECT * FROM pool_plan_actions WHERE plan_id = ? ORDER BY position")) {
            for (PlanRecord p : plans) {
                a.setString(1, p.id());
                List<ActionRecord> actions = new ArrayList<>();
                try (ResultSet rs = a.executeQuery()) {
                    while (rs.next()) {
                        actions.add(new ActionRecord(rs.getInt("position"), Kind.valueOf(rs.getString("kind")),
                                rs.getString("server_id"), rs.getString("server_name"), rs.getString("from_host"),
                                rs.getString("to_host"), rs.getString("host"), rs.getString("reason"),
                                ActionState.valueOf(rs.getString("state")), rs.getDouble("progress"),
                                rs.getString("detail"), Sql.instant(rs, "started"), Sql.instant(rs, "ended")));
                    }
                }
                full.add(new PlanRecord(p.id(), p.pool(), p.created(), p.updated(), p.status(), p.goal(), p.summary(),
                        p.before(), p.projected(), p.achieved(), actions));
            }
        }
        return full;
    }

    @Override
    public void saveMigration(MigrationRecord m) {
        Problems p = new Problems();
        if (m.id() == null || m.serverId() == null || m.from() == null || m.to() == null || m.started() == null
                || m.state() == null) {
            p.add("migration", m, "give id, virtual server, from, to, started and state");
        }
        if (!(m.progress() >= 0 && m.progress() <= 1)) {
            p.add("progress", m.progress(), "use 0 to 1");
        }
        p.throwIfAny();
        db.writeAction("record migration " + m.id(), c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM migrations WHERE id = ?")) {
                ps.setString(1, m.id());
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO migrations (id, pool_id, plan_id, server_id, "
                    + "server_name, from_host, to_host, started, ended, state, progress, memory_mb, downtime_ms, detail) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, m.id());
                ps.setString(2, m.pool());
                ps.setString(3, m.plan());
                ps.setString(4, m.serverId());
                ps.setString(5, Sql.text(m.serverName()));
                ps.setString(6, m.from());
                ps.setString(7, m.to());
                Sql.setInstant(ps, 8, m.started());
                Sql.setInstant(ps, 9, m.ended());
                ps.setString(10, m.state().name());
                ps.setDouble(11, m.progress());
                ps.setLong(12, m.memoryMb());
                if (m.downtimeMs() == null) {
                    ps.setNull(13, Types.BIGINT);
                } else {
                    ps.setLong(13, m.downtimeMs());
                }
                ps.setString(14, Sql.text(m.detail()));
                ps.executeUpdate();
            }
        });
    }

    @Override
    public List<MigrationRecord> migrations(MigrationFilter f) {
        StringBuilder sql = new StringBuilder(SELECT_MIGRATIONS + " WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (f.since() != null) {
            sql.append(" AND started >= ?");
            args.add(f.since());
        }
        if (f.until() != null) {
            sql.append(" AND started < ?");
            args.add(f.until());
        }
        if (f.hypervisor() != null) {
            sql.append(" AND (from_host = ? OR to_host = ?)");
            args.add(f.hypervisor());
            args.add(f.hypervisor());
        }
        if (f.server() != null) {
            sql.append(" AND (server_id = ? OR server_name = ?)");
            args.add(f.server());
            args.add(f.server());
        }
        sql.append(" ORDER BY started DESC, id DESC");
        return db.read("list the migrations", c -> {
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                for (int i = 0; i < args.size(); i++) {
                    if (args.get(i) instanceof Instant t) {
                        Sql.setInstant(ps, i + 1, t);
                    } else {
                        ps.setString(i + 1, (String) args.get(i));
                    }
                }
                ps.setMaxRows(Math.max(1, f.limit()));
                List<MigrationRecord> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long downtime = rs.getLong("downtime_ms");
                        Long d = rs.wasNull() ? null : downtime;
                        out.add(new MigrationRecord(rs.getString("id"), rs.getString("pool_id"), rs.getString("plan_id"),
                                rs.getString("server_id"), rs.getString("server_name"), rs.getString("from_host"),
                                rs.getString("to_host"), Sql.instant(rs, "started"), Sql.instant(rs, "ended"),
                                MigrationState.valueOf(rs.getString("state")), rs.getDouble("progress"),
                                rs.getLong("memory_mb"), d, rs.getString("detail")));
                    }
                }
                return out;
            }
        });
    }
}
