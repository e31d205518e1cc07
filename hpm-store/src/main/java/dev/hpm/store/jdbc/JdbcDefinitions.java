package dev.hpm.store.jdbc;

import dev.hpm.codec.PolicyCodec;
import dev.hpm.core.model.Importance;
import dev.hpm.core.model.InvalidDefinitionException;
import dev.hpm.core.model.PerformancePolicy;
import dev.hpm.core.model.Problem;
import dev.hpm.core.model.ServiceDefinition;
import dev.hpm.core.model.VelocityMapping;
import dev.hpm.core.model.WorkloadResourceGroup;
import dev.hpm.core.time.Timebase;
import dev.hpm.store.ConflictException;
import dev.hpm.store.DefinitionRepository;
import dev.hpm.store.NotFoundException;

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
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Workload resource groups and the velocity mapping in {@code workload_groups},
 * {@code group_members} and {@code definition_state}. Every change first increments
 * {@code definition_state.version}: that takes the row's lock, so changes of the definition run one
 * after the other (also between managers sharing PostgreSQL) and their checks for taken names and
 * members cannot race. {@link #definition()} is cached per version.
 */
final class JdbcDefinitions implements DefinitionRepository {
    /** Longest member (VS UUID or name) the schema holds. */
    static final int MAX_MEMBER_LENGTH = 512;

    private static final Comparator<GroupRecord> ORDER = Comparator
            .comparing((GroupRecord r) -> !r.group().isDefault())
            .thenComparing(r -> key(r.group().name()))
            .thenComparing(r -> r.group().name());

    private static final String SELECT_GROUPS = """
            SELECT g.id, g.name, g.description, g.importance, g.cpu_minimum, g.cpu_maximum, g.policy, g.created,
                   g.updated, m.member
            FROM workload_groups g LEFT JOIN group_members m ON m.group_id = g.id""";

    private final Database db;
    private final Timebase time;
    private volatile Cached cached;

    private record Cached(long version, ServiceDefinition definition) {
    }

    JdbcDefinitions(Database db, Timebase time) {
        this.db = db;
        this.time = time;
    }

    /** Creates the definition's state row and the {@code default} group in a new store. */
    static void seed(Connection c, Timebase time) throws SQLException {
        boolean exists;
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM definition_state");
             ResultSet rs = ps.executeQuery()) {
            exists = rs.next() && rs.getLong(1) > 0;
        }
        if (!exists) {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO definition_state (id, version, velocity_mapping, updated) VALUES (1, 1, ?, ?)")) {
                ps.setString(1, Json.write(PolicyCodec.writeMapping(VelocityMapping.DEFAULT)));
                Sql.setInstant(ps, 2, time.now());
                ps.executeUpdate();
            }
        }
        if (findId(c, key(WorkloadResourceGroup.DEFAULT_NAME)).isEmpty()) {
            insertGroup(c, UUID.randomUUID().toString(), WorkloadResourceGroup.defaultGroup(PerformancePolicy.DEFAULT),
                    time.now());
        }
    }

    @Override
    public long version() {
        return db.read("read the definition's version", JdbcDefinitions::version);
    }

    @Override
    public ServiceDefinition definition() {
        return db.read("read the service definition", c -> {
            long version = version(c);
            Cached current = cached;
            if (current != null && current.version() == version) {
                return current.definition();
            }
            VelocityMapping mapping = mapping(c);
            List<WorkloadResourceGroup> groups = groups(c).stream().map(GroupRecord::group).toList();
            ServiceDefinition definition = new ServiceDefinition(mapping, groups);
            cached = new Cached(version, definition);
            return definition;
        });
    }

    @Override
    public List<GroupRecord> groups() {
        return db.read("list the workload resource groups", JdbcDefinitions::groups);
    }

    @Override
    public Optional<GroupRecord> group(String idOrName) {
        return db.read("read group " + idOrName, c -> find(c, idOrName));
    }

    @Override
    public GroupRecord create(WorkloadResourceGroup group) {
        checkMembers(group);
        return db.write("create group " + group.name(), c -> {
            bumpVersion(c);
            checkName(c, group.name(), null);
            checkMemberConflicts(c, group, null);
            String id = UUID.randomUUID().toString();
            Instant now = time.now();
            insertGroup(c, id, group, now);
            return new GroupRecord(id, group, Sql.stored(now), Sql.stored(now));
        });
    }

    @Override
    public GroupRecord update(String id, WorkloadResourceGroup group) {
        checkMembers(group);
        return db.write("update group " + id, c -> {
            bumpVersion(c);
            GroupRecord existing = existing(c, id);
            if (existing.group().isDefault() && !group.isDefault()) {
                throw new IllegalArgumentException("the default group cannot be renamed (to " + group.name()
                        + "); it holds every server that is in no other group");
            }
            checkName(c, group.name(), id);
            checkMemberConflicts(c, group, id);
            return rewrite(c, existing, group);
        });
    }

    @Override
    public GroupRecord addMembers(String id, List<Member> servers) {
        return changeMembers(id, servers, true);
    }

    @Override
    public GroupRecord removeMembers(String id, List<Member> servers) {
        return changeMembers(id, servers, false);
    }

    /** Reads the members, changes them and writes them back, all under the version row's lock. */
    private GroupRecord changeMembers(String id, List<Member> servers, boolean add) {
        return db.write((add ? "add servers to" : "remove servers from") + " group " + id, c -> {
            bumpVersion(c);
            GroupRecord existing = existing(c, id);
            if (existing.group().isDefault()) {
                throw new ConflictException("servers join the default group by leaving their group; remove them "
                        + "from that group instead");
            }
            Set<String> members = new LinkedHashSet<>(existing.group().members());
            List<String> absent = new ArrayList<>();
            for (Member m : servers) {
                boolean removed = members.removeAll(m.aliases()) | members.remove(m.key());
                if (add) {
                    members.add(m.key());
                } else if (!removed) {
                    absent.add(m.key());
                }
            }
            if (!absent.isEmpty()) {
                throw new ConflictException("not members of " + existing.group().name() + ": " + absent);
            }
            WorkloadResourceGroup group = existing.group().withMembers(members);
            checkMembers(group);
            if (add) {
                checkMemberConflicts(c, servers, id);
            }
            return rewrite(c, existing, group);
        });
    }

    /** Replaces the stored row and members of {@code existing} with {@code group}. */
    private GroupRecord rewrite(Connection c, GroupRecord existing, WorkloadResourceGroup group) throws SQLException {
        Instant now = time.now();
        updateGroup(c, existing.id(), group, now);
        deleteMembers(c, existing.id());
        insertMembers(c, existing.id(), group.members());
        return new GroupRecord(existing.id(), group, existing.created(), Sql.stored(now));
    }

    private static GroupRecord existing(Connection c, String id) throws SQLException {
        return byId(c, id).orElseThrow(() -> new NotFoundException("there is no workload resource group with id " + id));
    }

    @Override
    public void delete(String id) {
        db.writeAction("delete group " + id, c -> {
            bumpVersion(c);
            GroupRecord existing = existing(c, id);
            if (existing.group().isDefault()) {
                throw new IllegalArgumentException("the default group cannot be deleted; it holds every server that "
                        + "is in no other group");
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM workload_groups WHERE id = ?")) {
                ps.setString(1, id);
                ps.executeUpdate();
            }
        });
    }

    @Override
    public VelocityMapping velocityMapping() {
        return db.read("read the velocity mapping", JdbcDefinitions::mapping);
    }

    @Override
    public void setVelocityMapping(VelocityMapping mapping) {
        db.writeAction("set the velocity mapping", c -> {
            bumpVersion(c);
            writeMapping(c, mapping);
        });
    }

    @Override
    public void replace(ServiceDefinition definition) {
        definition.groups().forEach(JdbcDefinitions::checkMembers);
        db.writeAction("replace the service definition", c -> {
            bumpVersion(c);
            writeMapping(c, definition.velocityMapping());
            Map<String, String> stale = new HashMap<>();
            for (GroupRecord r : groups(c)) {
                stale.put(key(r.group().name()), r.id());
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM group_members")) {
                ps.executeUpdate();
            }
            Instant now = time.now();
            Map<String, WorkloadResourceGroup> byId = new LinkedHashMap<>();
            List<String> created = new ArrayList<>();
            for (WorkloadResourceGroup g : definition.groups()) {
                String id = stale.remove(key(g.name()));
                if (id == null) {
                    id = UUID.randomUUID().toString();
                    created.add(id);
                }
                byId.put(id, g);
            }
            for (String id : stale.values()) {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM workload_groups WHERE id = ?")) {
                    ps.setString(1, id);
                    ps.executeUpdate();
                }
            }
            for (Map.Entry<String, WorkloadResourceGroup> e : byId.entrySet()) {
                if (created.contains(e.getKey())) {
                    insertGroup(c, e.getKey(), e.getValue(), now);
                } else {
                    updateGroup(c, e.getKey(), e.getValue(), now);
                    insertMembers(c, e.getKey(), e.getValue().members());
                }
            }
        });
    }

    // ---- statements -------------------------------------------------------------------------

    private static long version(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT version FROM definition_state WHERE id = 1");
             ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                throw new SQLException("the definition_state row is missing (the schema was not seeded)");
            }
            return rs.getLong(1);
        }
    }

    /** Increments the version; its row lock serialises every change of the definition. */
    private void bumpVersion(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE definition_state SET version = version + 1, updated = ? WHERE id = 1")) {
            Sql.setInstant(ps, 1, time.now());
            ps.executeUpdate();
        }
    }

    private static VelocityMapping mapping(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT velocity_mapping FROM definition_state WHERE id = 1");
             ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                throw new SQLException("the definition_state row is missing (the schema was not seeded)");
            }
            return Json.read(rs.getString(1), "velocity mapping", PolicyCodec::readMapping);
        }
    }

    private static void writeMapping(Connection c, VelocityMapping mapping) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE definition_state SET velocity_mapping = ? WHERE id = 1")) {
            ps.setString(1, Json.write(PolicyCodec.writeMapping(mapping)));
            ps.executeUpdate();
        }
    }

    private static List<GroupRecord> groups(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SELECT_GROUPS)) {
            return readGroups(ps);
        }
    }

    private static Optional<GroupRecord> byId(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SELECT_GROUPS + " WHERE g.id = ?")) {
            ps.setString(1, id);
            return readGroups(ps).stream().findFirst();
        }
    }

    private static Optional<GroupRecord> find(Connection c, String idOrName) throws SQLException {
        Optional<GroupRecord> byId = byId(c, idOrName);
        if (byId.isPresent()) {
            return byId;
        }
        Optional<String> id = findId(c, key(idOrName));
        return id.isPresent() ? byId(c, id.get()) : Optional.empty();
    }

    private static Optional<String> findId(Connection c, String nameKey) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM workload_groups WHERE name_key = ?")) {
            ps.setString(1, nameKey);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    /** Groups from rows of {@link #SELECT_GROUPS} (one row per member), {@code default} first, then by name. */
    private static List<GroupRecord> readGroups(PreparedStatement ps) throws SQLException {
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
        GroupRecord record() {
            PerformancePolicy p = Json.read(policy, "policy of group " + name, n -> PolicyCodec.read(n, name));
            WorkloadResourceGroup group = new WorkloadResourceGroup(name, description,
                    Importance.parse(importance, "importance of group " + name), p, cpuMinimum, cpuMaximum, members);
            return new GroupRecord(id, group, created, updated);
        }
    }

    private static void insertGroup(Connection c, String id, WorkloadResourceGroup g, Instant now) throws SQLException {
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

    private static void updateGroup(Connection c, String id, WorkloadResourceGroup g, Instant now) throws SQLException {
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
    private static void bindGroup(PreparedStatement ps, WorkloadResourceGroup g, Instant now) throws SQLException {
        ps.setString(1, g.name());
        ps.setString(2, key(g.name()));
        ps.setString(3, g.description());
        ps.setString(4, g.importance().label());
        Sql.setNullableDouble(ps, 5, g.cpuMinimum());
        Sql.setNullableDouble(ps, 6, g.cpuMaximum());
        ps.setString(7, Json.write(PolicyCodec.write(g.policy())));
        Sql.setInstant(ps, 8, now);
    }

    private static void deleteMembers(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM group_members WHERE group_id = ?")) {
            ps.setString(1, id);
            ps.executeUpdate();
        }
    }

    private static void insertMembers(Connection c, String id, Set<String> members) throws SQLException {
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

    // ---- checks -----------------------------------------------------------------------------

    private static void checkName(Connection c, String name, String ownId) throws SQLException {
        Optional<String> holder = findId(c, key(name));
        if (holder.isPresent() && !holder.get().equals(ownId)) {
            throw new ConflictException("a workload resource group named " + name + " exists already (id "
                    + holder.get() + "); names are compared without regard to case; choose another name");
        }
    }

    /** Every member of {@code group} that another group (not {@code ownId}) holds, reported at once. */
    private static void checkMemberConflicts(Connection c, WorkloadResourceGroup group, String ownId)
            throws SQLException {
        Map<String, String> taken = taken(c, group.members(), ownId);
        if (!taken.isEmpty()) {
            StringBuilder message = new StringBuilder();
            taken.forEach((member, other) -> message.append(message.isEmpty() ? "" : "; ").append("virtual server ")
                    .append(member).append(" is already in group ").append(other));
            throw new ConflictException(message + ": a server is in at most one group; remove it there first");
        }
    }

    /** Servers to add that another group holds (by key or alias), each named as the caller knows it. */
    private static void checkMemberConflicts(Connection c, List<Member> servers, String ownId) throws SQLException {
        Set<String> keys = new LinkedHashSet<>();
        servers.forEach(m -> keys.addAll(m.keys()));
        Map<String, String> taken = taken(c, keys, ownId);
        List<String> clashes = new ArrayList<>();
        for (Member m : servers) {
            m.keys().stream().filter(taken::containsKey).findFirst().ifPresent(k -> clashes.add(
                    (m.aliases().isEmpty() ? m.key() : m.aliases().iterator().next()) + " is in group " + taken.get(k)));
        }
        if (!clashes.isEmpty()) {
            throw new ConflictException(String.join("; ", clashes) + "; remove it there first (a server is in at most "
                    + "one group)");
        }
    }

    /** Which of {@code keys} groups other than {@code ownId} hold: key to group name. */
    private static Map<String, String> taken(Connection c, Collection<String> keys, String ownId)
            throws SQLException {
        List<String> members = List.copyOf(keys);
        Map<String, String> taken = new TreeMap<>();
        for (int from = 0; from < members.size(); from += 500) {
            List<String> chunk = members.subList(from, Math.min(members.size(), from + 500));
            String sql = "SELECT m.member, g.name, g.id FROM group_members m JOIN workload_groups g ON g.id = m.group_id "
                    + "WHERE m.member IN (" + "?, ".repeat(chunk.size() - 1) + "?)";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < chunk.size(); i++) {
                    ps.setString(i + 1, chunk.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        if (!rs.getString(3).equals(ownId)) {
                            taken.put(rs.getString(1), rs.getString(2));
                        }
                    }
                }
            }
        }
        return taken;
    }

    /** Members must fit the schema. */
    private static void checkMembers(WorkloadResourceGroup group) {
        List<Problem> problems = new ArrayList<>();
        for (String member : group.members()) {
            if (member.isBlank() || member.length() > MAX_MEMBER_LENGTH) {
                problems.add(new Problem("workload-resource-groups[" + group.name() + "].members",
                        member.length() > 40 ? member.substring(0, 40) + "…" : member,
                        "give a VS UUID or name of 1 to " + MAX_MEMBER_LENGTH + " characters"));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidDefinitionException(problems);
        }
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
