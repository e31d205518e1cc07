package dev.hpm.store.jdbc;

import dev.hpm.core.cpu.ShareLedger;
import dev.hpm.store.OriginalsRepository;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.HashMap;
import java.util.Map;

/** {@code original_settings} (schema version 9): one row per host and server HPM has changed. */
final class JdbcOriginals implements OriginalsRepository {
    private final Database db;

    JdbcOriginals(Database db) {
        this.db = db;
    }

    @Override
    public Map<String, ShareLedger.Original> load(String host) {
        return db.read("read the settings from before HPM of host " + host, c -> {
            Map<String, ShareLedger.Original> originals = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT vs_uuid, cpu_shares, cap_cpus FROM original_settings WHERE host = ?")) {
                ps.setString(1, host);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String uuid = rs.getString(1);
                        long shares = rs.getLong(2);
                        double cap = rs.getDouble(3);
                        originals.put(uuid, new ShareLedger.Original(shares, rs.wasNull() ? Double.POSITIVE_INFINITY : cap));
                    }
                }
            }
            return Map.copyOf(originals);
        });
    }

    @Override
    public void record(String host, String uuid, ShareLedger.Original original) {
        try {
            db.writeAction("record the settings from before HPM of " + uuid + " on " + host, c -> {
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT 1 FROM original_settings WHERE host = ? AND vs_uuid = ?")) {
                    ps.setString(1, host);
                    ps.setString(2, uuid);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next()) {
                            return; // the first original stands
                        }
                    }
                }
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO original_settings (host, vs_uuid, cpu_shares, cap_cpus) VALUES (?, ?, ?, ?)")) {
                    ps.setString(1, host);
                    ps.setString(2, uuid);
                    ps.setLong(3, original.shares());
                    if (Double.isFinite(original.capCpus())) {
                        ps.setDouble(4, original.capCpus());
                    } else {
                        ps.setNull(4, Types.DOUBLE);
                    }
                    ps.executeUpdate();
                }
            });
        } catch (dev.hpm.store.StoreException e) {
            if (!(e.getCause() instanceof SQLException s && Sql.isUniqueViolation(s))) {
                throw e; // else recorded meanwhile: the first original stands
            }
        }
    }

    @Override
    public void forget(String host, String uuid) {
        db.writeAction("remove the settings from before HPM of " + uuid + " on " + host, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "DELETE FROM original_settings WHERE host = ? AND vs_uuid = ?")) {
                ps.setString(1, host);
                ps.setString(2, uuid);
                ps.executeUpdate();
            }
        });
    }
}
