package dev.hpm.store.jdbc;

import dev.hpm.core.time.Timebase;
import dev.hpm.store.ConflictException;
import dev.hpm.store.NotFoundException;
import dev.hpm.store.UserRepository;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Users and API tokens in {@code users} and {@code api_tokens}. Only hashes made by the caller are
 * stored; a user's tokens go with the user. Names are compared exactly.
 */
final class JdbcUsers implements UserRepository {
    private static final String SELECT_USERS = "SELECT name, role, password_hash, created FROM users";
    private static final String SELECT_TOKENS = "SELECT id, user_name, label, token_hash, created, last_used FROM api_tokens";

    private final Database db;
    private final Timebase time;

    JdbcUsers(Database db, Timebase time) {
        this.db = db;
        this.time = time;
    }

    @Override
    public boolean any() {
        return db.read("check for users", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM users"); ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getLong(1) > 0;
            }
        });
    }

    @Override
    public List<UserRecord> users() {
        return db.read("list the users", c -> {
            try (PreparedStatement ps = c.prepareStatement(SELECT_USERS)) {
                List<UserRecord> users = new ArrayList<>(readUsers(ps));
                users.sort(Comparator.comparing(UserRecord::name)); // the same order on both databases
                return users;
            }
        });
    }

    @Override
    public Optional<UserRecord> user(String name) {
        return db.read("read user " + name, c -> userByName(c, name));
    }

    @Override
    public UserRecord create(String name, Role role, String passwordHash) {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(passwordHash, "passwordHash");
        if (name == null || name.isBlank() || name.length() > 128) {
            throw new dev.hpm.core.model.InvalidDefinitionException(new dev.hpm.core.model.Problem("name", name,
                    "give a user name of 1 to 128 characters"));
        }
        Instant now = time.now();
        return db.write("create user " + name, c -> {
            try (PreparedStatement ps = c.prepareStatement( // the primary key refuses a second user of this name
                    "INSERT INTO users (name, role, password_hash, created) VALUES (?, ?, ?, ?)")) {
                ps.setString(1, name);
                ps.setString(2, role.name());
                ps.setString(3, passwordHash);
                Sql.setInstant(ps, 4, now);
                ps.executeUpdate();
            } catch (SQLException e) {
                if (Sql.isUniqueViolation(e)) {
                    throw new ConflictException("a user named " + name + " exists already; choose another name");
                }
                throw e;
            }
            return new UserRecord(name, role, passwordHash, Sql.stored(now));
        });
    }

    @Override
    public void setPassword(String name, String passwordHash) {
        Objects.requireNonNull(passwordHash, "passwordHash");
        db.writeAction("set the password of user " + name, c -> {
            lockUsers(c);
            setColumn(c, "password_hash", passwordHash, name);
        });
    }

    @Override
    public UserRecord update(String name, Role role, String passwordHash, String keepToken) {
        return db.write("change user " + name, c -> {
            lockUsers(c);
            UserRecord user = userByName(c, name).orElseThrow(() -> noUser(name));
            if (role != null && role != Role.ADMIN && user.role() == Role.ADMIN && admins(c) <= 1) {
                throw new ConflictException(name + " is the only admin; make another user admin first");
            }
            if (role != null) {
                setColumn(c, "role", role.name(), name);
            }
            if (passwordHash != null) {
                setColumn(c, "password_hash", passwordHash, name);
                try (PreparedStatement ps = c.prepareStatement(
                        "DELETE FROM api_tokens WHERE user_name = ? AND id <> ?")) {
                    ps.setString(1, name);
                    ps.setString(2, keepToken == null ? "" : keepToken);
                    ps.executeUpdate();
                }
            }
            return userByName(c, name).orElseThrow();
        });
    }

    @Override
    public void delete(String name) {
        db.writeAction("delete user " + name, c -> {
            lockUsers(c);
            UserRecord user = userByName(c, name).orElseThrow(() -> noUser(name));
            if (user.role() == Role.ADMIN && admins(c) <= 1) {
                throw new ConflictException(name + " is the only admin and cannot be deleted; make another user "
                        + "admin first");
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM users WHERE name = ?")) {
                ps.setString(1, name);
                ps.executeUpdate();
            }
        });
    }

    @Override
    public TokenRecord createToken(String user, String label, String tokenHash) {
        Objects.requireNonNull(tokenHash, "tokenHash");
        String id = UUID.randomUUID().toString();
        Instant now = time.now();
        return db.write("create an API token for user " + user, c -> {
            if (userByName(c, user).isEmpty()) {
                throw noUser(user);
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO api_tokens (id, user_name, label, token_hash, created) VALUES (?, ?, ?, ?, ?)")) {
                ps.setString(1, id);
                ps.setString(2, user);
                ps.setString(3, Sql.text(label));
                ps.setString(4, tokenHash);
                Sql.setInstant(ps, 5, now);
                ps.executeUpdate();
            } catch (SQLException e) {
                if (Sql.isUniqueViolation(e)) {
                    throw new ConflictException("a token with this hash exists already; generate another secret");
                }
                throw e;
            }
            return new TokenRecord(id, user, Sql.text(label), tokenHash, Sql.stored(now), null);
        });
    }

    @Override
    public Optional<TokenRecord> tokenByHash(String tokenHash) {
        return db.read("look up an API token", c -> {
            try (PreparedStatement ps = c.prepareStatement(SELECT_TOKENS + " WHERE token_hash = ?")) {
                ps.setString(1, tokenHash);
                return readTokens(ps).stream().findFirst();
            }
        });
    }

    @Override
    public List<TokenRecord> tokens(String user) {
        return db.read("list the API tokens of user " + user, c -> {
            try (PreparedStatement ps = c.prepareStatement(SELECT_TOKENS + " WHERE user_name = ? ORDER BY created, id")) {
                ps.setString(1, user);
                return readTokens(ps);
            }
        });
    }

    @Override
    public void touchToken(String id, Instant at) {
        db.writeAction("record the use of API token " + id, c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE api_tokens SET last_used = ? WHERE id = ?")) {
                Sql.setInstant(ps, 1, at);
                ps.setString(2, id);
                ps.executeUpdate();
            }
        });
    }

    @Override
    public void revokeToken(String id) {
        db.writeAction("revoke API token " + id, c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM api_tokens WHERE id = ?")) {
                ps.setString(1, id);
                if (ps.executeUpdate() == 0) {
                    throw new NotFoundException("there is no API token with id " + id);
                }
            }
        });
    }

    /**
     * Takes the lock row of users (schema version 2) for the rest of the transaction: changes of
     * users run one after the other, and what they check (the number of admins) cannot change
     * under them. A later statement of the transaction sees every change committed before.
     */
    private static void lockUsers(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE store_settings SET setting_value = setting_value WHERE name = 'lock.users'")) {
            if (ps.executeUpdate() != 1) {
                throw new SQLException("the lock row lock.users is missing from store_settings (schema version 2)");
            }
        }
    }

    private static long admins(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM users WHERE role = ?")) {
            ps.setString(1, Role.ADMIN.name());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    /** Sets {@code column} (a constant of this class, never user input) of the user. */
    private static void setColumn(Connection c, String column, String value, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE users SET " + column + " = ? WHERE name = ?")) {
            ps.setString(1, value);
            ps.setString(2, name);
            if (ps.executeUpdate() == 0) {
                throw noUser(name);
            }
        }
    }

    private static NotFoundException noUser(String name) {
        return new NotFoundException("there is no user named " + name);
    }

    private static Optional<UserRecord> userByName(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SELECT_USERS + " WHERE name = ?")) {
            ps.setString(1, name);
            return readUsers(ps).stream().findFirst();
        }
    }

    private static List<UserRecord> readUsers(PreparedStatement ps) throws SQLException {
        List<UserRecord> users = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                users.add(new UserRecord(rs.getString("name"), Role.valueOf(rs.getString("role")),
                        rs.getString("password_hash"), Sql.instant(rs, "created")));
            }
        }
        return users;
    }

    private static List<TokenRecord> readTokens(PreparedStatement ps) throws SQLException {
        List<TokenRecord> tokens = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                tokens.add(new TokenRecord(rs.getString("id"), rs.getString("user_name"), rs.getString("label"),
                        rs.getString("token_hash"), Sql.instant(rs, "created"), Sql.instant(rs, "last_used")));
            }
        }
        return tokens;
    }
}
