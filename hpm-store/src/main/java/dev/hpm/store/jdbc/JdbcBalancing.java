package dev.hpm.store.jdbc;

import dev.hpm.core.balance.BalancingGroup;
import dev.hpm.core.time.Timebase;
import dev.hpm.store.BalancingRepository;
import dev.hpm.store.ConflictException;
import dev.hpm.store.NotFoundException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Load-balancing groups in {@code lb_groups} and their members in {@code lb_members} (schema version 5). */
final class JdbcBalancing implements BalancingRepository {
    private final Database db;
    private final Timebase time;

    JdbcBalancing(Database db, Timebase time) {
        this.db = db;
        this.time = time;
    }

    @Override
    public List<BalancingGroup> groups() {
        return db.read("read the load-balancing groups", c -> load(c, null));
    }

    @Override
    public Optional<BalancingGroup> group(String idOrName) {
        return groups().stream().filter(g -> g.id().equals(idOrName) || g.name().equals(idOrName)).findFirst();
    }

    private static List<BalancingGroup> load(Connection c, String only) throws SQLException {
        Map<String, String[]> heads = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id, name, description FROM lb_groups"
                + (only == null ? "" : " WHERE id = ?") + " ORDER BY name")) {
            if (only != null) {
                ps.setString(1, only);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    heads.put(rs.getString("id"), new String[]{rs.getString("name"), rs.getString("description")});
                }
            }
        }
        Map<String, List<BalancingGroup.Member>> members = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT group_id, name, virtual_server, address, port, protocol "
                + "FROM lb_members" + (only == null ? "" : " WHERE group_id = ?") + " ORDER BY group_id, position")) {
            if (only != null) {
                ps.setString(1, only);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String vs = rs.getString("virtual_server");
                    members.computeIfAbsent(rs.getString("group_id"), k -> new ArrayList<>()).add(new BalancingGroup.Member(
                            rs.getString("name"), vs.isEmpty() ? null : vs, rs.getString("address"), rs.getInt("port"),
                            BalancingGroup.Protocol.valueOf(rs.getString("protocol"))));
                }
            }
        }
        List<BalancingGroup> out = new ArrayList<>();
        heads.forEach((id, h) -> out.add(new BalancingGroup(id, h[0], h[1], null, members.getOrDefault(id, List.of()))));
        return out;
    }

    @Override
    public BalancingGroup create(BalancingGroup group) {
        Instant now = time.now();
        return db.write("create load-balancing group " + group.name(), c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO lb_groups (id, name, description, created, updated) VALUES (?, ?, ?, ?, ?)")) {
                ps.setString(1, group.name());
                ps.setString(2, group.name());
                ps.setString(3, group.description());
                Sql.setInstant(ps, 4, now);
                Sql.setInstant(ps, 5, now);
                ps.executeUpdate();
            } catch (SQLException e) {
                if (Sql.isUniqueViolation(e)) {
                    throw new ConflictException("a load-balancing group named " + group.name() + " exists; choose another name");
                }
                throw e;
            }
            insertMembers(c, group.name(), group.members());
            return load(c, group.name()).getFirst();
        });
    }

    @Override
    public BalancingGroup update(String id, BalancingGroup group) {
        Instant now = time.now();
        return db.write("update load-balancing group " + id, c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE lb_groups SET description = ?, updated = ? WHERE id = ?")) {
                ps.setString(1, group.description());
                Sql.setInstant(ps, 2, now);
                ps.setString(3, id);
                if (ps.executeUpdate() == 0) {
                    throw new NotFoundException("no load-balancing group " + id);
                }
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM lb_members WHERE group_id = ?")) {
                ps.setString(1, id);
                ps.executeUpdate();
            }
            insertMembers(c, id, group.members());
            return load(c, id).getFirst();
        });
    }

    @Override
    public void delete(String id) {
        db.writeAction("delete load-balancing group " + id, c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM lb_members WHERE group_id = ?")) {
                ps.setString(1, id);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM lb_groups WHERE id = ?")) {
                ps.setString(1, id);
                if (ps.executeUpdate() == 0) {
                    throw new NotFoundException("no load-balancing group " + id);
                }
            }
        });
    }

    private static void insertMembers(Connection c, String id, List<BalancingGroup.Member> members) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO lb_members (group_id, position, name, virtual_server, "
                + "address, port, protocol) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            int position = 0;
            for (BalancingGroup.Member m : members) {
                ps.setString(1, id);
                ps.setInt(2, position++);
                ps.setString(3, m.name());
                ps.setString(4, Sql.text(m.virtualServer()));
                ps.setString(5, m.address());
                ps.setInt(6, m.port());
                ps.setString(7, m.protocol().name());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }
}
