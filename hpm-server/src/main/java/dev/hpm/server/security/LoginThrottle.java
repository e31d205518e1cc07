package dev.hpm.server.security;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Slows down password guessing: failed logins are counted per user name (whether or not the user
 * exists, so the answer tells nothing) and per source address. After {@code freePerUser} failures
 * of a name, or {@code freePerAddress} from an address, each further attempt must wait, twice as
 * long each time from {@code firstDelay} up to {@code maxDelay}; attempts while waiting are refused
 * (HTTP 429 with {@code Retry-After}) without checking the password. A success clears its user's
 * count; counts are forgotten {@code forgetAfter} after the last failure. Bounded memory: at most
 * {@link #MAX_KEYS} names and addresses are tracked, the oldest quiet ones are dropped first.
 */
public final class LoginThrottle {
    static final int MAX_KEYS = 100_000;

    /** The limits. */
    public record Settings(int freePerUser, int freePerAddress, Duration firstDelay, Duration maxDelay,
                           Duration forgetAfter) {
        public static final Settings DEFAULT = new Settings(5, 20, Duration.ofSeconds(1), Duration.ofMinutes(15),
                Duration.ofMinutes(15));
        /** No throttling (for measurements that must not be slowed down). */
        public static final Settings OFF = new Settings(Integer.MAX_VALUE, Integer.MAX_VALUE, Duration.ZERO,
                Duration.ZERO, Duration.ofMinutes(15));
    }

    private record Count(int failures, long lastFailure, long blockedUntil) {
    }

    private final Settings settings;
    private final LongSupplier nanos;
    private final ConcurrentHashMap<String, Count> counts = new ConcurrentHashMap<>();

    public LoginThrottle(Settings settings, LongSupplier nanos) {
        this.settings = settings;
        this.nanos = nanos;
    }

    /** How long the caller must wait before trying again, or empty if they may try now. */
    public Optional<Duration> wait(String user, String address) {
        long now = nanos.getAsLong();
        long until = Math.max(blockedUntil(userKey(user), now), blockedUntil(addressKey(address), now));
        return until > now ? Optional.of(Duration.ofNanos(until - now)) : Optional.empty();
    }

    /** Records a failed attempt. */
    public void failed(String user, String address) {
        long now = nanos.getAsLong();
        if (counts.size() >= MAX_KEYS) {
            sweep(now);
        }
        if (user != null) {
            count(userKey(user), settings.freePerUser(), now);
        }
        count(addressKey(address), settings.freePerAddress(), now);
    }

    /** Records a successful login: the user's failures are forgotten (the address's are not). */
    public void succeeded(String user) {
        counts.remove(userKey(user));
    }

    private void count(String key, int free, long now) {
        counts.compute(key, (k, c) -> {
            int failures = (c == null || now - c.lastFailure() > settings.forgetAfter().toNanos()) ? 1 : c.failures() + 1;
            long blockedUntil = now;
            if (failures >= free) {
                int doublings = Math.min(failures - free, 30);
                long delay = Math.min(settings.maxDelay().toNanos(), settings.firstDelay().toNanos() << doublings);
                blockedUntil = now + delay;
            }
            return new Count(failures, now, blockedUntil);
        });
    }

    private long blockedUntil(String key, long now) {
        Count c = counts.get(key);
        return c == null ? now : c.blockedUntil();
    }

    /** Drops counts that are forgotten or not blocking; if still full, all but the blocking ones. */
    private void sweep(long now) {
        counts.entrySet().removeIf(e -> now - e.getValue().lastFailure() > settings.forgetAfter().toNanos());
        if (counts.size() >= MAX_KEYS) {
            counts.entrySet().removeIf(e -> e.getValue().blockedUntil() <= now);
        }
    }

    private static String userKey(String user) {
        return "user " + user;
    }

    private static String addressKey(String address) {
        return "address " + address;
    }
}
