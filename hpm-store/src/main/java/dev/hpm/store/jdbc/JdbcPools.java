package dev.hpm.store.jdbc;

import dev.hpm.core.model.Problems;
import dev.hpm.core.time.Timebase;
import dev.hpm.store.ConflictException;
import dev.hpm.store.NotFoundException;
import dev.hpm.store.PoolRepository;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * {@link PoolRepository} in {@code server_pools} and {@code pool_members} (schema 003); the hosts'
 * power settings and states in {@link JdbcHostPower}. Checks every write in one place
 * ({@link #check}) and names every problem.
 */
final class JdbcPools implements PoolRepository {
    static final int MAX_NAME = 256;
    private static final String SELECT = "SELECT id, name, description, policy, created, updated FROM server_pools";

    private final Database db;
    private final Timebase time;
    private final JdbcHostPower hostPower;

    JdbcPools(Database db, Timebase time) {
        this.db = db;
        this.time = time;
        this.hostPower = new JdbcHostPower(db, time);
    }

    @Override
    public List<PoolRecord> pools() {
        return db.read("list the server pools", c -> {
            try (PreparedStatement ps = c.prepareStatement(SELECT + " ORDER BY name_key")) {
                return read(c, ps);
            }
        });
    }

    @Override
    public Optional<PoolRecord> pool(String idOrName) {
        return db.read("read server pool " + idOrName, c -> find(c, idOrName));
    }

    @Override
    public Optional<PoolRecord> poolOf(String hypervisor) {
        return db.read("read the pool of " + hypervisor, c -> {
            try (PreparedStatement ps = c.prepareStatement(SELECT
                    + " WHERE id = (SELECT pool_id FROM pool_members WHERE hypervisor = ?)")) {
                ps.setString(1, hypervisor);
                return read(c, ps).stream().findFirst();
            }
        });
    }

    @Override
    public PoolRecord create(String name, String description, List<String> hypervisors, String policy) {
        return db.write("create server pool " + name, c -> {
            check(c, name, hypervisors, policy);
            String id = UUID.randomUUID().toString();
            Instant now = time.now();
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO server_pools (id, name, name_key, description, "
                    + "policy, created, updated) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, id);
                ps.setString(2, name.strip());
                ps.setString(3, key(name));
                ps.setString(4, Sql.text(description));
                ps.setString(5, policy);
                Sql.setInstant(ps, 6, now);
                Sql.setInstant(ps, 7, now);
                insertUnique(ps, name);
            }
            members(c, id, name, hypervisors);
            return find(c, id).orElseThrow();
        });
    }

    @Override
    public PoolRecord update(String id, PoolChange change) {
        return db.write("update server pool " + id, c -> {
            PoolRecord current = byId(c, id);
            String name = change.name().orElse(current.name());
            List<String> hypervisors = change.hypervisors().orElse(current.hypervisors());
            check(c, name, hypervisors, current.policy());
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE server_pools SET name = ?, name_key = ?, description = ?, updated = ? WHERE id = ?")) {
                ps.setString(1, name.strip());
                ps.setString(2, key(name));
                ps.setString(3, Sql.text(change.description().orElse(current.description())));
                Sql.setInstant(ps, 4, time.now());
                ps.setString(5, id);
                insertUnique(ps, name);
            }
            if (change.hypervisors().isPresent()) {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM pool_members WHERE pool_id = ?")) {
                    ps.setString(1, id);
                    ps.executeUpdate();
                }
                members(c, id, name, hypervisors);
            }
            return find(c, id).orElseThrow();
        });
    }

    @Override
    public PoolRecord setPolicy(String id, String policy) {
        return db.write("set the DWM policy of pool " + id, c -> {
            byId(c, id);
            if (policy == null || policy.isBlank()) {
                Problems p = new Problems();
                p.add("dwm-policy", "", "give a policy document");
                p.throwIfAny();
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE server_pools SET policy = ?, updated = ? WHERE id = ?")) {
                ps.setString(1, policy);
                Sql.setInstant(ps, 2, time.now());
                ps.setString(3, id);
                ps.executeUpdate();
            }
            return find(c, id).orElseThrow();
        });
    }

    @Override
    public void delete(String id) {
        db.writeAction("delete server pool " + id, c -> {
            byId(c, id);
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM server_pools WHERE id = ?")) {
                ps.setString(1, id);
                ps.executeUpdate();
            }
        });
    }

    /** Every problem of a pool's name, hypervisors and policy; conflicts with other pools are checked on insert. */
    private static void check(Connection c, String name, List<String> hypervisors, String policy) throws SQLException {
        Problems p = new Problems();
        if (name == null || name.isBlank()) {
            p.add("name", name == null ? "" : name, "give the pool a name");
        } else if (name.strip().length() > MAX_NAME) {
            p.add("name", name.strip().substring(0, 40) + "…", "use at most " + MAX_NAME + " characters");
        }
        Set<String> seen = new HashSet<>();
        for (String h : hypervisors) {
            if (!seen.add(h)) {
                p.add("hypervisors", h, "list each hypervisor once");
            } else if (!hostExists(c, h)) {
                p.add("hypervisors", h, "no such hypervisor; use the id or name of one GET /hypervisors lists");
            }
        }
        if (policy == null || policy.isBlank()) {
            p.add("dwm-policy", "", "give a policy document");
        }
        p.throwIfAny();
    }

    private static void members(Connection c, String pool, String name, List<String> hypervisors) throws SQLException {
        for (String h : hypervisors) {
            Optional<String> other = Optional.empty();
            try (PreparedStatement ps = c.prepareStatement("SELECT p.name FROM pool_members m JOIN server_pools p "
                    + "ON p.id = m.pool_id WHERE m.hypervisor = ? AND m.pool_id <> ?")) {
                ps.setString(1, h);
                ps.setString(2, pool);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        other = Optional.of(rs.getString(1));
                    }
                }
            }
            if (other.isPresent()) {
                throw new ConflictException("hypervisor " + h + " is in pool " + other.get()
                        + " already (a hypervisor is in at most one pool); remove it from there first");
            }
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO pool_members (hypervisor, pool_id, position) VALUES (?, ?, ?)")) {
            for (int i = 0; i < hypervisors.size(); i++) {
                ps.setString(1, hypervisors.get(i));
                ps.setString(2, pool);
                ps.setInt(3, i);
                ps.addBatch();
            }
            ps.executeBatch();
        } catch (SQLException e) {
            if (Sql.isUniqueViolation(e)) {
                throw new ConflictException("a hypervisor of pool " + name + " was just put in another pool; try again");
            }
            throw e;
        }
    }

    private static void insertUnique(PreparedStatement ps, String name) throws SQLException {
        try {
            ps.executeUpdate();
        } catch (SQLException e) {
            if (Sql.isUniqueViolation(e)) {
                throw new ConflictException("a server pool named " + name.strip() + " exists already; choose another name");
            }
            throw e;
        }
    }

    private static String key(String name) {
        return name.strip().toLowerCase(Locale.ROOT);
    }

    private static PoolRecord byId(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SELECT + " WHERE id = ?")) {
            ps.setString(1, id);
            return read(c, ps).stream().findFirst().orElseThrow(() -> new NotFoundException(
                    "there is no server pool " + id + " (GET /server-pools lists them)"));
        }
    }

    private static Optional<PoolRecord> find(Connection c, String idOrName) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SELECT + " WHERE id = ? OR name_key = ? ORDER BY name_key")) {
            ps.setString(1, idOrName);
            ps.setString(2, key(idOrName));
            List<PoolRecord> found = read(c, ps);
            return found.stream().filter(p -> p.id().equals(idOrName)).findFirst().or(() -> found.stream().findFirst());
        }
    }

    private static List<PoolRecord> read(Connection c, PreparedStatement ps) throws SQLException {
        record Row(String id, String name, String description, String policy, Instant created, Instant updated) {
        }
        List<Row> rows = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                rows.add(new Row(rs.getString("id"), rs.getString("name"), rs.getString("description"),
                        rs.getString("policy"), Sql.instant(rs, "created"), Sql.instant(rs, "updated")));
            }
        }
        Map<String, List<String>> members = new LinkedHashMap<>();
        rows.forEach(r -> members.put(r.id(), new ArrayList<>()));
        if (!rows.isEmpty()) {
            try (PreparedStatement m = c.prepareStatement("SELECT pool_id, hypervisor FROM pool_members ORDER BY pool_id, position");
                 ResultSet rs = m.executeQuery()) {
                while (rs.next()) {
                    List<String> list = members.get(rs.getString(1));
                    if (list != null) {
                        list.add(rs.getString(2));
                    }
                }
            }
        }
        return rows.stream().map(r -> new PoolRecord(r.id(), r.name(), r.description(), members.get(r.id()), r.policy(),
                r.created(), r.updated())).toList();
    }

    @Override
    public PowerSettings powerSettings(String hypervisor) {
        return hostPower.powerSettings(hypervisor);
    }

    @Override
    public PowerSettings setPowerSettings(PowerSettings settings) {
        return hostPower.setPowerSettings(settings);
    }

    @Override
    public HostState hostState(String hypervisor, Instant at) {
        return hostPower.hostState(hypervisor, at);
    }

    @Override
    public List<HostState> hostStates() {
        return hostPower.hostStates();
    }

    @Override
    public HostState setMaintenance(String hypervisor, Maintenance state, Instant at) {
        return hostPower.setMaintenance(hypervisor, state, at);
    }

    @Override
    public HostState setPower(String hypervisor, Power state, String detail, Instant at) {
        return hostPower.setPower(hypervisor, state, detail, at);
    }

    static boolean hostExists(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM hosts WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }
}
