package dev.hpm.store.jdbc;

import dev.hpm.codec.PolicyCodec;
import dev.hpm.core.model.GroupFacts;
import dev.hpm.core.model.GroupMember;
import dev.hpm.core.model.GroupRules;
import dev.hpm.core.model.InvalidDefinitionException;
import dev.hpm.core.model.PerformancePolicy;
import dev.hpm.core.model.ServiceDefinition;
import dev.hpm.core.model.VelocityMapping;
import dev.hpm.core.model.WorkloadResourceGroup;
import dev.hpm.core.time.Timebase;
import dev.hpm.store.DefinitionRepository;
import dev.hpm.store.NotFoundException;
import dev.hpm.store.StoreException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Workload resource groups and the velocity mapping in {@code workload_groups},
 * {@code group_members} and {@code definition_state}. Every change first increments
 * {@code definition_state.version}: that takes the row's lock, so changes of the definition run one
 * after the other (also between managers sharing PostgreSQL) and their checks for taken names and
 * members cannot race. The rules about groups and members are {@link GroupRules}', called inside
 * that transaction with the rows read there; a violation is thrown by its kind
 * ({@link dev.hpm.store.ConflictException} or {@link dev.hpm.core.model.InvalidDefinitionException}).
 * {@link #definition()} is cached per version.
 */
final class JdbcDefinitions implements DefinitionRepository {
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
        if (GroupRows.findId(c, GroupRows.key(WorkloadResourceGroup.DEFAULT_NAME)).isEmpty()) {
            GroupRows.insertGroup(c, UUID.randomUUID().toString(), WorkloadResourceGroup.defaultGroup(PerformancePolicy.DEFAULT),
                    time.now());
        }
    }

    @Override
    public long version() {
        return db.read("read the definition's version", GroupRows::version);
    }

    @Override
    public ServiceDefinition definition() {
        return db.read("read the service definition", c -> {
            long version = GroupRows.version(c);
            Cached current = cached;
            if (current != null && current.version() == version) {
                return current.definition();
            }
            VelocityMapping mapping = GroupRows.mapping(c);
            List<WorkloadResourceGroup> groups = GroupRows.groups(c).stream().map(GroupRecord::group).toList();
            ServiceDefinition definition;
            try {
                definition = new ServiceDefinition(mapping, groups);
            } catch (InvalidDefinitionException e) { // the rows break a GroupRules rule: damaged, not the caller's fault
                throw new StoreException("the stored service definition is invalid: " + e.getMessage());
            }
            cached = new Cached(version, definition);
            return definition;
        });
    }

    @Override
    public List<GroupRecord> groups() {
        return db.read("list the workload resource groups", GroupRows::groups);
    }

    @Override
    public Optional<GroupRecord> group(String idOrName) {
        return db.read("read group " + idOrName, c -> GroupRows.find(c, idOrName));
    }

    @Override
    public GroupRecord create(WorkloadResourceGroup group, Map<String, Set<String>> aliases) {
        return db.write("create group " + group.name(), c -> {
            bumpVersion(c);
            Set<String> keys = new LinkedHashSet<>(group.members());
            group.members().forEach(m -> keys.addAll(aliases.getOrDefault(m, Set.of())));
            GroupFacts facts = GroupRows.facts(c, List.of(group.name()), keys);
            GroupRows.enforce(GroupRules.create(facts, group, aliases));
            String id = UUID.randomUUID().toString();
            Instant now = time.now();
            GroupRows.insertGroup(c, id, group, now);
            return new GroupRecord(id, group, Sql.stored(now), Sql.stored(now));
        });
    }

    @Override
    public GroupRecord update(String id, WorkloadResourceGroup group) {
        return db.write("update group " + id, c -> {
            bumpVersion(c);
            GroupRecord existing = existing(c, id);
            GroupFacts facts = GroupRows.facts(c, List.of(group.name()), group.members());
            GroupRows.enforce(GroupRules.update(facts, id, existing.group(), group));
            return rewrite(c, existing, group);
        });
    }

    @Override
    public GroupRecord addMembers(String id, List<GroupMember> servers) {
        return db.write("add servers to group " + id, c -> {
            bumpVersion(c);
            GroupRecord existing = existing(c, id);
            Set<String> keys = new LinkedHashSet<>();
            servers.forEach(m -> keys.addAll(m.keys()));
            GroupRules.Membership change = GroupRules.add(GroupRows.facts(c, List.of(), keys), id, existing.group(),
                    servers);
            GroupRows.enforce(change.violations());
            return rewrite(c, existing, existing.group().withMembers(change.members()));
        });
    }

    @Override
    public GroupRecord removeMembers(String id, List<GroupMember> servers) {
        return db.write("remove servers from group " + id, c -> {
            bumpVersion(c);
            GroupRecord existing = existing(c, id);
            GroupRules.Membership change = GroupRules.remove(existing.group(), servers);
            GroupRows.enforce(change.violations());
            return rewrite(c, existing, existing.group().withMembers(change.members()));
        });
    }

    /** Replaces the stored row and members of {@code existing} with {@code group}. */
    private GroupRecord rewrite(Connection c, GroupRecord existing, WorkloadResourceGroup group) throws SQLException {
        Instant now = time.now();
        GroupRows.updateGroup(c, existing.id(), group, now);
        GroupRows.deleteMembers(c, existing.id());
        GroupRows.insertMembers(c, existing.id(), group.members());
        return new GroupRecord(existing.id(), group, existing.created(), Sql.stored(now));
    }

    private static GroupRecord existing(Connection c, String id) throws SQLException {
        return GroupRows.byId(c, id).orElseThrow(() -> new NotFoundException("there is no workload resource group with id " + id));
    }

    @Override
    public void delete(String id) {
        db.writeAction("delete group " + id, c -> {
            bumpVersion(c);
            GroupRows.enforce(GroupRules.delete(existing(c, id).group()));
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM workload_groups WHERE id = ?")) {
                ps.setString(1, id);
                ps.executeUpdate();
            }
        });
    }

    @Override
    public VelocityMapping velocityMapping() {
        return db.read("read the velocity mapping", GroupRows::mapping);
    }

    @Override
    public void setVelocityMapping(VelocityMapping mapping) {
        db.writeAction("set the velocity mapping", c -> {
            bumpVersion(c);
            GroupRows.writeMapping(c, mapping);
        });
    }

    @Override
    public void replace(ServiceDefinition definition) {
        GroupRows.enforce(definition.groups().stream().flatMap(g -> GroupRules.membersFit(g).stream()).toList());
        db.writeAction("replace the service definition", c -> {
            bumpVersion(c);
            GroupRows.writeMapping(c, definition.velocityMapping());
            Map<String, String> stale = new HashMap<>();
            for (GroupRecord r : GroupRows.groups(c)) {
                stale.put(GroupRows.key(r.group().name()), r.id());
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM group_members")) {
                ps.executeUpdate();
            }
            Instant now = time.now();
            Map<String, WorkloadResourceGroup> byId = new LinkedHashMap<>();
            List<String> created = new ArrayList<>();
            for (WorkloadResourceGroup g : definition.groups()) {
                String id = stale.remove(GroupRows.key(g.name()));
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
                    GroupRows.insertGroup(c, e.getKey(), e.getValue(), now);
                } else {
                    GroupRows.updateGroup(c, e.getKey(), e.getValue(), now);
                    GroupRows.insertMembers(c, e.getKey(), e.getValue().members());
                }
            }
        });
    }

    /** Increments the version; its row lock serialises every change of the definition. */
    private void bumpVersion(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE definition_state SET version = version + 1, updated = ? WHERE id = 1")) {
            Sql.setInstant(ps, 1, time.now());
            ps.executeUpdate();
        }
    }
}
