package dev.hpm.server.security;

import dev.hpm.server.TestServer;
import dev.hpm.server.security.Authenticator.Outcome;
import dev.hpm.store.AuditLog;
import dev.hpm.store.Store;
import dev.hpm.store.StoreSettings;
import dev.hpm.store.Stores;
import dev.hpm.store.UserRepository.Role;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class AuthenticatorTest {
    @TempDir
    Path data;
    private Store store;

    @BeforeEach
    void open() {
        store = Stores.open(StoreSettings.embedded(data), TestServer.SYSTEM);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void authenticate_olderHash_isRehashedWith600000IterationsAtTheNextLogin() {
        store.users().create("old", Role.VIEWER, Secrets.hashPassword("an-old-password", 210_000));
        Authenticator a = new Authenticator(store.users(), store.audit(), TestServer.SYSTEM, LoginThrottle.Settings.DEFAULT);

        assertThat(a.authenticate(basic("old", "an-old-password"), "10.0.0.1")).isInstanceOf(Outcome.Authenticated.class);

        String hash = store.users().user("old").orElseThrow().passwordHash();
        assertThat(hash).startsWith("pbkdf2-sha256$600000$");
        assertThat(Secrets.verifyPassword("an-old-password", hash)).isTrue();
        assertThat(Secrets.needsRehash(hash)).isFalse();
    }

    @Test
    void authenticate_failuresAreAuditedAndThrottledPerUserAndPerAddress() {
        store.users().create("alice", Role.VIEWER, Secrets.hashPassword("alice-password-1"));
        AtomicLong nanos = new AtomicLong();
        dev.hpm.core.time.Timebase clock = new dev.hpm.core.time.Timebase() {
            @Override
            public long nanos() {
                return nanos.get();
            }

            @Override
            public java.time.Instant now() {
                return java.time.Instant.EPOCH.plusNanos(nanos.get());
            }
        };
        LoginThrottle.Settings limits = new LoginThrottle.Settings(3, 5, Duration.ofSeconds(1), Duration.ofSeconds(8),
                Duration.ofMinutes(15));
        Authenticator a = new Authenticator(store.users(), store.audit(), clock, limits);
        for (int i = 0; i < 3; i++) {
            assertThat(a.authenticate(basic("alice", "wrong-" + i), "10.0.0.1")).isInstanceOf(Outcome.Refused.class);
        }
        assertThat(a.authenticate(basic("alice", "alice-password-1"), "10.0.0.2"))
                .as("the right password while the name is throttled").isInstanceOf(Outcome.Throttled.class);
        nanos.addAndGet(Duration.ofMillis(1001).toNanos());
        assertThat(a.authenticate(basic("alice", "alice-password-1"), "10.0.0.2")).isInstanceOf(Outcome.Authenticated.class);
        for (int i = 0; i < 5; i++) {
            assertThat(a.authenticate(basic("nobody-" + i, "x"), "10.0.0.9")).isInstanceOf(Outcome.Refused.class);
        }
        assertThat(a.authenticate(basic("someone-else", "x"), "10.0.0.9")).as("the address is throttled")
                .isInstanceOf(Outcome.Throttled.class);

        assertThat(store.audit().query(null, null, 100)).extracting(AuditLog.Entry::action)
                .containsOnly("login-failed", "login-throttled").hasSize(10);
    }

    @Test
    void authenticate_tokenUsedOftenWithinAMinute_writesItsLastUseOncePerMinute() {
        store.users().create("robot", Role.VIEWER, Secrets.hashPassword("robot-password-1"));
        String secret = Secrets.newToken();
        String id = store.users().createToken("robot", "poller", Secrets.sha256(secret)).id();
        AtomicLong nanos = new AtomicLong(Duration.ofHours(1).toNanos());
        dev.hpm.core.time.Timebase clock = new dev.hpm.core.time.Timebase() {
            @Override
            public long nanos() {
                return nanos.get();
            }

            @Override
            public java.time.Instant now() {
                return java.time.Instant.EPOCH.plusNanos(nanos.get());
            }
        };
        Authenticator a = new Authenticator(store.users(), store.audit(), clock, LoginThrottle.Settings.DEFAULT);
        java.time.Instant first = clock.now();

        for (int i = 0; i < 30; i++) { // a poller: every 2 s for 58 s
            assertThat(a.authenticate("Bearer " + secret, "10.0.0.1")).isInstanceOf(Outcome.Authenticated.class);
            nanos.addAndGet(Duration.ofSeconds(2).toNanos());
        }
        assertThat(lastUsed(id)).as("written at the first use only").isEqualTo(first);

        nanos.set(first.plusSeconds(61).getEpochSecond() * 1_000_000_000L);
        assertThat(a.authenticate("Bearer " + secret, "10.0.0.1")).isInstanceOf(Outcome.Authenticated.class);
        assertThat(lastUsed(id)).as("written again once a minute has passed").isEqualTo(first.plusSeconds(61));
    }

    private java.time.Instant lastUsed(String tokenId) {
        return store.users().tokens("robot").stream().filter(t -> t.id().equals(tokenId)).findFirst().orElseThrow().lastUsed();
    }
}
