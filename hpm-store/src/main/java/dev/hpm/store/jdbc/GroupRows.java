package dev.hpm.store.jdbc;

import dev.hpm.codec.PolicyCodec;
import dev.hpm.core.model.GroupFacts;
import dev.hpm.core.model.GroupFacts.Holder;
import dev.hpm.core.model.GroupRules;
import dev.hpm.core.model.GroupViolation;
import dev.hpm.core.model.Importance;
import dev.hpm.core.model.InvalidDefinitionException;
import dev.hpm.core.model.PerformancePolicy;
import dev.hpm.core.model.Problem;
import dev.hpm.core.model.VelocityMapping;
import dev.hpm.core.model.WorkloadResourceGroup;
import dev.hpm.store.ConflictException;
import dev.hpm.store.DefinitionRepository.GroupRecord;
import dev.hpm.store.StoreException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The rows behind {@link JdbcDefinitions}: reading and writing {@code workload_groups},
 * {@code group_members} and the velocity mapping of {@code definition_state}, and the facts the
 * {@link GroupRules} need, read under the definition's row lock. Statements only: the transaction
 * and the lock are the caller's.
 */
final class GroupRows {
    static final Comparator<GroupRecord> ORDER = Comparator
            .comparing((GroupRecord r) -> !r.group().isDefault())
            .thenComparing(r -> key(r.group().name()))
            .thenComparing(r -> r.group().name());

    static final String SELECT_GROUPS = """
            SELECT g.id, g.name, g.description, g.importance, g.cpu_minimum, g.cpu_maximum, g.policy, g.created,
                   g.updated, m.member
            FROM workload_groups g LEFT JOIN group_members m ON m.group_id = g.id""";

    private GroupRows() {
    }

