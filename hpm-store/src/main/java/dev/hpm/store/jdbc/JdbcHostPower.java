package dev.hpm.store.jdbc;

import dev.hpm.core.model.Problems;
import dev.hpm.core.time.Timebase;
import dev.hpm.store.NotFoundException;
import dev.hpm.store.PoolRepository.Driver;
import dev.hpm.store.PoolRepository.HostState;
import dev.hpm.store.PoolRepository.Maintenance;
import dev.hpm.store.PoolRepository.Power;
import dev.hpm.store.PoolRepository.PowerSettings;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static dev.hpm.store.jdbc.JdbcPools.hostExists;

/**
 * The hosts' power settings ({@code host_power_settings}, the BMC password only sealed) and their
 * maintenance and power states ({@code host_states}) for {@link JdbcPools}. {@link #checkPower}
 * names every problem of a setting.
 */
final class JdbcHostPower {
    private final Database db;
    private final Timebase time;

    JdbcHostPower(Database db, Timebase time) {
        this.db = db;
        this.time = time;
    }

    public PowerSettings powerSettings(String hypervisor) {
        return db.read("read the power settings of " + hypervisor, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM host_power_settings WHERE hypervisor = ?")) {
                ps.setString(1, hypervisor);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return PowerSettings.none(hypervisor);
                    }
                    return new PowerSettings(hypervisor, Driver.valueOf(rs.getString("driver")), rs.getString("address"),
                            rs.getInt("port"), rs.getString("username"), rs.getString("password_secret"),
                            rs.getString("mac"), Duration.ofMillis(rs.getLong("power_on_timeout")),
                            rs.getDouble("idle_watts"), rs.getDouble("max_watts"));
                }
            }
        });
    }

    public PowerSettings setPowerSettings(PowerSettings s) {
        return db.write("set the power settings of " + s.hypervisor(), c -> {
            if (!hostExists(c, s.hypervisor())) {
                throw new NotFoundException("there is no hypervisor " + s.hypervisor() + " (GET /hypervisors lists them)");
            }
            checkPower(s);
            String secret = s.passwordSecret();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT password_secret FROM host_power_settings WHERE hypervisor = ?")) {
                ps.setString(1, s.hypervisor());
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next() && secret == null) {
                        secret = rs.getString(1);
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM host_power_settings WHERE hypervisor = ?")) {
                ps.setString(1, s.hypervisor());
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO host_power_settings (hypervisor, driver, address, "
                    + "port, username, password_secret, mac, power_on_timeout, idle_watts, max_watts, updated) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, s.hypervisor());
                ps.setString(2, s.driver().name());
                ps.setString(3, s.address());
                ps.setInt(4, s.port());
                ps.setString(5, s.username());
                ps.setString(6, secret);
                ps.setString(7, s.mac());
                ps.setLong(8, s.powerOnTimeout().toMillis());
                ps.setDouble(9, s.idleWatts());
                ps.setDouble(10, s.maxWatts());
                Sql.setInstant(ps, 11, time.now());
                ps.executeUpdate();
            }
            return s.withPasswordSecret(secret);
        });
    }

    /** Every problem of power settings, named by their API fields. */
    static void checkPower(PowerSettings s) {
        Problems p = new Problems();
        if (s.driver() == null) {
            p.add("driver", "", "use none, ipmi, wol or simulated");
        }
        if (s.port() < 1 || s.port() > 65535) {
            p.add("port", s.port(), "use a port from 1 to 65535 (IPMI over LAN: 623)");
        }
        for (String[] f : new String[][]{{"address", s.address()}, {"username", s.username()}}) {
            if (f[1] != null && f[1].length() > 256) {
                p.add(f[0], f[1].substring(0, 40) + "…", "use at most 256 characters");
            }
        }
        if (s.mac() != null && s.mac().length() > 32) {
            p.add("mac", s.mac().substring(0, 32) + "…", "give a MAC address such as 52:54:00:12:34:56");
        }
        if (s.driver() == Driver.IPMI && (s.address() == null || s.address().isBlank())) {
            p.add("address", "", "give the BMC's address for the ipmi driver");
        }
        if (s.driver() == Driver.IPMI && (s.username() == null || s.username().isBlank())) {
            p.add("username", "", "give the BMC user for the ipmi driver");
        }
        if (s.driver() == Driver.WOL && (s.mac() == null || !s.mac().matches("(?i)([0-9a-f]{2}[:-]){5}[0-9a-f]{2}"))) {
            p.add("mac", s.mac() == null ? "" : s.mac(), "give the host's MAC address (52:54:00:12:34:56) for wol");
        }
        if (s.powerOnTimeout() == null || s.powerOnTimeout().isNegative() || s.powerOnTimeout().isZero()
                || s.powerOnTimeout().compareTo(Duration.ofHours(1)) > 0) {
            p.add("power-on-timeout", s.powerOnTimeout(), "use a duration above 0 and at most PT1H");
        }
        if (!(s.idleWatts() >= 0 && s.idleWatts() <= 100_000)) {
            p.add("idle-watts", s.idleWatts(), "use 0 to 100000 (W)");
        }
        if (!(s.maxWatts() >= s.idleWatts() && s.maxWatts() <= 100_000)) {
            p.add("max-watts", s.maxWatts(), "use idle-watts (" + s.idleWatts() + ") to 100000 (W)");
        }
        p.throwIfAny();
    }

    public HostState hostState(String hypervisor, Instant at) {
        return db.read("read the state of " + hypervisor, c -> state(c, hypervisor)).orElse(
                new HostState(hypervisor, Maintenance.NONE, at, Power.ON, at, ""));
    }

    public List<HostState> hostStates() {
        return db.read("read the host states", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM host_states ORDER BY hypervisor")) {
                return states(ps);
            }
        });
    }

    public HostState setMaintenance(String hypervisor, Maintenance state, Instant at) {
        return db.write("set the maintenance of " + hypervisor, c -> {
            HostState s = current(c, hypervisor, at);
            return put(c, new HostState(hypervisor, state, s.maintenance() == state ? s.maintenanceSince() : at,
                    s.power(), s.powerSince(), s.powerDetail()));
        });
    }

    public HostState setPower(String hypervisor, Power state, String detail, Instant at) {
        return db.write("set the power state of " + hypervisor, c -> {
            HostState s = current(c, hypervisor, at);
            return put(c, new HostState(hypervisor, s.maintenance(), s.maintenanceSince(), state,
                    s.power() == state ? s.powerSince() : at, Sql.text(detail)));
        });
    }

    private static HostState current(Connection c, String hypervisor, Instant at) throws SQLException {
        if (!hostExists(c, hypervisor)) {
            throw new NotFoundException("there is no hypervisor " + hypervisor + " (GET /hypervisors lists them)");
        }
        return state(c, hypervisor).orElse(new HostState(hypervisor, Maintenance.NONE, at, Power.ON, at, ""));
    }

    private static HostState put(Connection c, HostState s) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM host_states WHERE hypervisor = ?")) {
            ps.setString(1, s.hypervisor());
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO host_states (hypervisor, maintenance, "
                + "maintenance_since, power, power_since, power_detail) VALUES (?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, s.hypervisor());
            ps.setString(2, s.maintenance().name());
            Sql.setInstant(ps, 3, s.maintenanceSince());
            ps.setString(4, s.power().name());
            Sql.setInstant(ps, 5, s.powerSince());
            ps.setString(6, s.powerDetail());
            ps.executeUpdate();
        }
        return state(c, s.hypervisor()).orElseThrow();
    }

    private static Optional<HostState> state(Connection c, String hypervisor) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM host_states WHERE hypervisor = ?")) {
            ps.setString(1, hypervisor);
            return states(ps).stream().findFirst();
        }
    }

    private static List<HostState> states(PreparedStatement ps) throws SQLException {
        List<HostState> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new HostState(rs.getString("hypervisor"), Maintenance.valueOf(rs.getString("maintenance")),
                        Sql.instant(rs, "maintenance_since"), Power.valueOf(rs.getString("power")),
                        Sql.instant(rs, "power_since"), rs.getString("power_detail")));
            }
        }
        return out;
    }
}
