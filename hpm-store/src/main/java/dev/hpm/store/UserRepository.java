package dev.hpm.store;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Users and their API tokens. Passwords and tokens are stored only as hashes made by the caller
 * (the server's security layer); the store never sees a secret.
 */
public interface UserRepository {

    /** zHPM's roles: {@code zhpmuser} may read, {@code zhpmadm} may also write. */
    enum Role {
        VIEWER, ADMIN
    }

    record UserRecord(String name, Role role, String passwordHash, Instant created) {
        @Override
        public String toString() {
            return "UserRecord[" + name + ", " + role + "]"; // no hash in logs
        }
    }

    /** An API token: {@code id} is public (to list and revoke), {@code tokenHash} the hash of the secret. */
    record TokenRecord(String id, String user, String label, String tokenHash, Instant created, Instant lastUsed) {
        @Override
        public String toString() {
            return "TokenRecord[" + id + ", " + user + ", " + label + "]";
        }
    }

    boolean any();

    List<UserRecord> users();

    Optional<UserRecord> user(String name);

    /** @throws ConflictException if the name is taken */
    UserRecord create(String name, Role role, String passwordHash);

    /**
     * Replaces the password hash and nothing else (a rehash with more iterations).
     *
     * @throws NotFoundException if there is no such user
     */
    void setPassword(String name, String passwordHash);

    /** {@link #update} of the role alone. */
    default void setRole(String name, Role role) {
        update(name, Objects.requireNonNull(role, "role"), null, null);
    }

    /**
     * Changes a user's role and/or password in one transaction; null leaves that unchanged. A new
     * password revokes every token of the user except {@code keepToken} (the caller's own, or null).
     * Changes of users run one after the other under a lock, and the check that another admin
     * remains is made under it, so two admins demoting each other at once cannot both succeed.
     *
     * @return the user as changed (read in the same transaction)
     * @throws NotFoundException if there is no such user
     * @throws ConflictException if the change would leave no admin
     */
    UserRecord update(String name, Role role, String passwordHash, String keepToken);

    /**
     * Deletes the user and their tokens, under the same lock and check as {@link #update}.
     *
     * @throws NotFoundException if there is no such user
     * @throws ConflictException if the user is the last admin
     */
    void delete(String name);

    TokenRecord createToken(String user, String label, String tokenHash);

    Optional<TokenRecord> tokenByHash(String tokenHash);

    List<TokenRecord> tokens(String user);

    void touchToken(String id, Instant at);

    /** @throws NotFoundException if there is no such token */
    void revokeToken(String id);
}