    static long version(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT version FROM definition_state WHERE id = 1");
             ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                throw new SQLException("the definition_state row is missing (the schema was not seeded)");
            }
            return rs.getLong(1);
        }
    }

    static VelocityMapping mapping(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT velocity_mapping FROM definition_state WHERE id = 1");
             ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                throw new SQLException("the definition_state row is missing (the schema was not seeded)");
            }
            return Json.read(rs.getString(1), "velocity mapping", PolicyCodec::readMapping);
        }
    }

    static void writeMapping(Connection c, VelocityMapping mapping) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE definition_state SET velocity_mapping = ? WHERE id = 1")) {
            ps.setString(1, Json.write(PolicyCodec.writeMapping(mapping)));
            ps.executeUpdate();
        }
    }

    static List<GroupRecord> groups(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SELECT_GROUPS)) {
            return readGroups(ps);
        }
    }

    static Optional<GroupRecord> byId(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SELECT_GROUPS + " WHERE g.id = ?")) {
            ps.setString(1, id);
            return readGroups(ps).stream().findFirst();
        }
    }

    static Optional<GroupRecord> find(Connection c, String idOrName) throws SQLException {
        Optional<GroupRecord> byId = byId(c, idOrName);
        if (byId.isPresent()) {
            return byId;
        }
        Optional<String> id = findId(c, key(idOrName));
        return id.isPresent() ? byId(c, id.get()) : Optional.empty();
    }

    static Optional<String> findId(Connection c, String nameKey) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM workload_groups WHERE name_key = ?")) {
            ps.setString(1, nameKey);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    /** Groups from rows of {@link #SELECT_GROUPS} (one row per member), {@code default} first, then by name. */
    static List<GroupRecord> readGroups(PreparedStatement ps) throws SQLException {
        Map<String, GroupRow> rows = new TreeMap<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String id = rs.getString("id");
                GroupRow row = rows.get(id);
                if (row == null) {
                    row = new GroupRow(id, rs.getString("name"), rs.getString("description"), rs.getString("importance"),
                            Sql.nullableDouble(rs, "cpu_minimum"), Sql.nullableDouble(rs, "cpu_maximum"),
                            rs.getString("policy"), Sql.instant(rs, "created"), Sql.instant(rs, "updated"),
                            new HashSet<>());
                    rows.put(id, row);
                }
                String member = rs.getString("member");
                if (member != null) {
                    row.members().add(member);
                }
            }
        }
        return rows.values().stream().map(GroupRow::record).sorted(ORDER).toList();
    }

    /** A stored group before its policy is parsed. */
    private record GroupRow(String id, String name, String description, String importance, Double cpuMinimum,
                            Double cpuMaximum, String policy, Instant created, Instant updated, Set<String> members) {
        /** @throws StoreException if the stored row is not a valid group: damaged data is no fault of the caller's */
        GroupRecord record() {
            PerformancePolicy p = Json.read(policy, "policy of group " + name, n -> PolicyCodec.read(n, name));
            try {
                WorkloadResourceGroup group = new WorkloadResourceGroup(name, description,
                        Importance.parse(importance, "importance of group " + name), p, cpuMinimum, cpuMaximum, members);
                return new GroupRecord(id, group, created, updated);
            } catch (InvalidDefinitionException e) {
                throw new StoreException("the stored workload resource group " + name + " (id " + id + ") is invalid: "
                        + e.getMessage());
            }
        }
    }

    static void insertGroup(Connection c, String id, WorkloadResourceGroup g, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO workload_groups (name, name_key, description, importance, cpu_minimum, cpu_maximum, policy,
                    updated, id, created)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
            bindGroup(ps, g, now);
            ps.setString(9, id);
            Sql.setInstant(ps, 10, now);
            ps.executeUpdate();
        }
        insertMembers(c, id, g.members());
    }

    static void updateGroup(Connection c, String id, WorkloadResourceGroup g, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                UPDATE workload_groups SET name = ?, name_key = ?, description = ?, importance = ?, cpu_minimum = ?,
                    cpu_maximum = ?, policy = ?, updated = ?
                WHERE id = ?""")) {
            bindGroup(ps, g, now);
            ps.setString(9, id);
            ps.executeUpdate();
        }
    }

    /** Parameters 1…8 of the insert and the update. */
    static void bindGroup(PreparedStatement ps, WorkloadResourceGroup g, Instant now) throws SQLException {
        ps.setString(1, g.name());
        ps.setString(2, key(g.name()));
        ps.setString(3, g.description());
        ps.setString(4, g.importance().label());
        Sql.setNullableDouble(ps, 5, g.cpuMinimum());
        Sql.setNullableDouble(ps, 6, g.cpuMaximum());
        ps.setString(7, Json.write(PolicyCodec.write(g.policy())));
        Sql.setInstant(ps, 8, now);
    }

    static void deleteMembers(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM group_members WHERE group_id = ?")) {
            ps.setString(1, id);
            ps.executeUpdate();
        }
    }

    static void insertMembers(Connection c, String id, Set<String> members) throws SQLException {
        if (members.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO group_members (member, group_id) VALUES (?, ?)")) {
            for (String member : members) {
                ps.setString(1, member);
                ps.setString(2, id);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    // ---- facts for the rules ------------------------------------------------------------------

    /**
     * What {@link GroupRules} need to know of the stored groups for a change that names
     * {@code names} and {@code memberKeys}: who holds those names and those members. Read inside
     * the change's transaction, under the definition's row lock.
     */
    static GroupFacts facts(Connection c, Collection<String> names, Collection<String> memberKeys) throws SQLException {
        Map<String, Holder> holders = new HashMap<>();
        for (String name : names) {
            try (PreparedStatement ps = c.prepareStatement("SELECT id, name FROM workload_groups WHERE name_key = ?")) {
                ps.setString(1, key(name));
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        holders.put(key(name), new Holder(rs.getString(1), rs.getString(2)));
                    }
                }
            }
        }
        return new GroupFacts(holders, memberHolders(c, memberKeys));
    }

    /** Which group lists each of {@code keys}: key to group. */
    private static Map<String, Holder> memberHolders(Connection c, Collection<String> keys) throws SQLException {
        List<String> members = List.copyOf(new LinkedHashSet<>(keys));
        Map<String, Holder> taken = new HashMap<>();
        for (int from = 0; from < members.size(); from += 500) {
            List<String> chunk = members.subList(from, Math.min(members.size(), from + 500));
            String sql = "SELECT m.member, g.id, g.name FROM group_members m JOIN workload_groups g ON g.id = m.group_id "
                    + "WHERE m.member IN (" + "?, ".repeat(chunk.size() - 1) + "?)";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < chunk.size(); i++) {
                    ps.setString(i + 1, chunk.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        taken.put(rs.getString(1), new Holder(rs.getString(2), rs.getString(3)));
                    }
                }
            }
        }
        return taken;
    }

    /**
     * Throws by the violations' kind: {@link InvalidDefinitionException} (400) if any is invalid,
     * else {@link ConflictException} (409) listing the conflicts; nothing if there are none.
     */
    static void enforce(List<GroupViolation> violations) {
        List<Problem> invalid = GroupViolation.problems(violations, GroupViolation.Kind.INVALID);
        if (!invalid.isEmpty()) {
            throw new InvalidDefinitionException(invalid);
        }
        List<Problem> conflicts = GroupViolation.problems(violations, GroupViolation.Kind.CONFLICT);
        if (!conflicts.isEmpty()) {
            throw new ConflictException(conflicts);
        }
    }

    static String key(String name) {
        return GroupRules.nameKey(name);
    }
}
