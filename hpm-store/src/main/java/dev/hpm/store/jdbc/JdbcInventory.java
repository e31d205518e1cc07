package dev.hpm.store.jdbc;

import dev.hpm.core.model.ManagementLevel;
import dev.hpm.store.InventoryRepository;
import dev.hpm.store.NotFoundException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Hosts and virtual servers in {@code hosts} and {@code servers}; the default level in
 * {@code store_settings}. {@link #seen} is called every interval for every host: one upsert of the
 * host and one batch of upserts of its servers, in one transaction.
 */
final class JdbcInventory implements InventoryRepository {
    private static final String DEFAULT_LEVEL = "inventory.default-level";
    private static final String SELECT_SERVERS = "SELECT uuid, name, host, vcpus, description, tags, os_type, level, "
            + "first_seen, last_seen FROM servers";
    private static final String SELECT_HOSTS = "SELECT id, name, uri, cpus, level, first_seen, last_seen FROM hosts";

    private final Database db;

    JdbcInventory(Database db) {
        this.db = db;
    }

    /** Sets the default level of a new store to {@code manage}. */
    static void seed(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM store_settings WHERE name = ?")) {
            ps.setString(1, DEFAULT_LEVEL);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next() && rs.getLong(1) > 0) {
                    return;
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO store_settings (name, setting_value) VALUES (?, ?)")) {
            ps.setString(1, DEFAULT_LEVEL);
            ps.setString(2, ManagementLevel.MANAGE.label());
            ps.executeUpdate();
        }
    }

    @Override
    public void seen(List<HostSighting> hosts) {
        if (hosts.isEmpty()) {
            return;
        }
        record Row(SeenServer server, String host, Instant at) {
        }
        Map<String, Row> byUuid = new LinkedHashMap<>();
        for (HostSighting h : hosts) { // one row per server: PostgreSQL's upsert needs it; the later host's wins
            h.servers().forEach(s -> byUuid.put(s.uuid(), new Row(s, h.host(), h.at())));
        }
        String what = hosts.size() == 1 ? "record the servers host " + hosts.getFirst().host() + " reported"
                : "record the servers " + hosts.size() + " hosts reported";
        db.writeAction(what, c -> {
            try (PreparedStatement ps = c.prepareStatement(db.dialect().upsertHost())) {
                for (HostSighting h : hosts) {
                    ps.setString(1, h.host());
                    ps.setString(2, h.host());
                    ps.setString(3, h.host());
                    ps.setInt(4, h.cpus());
                    Sql.setInstant(ps, 5, h.at());
                    Sql.setInstant(ps, 6, h.at());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            if (byUuid.isEmpty()) {
                return;
            }
            try (PreparedStatement ps = c.prepareStatement(db.dialect().upsertServer())) {
                for (Row r : byUuid.values()) {
                    ps.setString(1, r.server().uuid());
                    ps.setString(2, r.server().name());
                    ps.setString(3, r.host());
                    ps.setInt(4, r.server().vcpus());
                    Sql.setInstant(ps, 5, r.at());
                    Sql.setInstant(ps, 6, r.at());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        });
    }

    @Override
    public void lastSeen(Map<String, Instant> servers) {
        if (servers.isEmpty()) {
            return;
        }
        db.writeAction("record the last sighting of " + servers.size() + " servers", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE servers SET last_seen = ? WHERE uuid = ? AND (last_seen IS NULL OR last_seen < ?)")) {
                for (Map.Entry<String, Instant> e : servers.entrySet()) {
                    Sql.setInstant(ps, 1, e.getValue());
                    ps.setString(2, e.getKey());
                    Sql.setInstant(ps, 3, e.getValue());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        });
    }

    @Override
    public List<ServerRecord> servers() {
        List<ServerRecord> servers = db.read("list the virtual servers", c -> {
            try (PreparedStatement ps = c.prepareStatement(SELECT_SERVERS)) {
                return readServers(ps);
            }
        });
        List<ServerRecord> sorted = new ArrayList<>(servers);
        sorted.sort(Comparator.comparing(ServerRecord::name).thenComparing(ServerRecord::uuid));
        return sorted;
    }

    @Override
    public Optional<ServerRecord> server(String uuidOrName) {
        return db.read("read virtual server " + uuidOrName, c -> {
            Optional<ServerRecord> byUuid = serverBy(c, "uuid", uuidOrName);
            return byUuid.isPresent() ? byUuid : serverBy(c, "name", uuidOrName);
        });
    }

    @Override
    public ServerRecord updateServer(String uuid, ServerUpdate update) {
        return db.write("update virtual server " + uuid, c -> updateServer(c, uuid, update));
    }

    @Override
    public void setLevels(ManagementLevel fallback, Map<String, ManagementLevel> hosts,
                          Map<String, Optional<ManagementLevel>> servers) {
        db.writeAction("set management levels", c -> {
            if (fallback != null) {
                setDefaultLevel(c, fallback);
            }
            for (Map.Entry<String, ManagementLevel> h : hosts.entrySet()) {
                setHostLevel(c, h.getKey(), h.getValue());
            }
            for (Map.Entry<String, Optional<ManagementLevel>> s : servers.entrySet()) {
                updateServer(c, s.getKey(), new ServerUpdate(Optional.empty(), Optional.empty(), Optional.of(s.getValue())));
            }
        });
    }

    private static ServerRecord updateServer(Connection c, String uuid, ServerUpdate update) throws SQLException {
        ServerRecord current = serverBy(c, "uuid", uuid).orElseThrow(() -> new NotFoundException(
                "there is no virtual server with UUID " + uuid + " (HPM knows the servers its hosts reported)"));
        ServerRecord next = new ServerRecord(current.uuid(), current.name(), current.host(), current.vcpus(),
                update.description().map(Sql::text).orElse(current.description()),
                update.tags().map(Set::copyOf).orElse(current.tags()), current.osType(),
                update.level().isPresent() ? update.level().get().orElse(null) : current.level(),
                current.firstSeen(), current.lastSeen());
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE servers SET description = ?, tags = ?, level = ? WHERE uuid = ?")) {
            ps.setString(1, next.description());
            ps.setString(2, Json.strings(next.tags()));
            ps.setString(3, next.level() == null ? null : next.level().label());
            ps.setString(4, uuid);
            ps.executeUpdate();
        }
        return next;
    }

    @Override
    public List<HostRecord> hosts() {
        return db.read("list the hosts", c -> {
            try (PreparedStatement ps = c.prepareStatement(SELECT_HOSTS + " ORDER BY id")) {
                return readHosts(ps);
            }
        });
    }

    @Override
    public Optional<HostRecord> host(String id) {
        return db.read("read host " + id, c -> hostById(c, id));
    }

    @Override
    public HostRecord registerHost(String id, String name, String uri) {
        return db.write("register host " + id, c -> {
            Optional<HostRecord> existing = hostById(c, id);
            String sql = existing.isPresent()
                    ? "UPDATE hosts SET name = ?, uri = ? WHERE id = ?"
                    : "INSERT INTO hosts (name, uri, id, cpus) VALUES (?, ?, ?, 0)";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, name == null ? id : name);
                ps.setString(2, uri == null ? id : uri);
                ps.setString(3, id);
                ps.executeUpdate();
            }
            return hostById(c, id).orElseThrow();
        });
    }

    @Override
    public HostRecord setHostLevel(String id, ManagementLevel level) {
        return db.write("set the management level of host " + id, c -> {
            setHostLevel(c, id, level);
            return hostById(c, id).orElseThrow();
        });
    }

    private static void setHostLevel(Connection c, String id, ManagementLevel level) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE hosts SET level = ? WHERE id = ?")) {
            ps.setString(1, level == null ? null : level.label());
            ps.setString(2, id);
            if (ps.executeUpdate() == 0) {
                throw new NotFoundException("there is no host " + id + "; register it first");
            }
        }
    }

    @Override
    public ManagementLevel defaultLevel() {
        return db.read("read the default management level", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT setting_value FROM store_settings WHERE name = ?")) {
                ps.setString(1, DEFAULT_LEVEL);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? ManagementLevel.parse(rs.getString(1), DEFAULT_LEVEL) : ManagementLevel.MANAGE;
                }
            }
        });
    }

    @Override
    public void setDefaultLevel(ManagementLevel level) {
        Objects.requireNonNull(level, "level");
        db.writeAction("set the default management level", c -> setDefaultLevel(c, level));
    }

    private static void setDefaultLevel(Connection c, ManagementLevel level) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE store_settings SET setting_value = ? WHERE name = ?")) {
            ps.setString(1, level.label());
            ps.setString(2, DEFAULT_LEVEL);
            ps.executeUpdate();
        }
    }

    private static Optional<ServerRecord> serverBy(Connection c, String column, String value) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SELECT_SERVERS + " WHERE " + column + " = ? ORDER BY uuid")) {
            ps.setString(1, value);
            return readServers(ps).stream().findFirst();
        }
    }

    private static List<ServerRecord> readServers(PreparedStatement ps) throws SQLException {
        List<ServerRecord> servers = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String uuid = rs.getString("uuid");
                servers.add(new ServerRecord(uuid, rs.getString("name"), rs.getString("host"), rs.getInt("vcpus"),
                        rs.getString("description"), Json.strings(rs.getString("tags"), "tags of server " + uuid),
                        rs.getString("os_type"), level(rs.getString("level")), Sql.instant(rs, "first_seen"),
                        Sql.instant(rs, "last_seen")));
            }
        }
        return servers;
    }

    private static Optional<HostRecord> hostById(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SELECT_HOSTS + " WHERE id = ?")) {
            ps.setString(1, id);
            return readHosts(ps).stream().findFirst();
        }
    }

    private static List<HostRecord> readHosts(PreparedStatement ps) throws SQLException {
        List<HostRecord> hosts = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                hosts.add(new HostRecord(rs.getString("id"), rs.getString("name"), rs.getString("uri"),
                        rs.getInt("cpus"), level(rs.getString("level")), Sql.instant(rs, "first_seen"),
                        Sql.instant(rs, "last_seen")));
            }
        }
        return hosts;
    }

    private static ManagementLevel level(String label) {
        return label == null ? null : ManagementLevel.parse(label, "level");
    }
}
