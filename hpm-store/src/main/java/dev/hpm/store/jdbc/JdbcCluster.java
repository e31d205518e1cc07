package dev.hpm.store.jdbc;

import dev.hpm.core.cluster.ClusterMember;
import dev.hpm.core.cluster.Lease;
import dev.hpm.store.ClusterRepository;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code cluster_instances} and {@code host_leases} (schema version 7). Each move on a lease is one
 * {@code UPDATE … WHERE host = ? AND epoch = ? AND …}: the database serialises the updates of a row,
 * so of two instances racing for a host the second finds the epoch changed and updates nothing.
 */
final class JdbcCluster implements ClusterRepository {
    private final Database db;

    JdbcCluster(Database db) {
        this.db = db;
    }

    @Override
    public void heartbeat(String instance, String address, Instant started, Instant now) {
        db.writeAction("record the heartbeat of instance " + instance, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE cluster_instances SET heartbeat_ms = ?, address = ? WHERE instance_id = ?")) {
                ps.setLong(1, now.toEpochMilli());
                ps.setString(2, address);
                ps.setString(3, instance);
                if (ps.executeUpdate() == 1) {
                    return;
                }
            }
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO cluster_instances (instance_id, address, started_ms, heartbeat_ms) VALUES (?, ?, ?, ?)""")) {
                ps.setString(1, instance);
                ps.setString(2, address);
                ps.setLong(3, started.toEpochMilli());
                ps.setLong(4, now.toEpochMilli());
                ps.executeUpdate();
            }
        });
    }

    @Override
    public void leave(String instance) {
        db.writeAction("remove instance " + instance + " from the cluster", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE host_leases SET owner = NULL, expires_ms = 0 WHERE owner = ?")) {
                ps.setString(1, instance);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM cluster_instances WHERE instance_id = ?")) {
                ps.setString(1, instance);
                ps.executeUpdate();
            }
        });
    }

    @Override
    public List<ClusterMember> members() {
        return db.read("read the cluster's instances", c -> {
            List<ClusterMember> members = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT instance_id, address, started_ms, heartbeat_ms FROM cluster_instances ORDER BY instance_id");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    members.add(new ClusterMember(rs.getString(1), rs.getString(2), Instant.ofEpochMilli(rs.getLong(3)),
                            Instant.ofEpochMilli(rs.getLong(4))));
                }
            }
            return members;
        });
    }

    @Override
    public int forget(Instant before) {
        return db.write("remove instances without a heartbeat since " + before, c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM cluster_instances WHERE heartbeat_ms < ?")) {
                ps.setLong(1, before.toEpochMilli());
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public List<Lease> leases() {
        return db.read("read the host leases", c -> {
            List<Lease> leases = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT host, owner, epoch, expires_ms, acquired_ms, renewed_ms FROM host_leases ORDER BY host""");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    leases.add(new Lease(rs.getString(1), rs.getString(2), rs.getLong(3),
                            Instant.ofEpochMilli(rs.getLong(4)), instant(rs, 5), instant(rs, 6)));
                }
            }
            return leases;
        });
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        long ms = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(ms);
    }

    @Override
    public void ensureHosts(Collection<String> hosts) {
        Set<String> missing = new TreeSet<>(hosts);
        leases().forEach(l -> missing.remove(l.host()));
        for (String host : missing) {
            try {
                db.writeAction("add the lease row of host " + host, c -> {
                    try (PreparedStatement ps = c.prepareStatement(
                            "INSERT INTO host_leases (host, owner, epoch, expires_ms) VALUES (?, NULL, 0, 0)")) {
                        ps.setString(1, host);
                        ps.executeUpdate();
                    }
                });
            } catch (dev.hpm.store.StoreException e) {
                if (!(e.getCause() instanceof SQLException s && Sql.isUniqueViolation(s))) {
                    throw e; // else another instance added it first
                }
            }
        }
    }

    @Override
    public Optional<Lease> acquire(Lease seen, String instance, Instant now, Instant expires) {
        Lease taken = seen.acquiredBy(instance, now, expires);
        int updated = db.write("acquire the lease of host " + seen.host(), c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    UPDATE host_leases SET owner = ?, epoch = ?, expires_ms = ?, acquired_ms = ?, renewed_ms = ?
                    WHERE host = ? AND epoch = ? AND (owner IS NULL OR expires_ms <= ?)""")) {
                ps.setString(1, instance);
                ps.setLong(2, taken.epoch());
                ps.setLong(3, expires.toEpochMilli());
                ps.setLong(4, now.toEpochMilli());
                ps.setLong(5, now.toEpochMilli());
                ps.setString(6, seen.host());
                ps.setLong(7, seen.epoch());
                ps.setLong(8, now.toEpochMilli());
                return ps.executeUpdate();
            }
        });
        return updated == 1 ? Optional.of(taken) : Optional.empty();
    }

    @Override
    public List<String> renew(String instance, Collection<Lease> held, Instant now, Instant expires) {
        if (held.isEmpty()) {
            return List.of();
        }
        List<Lease> leases = List.copyOf(held);
        return db.write("renew the leases of instance " + instance, c -> {
            List<String> renewed = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("""
                    UPDATE host_leases SET expires_ms = ?, renewed_ms = ?
                    WHERE host = ? AND owner = ? AND epoch = ? AND expires_ms > ?""")) {
                for (Lease l : leases) { // one by one: a batch may not say which rows it updated
                    ps.setLong(1, expires.toEpochMilli());
                    ps.setLong(2, now.toEpochMilli());
                    ps.setString(3, l.host());
                    ps.setString(4, instance);
                    ps.setLong(5, l.epoch());
                    ps.setLong(6, now.toEpochMilli());
                    if (ps.executeUpdate() == 1) {
                        renewed.add(l.host());
                    }
                }
            }
            return renewed;
        });
    }

    @Override
    public void release(String instance, Lease held) {
        db.writeAction("release the lease of host " + held.host(), c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE host_leases SET owner = NULL, expires_ms = 0 WHERE host = ? AND owner = ? AND epoch = ?")) {
                ps.setString(1, held.host());
                ps.setString(2, instance);
                ps.setLong(3, held.epoch());
                ps.executeUpdate();
            }
        });
    }
}
