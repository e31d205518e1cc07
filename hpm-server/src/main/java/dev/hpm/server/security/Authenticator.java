package dev.hpm.server.security;

import dev.hpm.core.time.Timebase;
import dev.hpm.store.AuditLog;
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
 *
 * <p>Password guessing is throttled ({@link LoginThrottle}) and every failed or throttled login
 * is audited. A user who does not exist costs the same PBKDF2 work as a wrong password
 * ({@link Secrets#verifyNothing}) and gets the same answer. A hash made with fewer iterations than
 * {@link Secrets#ITERATIONS} is replaced at the user's next successful login.
 *
 * <p>A token's last use is written to the store at most once per {@link #TOUCH_EVERY} (on the
 * injected clock): a script polling the API several times a second would otherwise make every read
 * a write transaction, which waits behind the interval's write. The stored time is therefore up to a
 * minute old, which is all the token list shows it for.
 */
public final class Authenticator {
    private static final Duration REMEMBER = Duration.ofMinutes(5);
    /** How often at most a token's last use is written. */
    public static final Duration TOUCH_EVERY = Duration.ofMinutes(1);
    private final UserRepository users;
    private final AuditLog audit;
    private final Timebase time;
    private final LoginThrottle throttle;
    private final String pepper = Secrets.newToken();
    private final ConcurrentHashMap<String, Remembered> verified = new ConcurrentHashMap<>();
    /** Per token id, the clock's nanos when its last use was last written. */
    private final ConcurrentHashMap<String, Long> touched = new ConcurrentHashMap<>();

    private record Remembered(Principal principal, long until) {
    }

    /** What the credentials of a request come to. */
    public sealed interface Outcome {
        /** The caller is known. */
        record Authenticated(Principal principal) implements Outcome {
        }

        /** No credentials were given. */
        record Anonymous() implements Outcome {
        }

        /** The credentials are wrong (or of a kind HPM does not know). */
        record Refused() implements Outcome {
        }

        /** Too many failures: try again after {@code retryAfter}. */
        record Throttled(Duration retryAfter) implements Outcome {
        }
    }

    public Authenticator(UserRepository users, AuditLog audit, Timebase time, LoginThrottle.Settings throttle) {
        this.users = users;
        this.audit = audit;
        this.time = time;
        this.throttle = new LoginThrottle(throttle, time::nanos);
    }

    /** The caller of a request with this header from this source address. */
    public Outcome authenticate(String authorization, String address) {
        if (authorization == null || authorization.isBlank()) {
            return new Outcome.Anonymous();
        }
        String header = authorization.strip();
        if (header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return token(header.substring(7).strip());
        }
        if (header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return basic(header.substring(6).strip(), address);
        }
        return refused(null, address, "an Authorization header that is neither Basic nor Bearer");
    }

    /**
     * A token has 256 random bits: guessing one is hopeless, so token failures are neither throttled
     * nor audited (a script polling with a revoked token must not lock out its address or fill the log).
     */
    private Outcome token(String secret) {
        Optional<Principal> principal = secret.isEmpty() || secret.length() > 200 ? Optional.empty()
                : users.tokenByHash(Secrets.sha256(secret)).flatMap(t -> {
                    touch(t.id());
                    return users.user(t.user()).map(u -> Principal.byToken(u.name(), Role.of(u.role()), t.id()));
                });
        return principal.<Outcome>map(Outcome.Authenticated::new).orElseGet(Outcome.Refused::new);
    }

    /** Writes the token's last use unless it was written less than {@link #TOUCH_EVERY} ago. */
    private void touch(String tokenId) {
        long now = time.nanos();
        boolean[] due = {false};
        touched.compute(tokenId, (id, last) -> {
            if (last != null && now - last < TOUCH_EVERY.toNanos()) {
                return last;
            }
            due[0] = true;
            return now;
        });
        if (due[0]) {
            users.touchToken(tokenId, time.now());
        }
    }

    private Outcome basic(String encoded, String address) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return refused(null, address, "Basic credentials that are not Base64");
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0 || decoded.length() > 1000) {
            return refused(null, address, "Basic credentials without a user name, or longer than 1000 characters");
        }
        String name = decoded.substring(0, colon);
        String password = decoded.substring(colon + 1);
        String key = Secrets.sha256(pepper + "\n" + decoded);
        Remembered hit = verified.get(key);
        long now = time.nanos();
        if (hit != null && now < hit.until()) {
            return new Outcome.Authenticated(hit.principal()); // only the right password is ever remembered
        }
        Optional<Duration> wait = throttle.wait(name, address);
        if (wait.isPresent()) {
            return throttled(name, address, wait.get());
        }
        Optional<UserRepository.UserRecord> user = users.user(name);
        boolean right = user.isPresent() ? Secrets.verifyPassword(password, user.get().passwordHash())
                : verifyNothing(password);
        if (!right) {
            return refused(name, address, "a wrong password or an unknown user");
        }
        UserRepository.UserRecord u = user.get();
        throttle.succeeded(name);
        if (Secrets.needsRehash(u.passwordHash())) {
            users.setPassword(name, Secrets.hashPassword(password));
        }
        Principal principal = Principal.byPassword(u.name(), Role.of(u.role()));
        verified.put(key, new Remembered(principal, now + REMEMBER.toNanos()));
        return new Outcome.Authenticated(principal);
    }

    private static boolean verifyNothing(String password) {
        Secrets.verifyNothing(password);
        return false;
    }

    private Outcome refused(String name, String address, String what) {
        throttle.failed(name, address);
        audit.append("-", "login-failed", shorten(name), "from " + address + ": " + what);
        return new Outcome.Refused();
    }

    private Outcome throttled(String name, String address, Duration wait) {
        audit.append("-", "login-throttled", shorten(name), "from " + address + ": refused without checking, "
                + "too many failures; may try again in " + Math.max(1, wait.toSeconds()) + " s");
        return new Outcome.Throttled(wait);
    }

    private static String shorten(String name) {
        return name == null ? "" : name.length() > 128 ? name.substring(0, 128) + "…" : name;
    }

    /** Forgets remembered credentials (after a password or role change, or a user's deletion). */
    public void forgetAll() {
        verified.clear();
    }
}
