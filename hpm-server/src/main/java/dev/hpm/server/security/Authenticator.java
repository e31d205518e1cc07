package dev.hpm.server.security;

import dev.hpm.core.time.Timebase;
import dev.hpm.store.UserRepository;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns an {@code Authorization} header into a {@link Principal}: HTTP Basic with a user's password,
 * or {@code Bearer} with an API token. Verifying a PBKDF2 hash is deliberately slow, so a verified
 * password is remembered (under a salted hash of the credentials, never the password itself) for a
 * few minutes; changing a user's password or role forgets every remembered credential.
 */
public final class Authenticator {
    private static final Duration REMEMBER = Duration.ofMinutes(5);
    private final UserRepository users;
    private final Timebase time;
    private final String pepper = Secrets.newToken();
    private final ConcurrentHashMap<String, Remembered> verified = new ConcurrentHashMap<>();

    private record Remembered(Principal principal, long until) {
    }

    public Authenticator(UserRepository users, Timebase time) {
        this.users = users;
        this.time = time;
    }

    /** The caller, or empty if the header is missing or wrong. */
    public Optional<Principal> authenticate(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            return Optional.empty();
        }
        String header = authorization.strip();
        if (header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return token(header.substring(7).strip());
        }
        if (header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return basic(header.substring(6).strip());
        }
        return Optional.empty();
    }

    private Optional<Principal> token(String secret) {
        if (secret.isEmpty() || secret.length() > 200) {
            return Optional.empty();
        }
        return users.tokenByHash(Secrets.sha256(secret)).flatMap(t -> {
            users.touchToken(t.id(), time.now());
            return users.user(t.user()).map(u -> new Principal(u.name(), Role.of(u.role()), "token " + t.id()));
        });
    }

    private Optional<Principal> basic(String encoded) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0 || decoded.length() > 1000) {
            return Optional.empty();
        }
        String name = decoded.substring(0, colon);
        String password = decoded.substring(colon + 1);
        String key = Secrets.sha256(pepper + "\n" + decoded);
        Remembered hit = verified.get(key);
        long now = time.nanos();
        if (hit != null && now < hit.until()) {
            return Optional.of(hit.principal());
        }
        Optional<Principal> principal = users.user(name)
                .filter(u -> Secrets.verifyPassword(password, u.passwordHash()))
                .map(u -> new Principal(u.name(), Role.of(u.role()), "password"));
        principal.ifPresent(p -> verified.put(key, new Remembered(p, now + REMEMBER.toNanos())));
        return principal;
    }

    /** Forgets remembered credentials (after a password or role change, or a user's deletion). */
    public void forgetAll() {
        verified.clear();
    }
}
