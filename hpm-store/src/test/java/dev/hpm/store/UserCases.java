package dev.hpm.store;

import dev.hpm.store.UserRepository.Role;
import dev.hpm.store.UserRepository.TokenRecord;
import dev.hpm.store.UserRepository.UserRecord;
import dev.hpm.store.testing.StoreTestBase;
import dev.hpm.store.testing.TestDatabase;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Users, password hashes, roles and API tokens. */
abstract class UserCases extends StoreTestBase {
    UserCases(TestDatabase database) {
        super(database);
    }

    private UserRepository users() {
        return store.users();
    }

    @Test
    void create_storesTheHashAndTheClocksTime() {
        assertThat(users().any()).isFalse();

        UserRecord alice = users().create("alice", Role.ADMIN, "$argon2id$v=19$hash-a");

        assertThat(users().any()).isTrue();
        assertThat(alice.created()).isEqualTo(clock.now());
        assertThat(users().user("alice")).contains(alice);
        assertThat(alice.toString()).doesNotContain("argon2");
    }

    @Test
    void create_takenName_isAConflict() {
        users().create("alice", Role.ADMIN, "h1");

        assertThatThrownBy(() -> users().create("alice", Role.VIEWER, "h2"))
                .isInstanceOf(ConflictException.class).hasMessageContaining("alice exists already");
        assertThat(users().user("alice").orElseThrow().role()).isEqualTo(Role.ADMIN);
    }

    @Test
    void users_byName() {
        users().create("carol", Role.VIEWER, "h");
        users().create("alice", Role.ADMIN, "h");
        users().create("bob", Role.VIEWER, "h");

        assertThat(users().users()).extracting(UserRecord::name).containsExactly("alice", "bob", "carol");
    }

    @Test
    void setPasswordAndRole_changeTheUserOrFailForAnUnknownOne() {
        users().create("alice", Role.VIEWER, "old");

        users().setPassword("alice", "new");
        users().setRole("alice", Role.ADMIN);

        assertThat(users().user("alice").orElseThrow()).extracting(UserRecord::passwordHash, UserRecord::role)
                .containsExactly("new", Role.ADMIN);
        assertThatThrownBy(() -> users().setPassword("zed", "x")).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> users().setRole("zed", Role.ADMIN)).isInstanceOf(NotFoundException.class);
    }

    @Test
    void delete_removesTheUserAndTheirTokens() {
        users().create("root", Role.ADMIN, "h");
        users().create("alice", Role.ADMIN, "h");
        TokenRecord token = users().createToken("alice", "ci", "token-hash-1");

        users().delete("alice");

        assertThat(users().user("alice")).isEmpty();
        assertThat(users().tokenByHash("token-hash-1")).isEmpty();
        assertThat(users().tokens("alice")).isEmpty();
        assertThatThrownBy(() -> users().revokeToken(token.id())).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> users().delete("alice")).isInstanceOf(NotFoundException.class);
    }

    @Test
    void deleteAndUpdate_lastAdmin_isAConflict() {
        users().create("alice", Role.ADMIN, "h");
        users().create("bob", Role.VIEWER, "h");

        assertThatThrownBy(() -> users().delete("alice")).isInstanceOf(ConflictException.class)
                .hasMessageContaining("only admin");
        assertThatThrownBy(() -> users().setRole("alice", Role.VIEWER)).isInstanceOf(ConflictException.class);
        users().delete("bob");
        assertThat(users().user("alice").orElseThrow().role()).isEqualTo(Role.ADMIN);
    }

    @Test
    void update_newPassword_revokesEveryOtherTokenOfTheUser() {
        users().create("alice", Role.ADMIN, "h");
        users().create("bob", Role.VIEWER, "h");
        TokenRecord kept = users().createToken("alice", "tab", "hash-tab");
        users().createToken("alice", "ci", "hash-ci");
        users().createToken("bob", "ci", "hash-bob");

        users().update("alice", null, "new-hash", kept.id());

        assertThat(users().tokens("alice")).extracting(TokenRecord::id).containsExactly(kept.id());
        assertThat(users().tokens("bob")).hasSize(1);
        assertThat(users().user("alice").orElseThrow().passwordHash()).isEqualTo("new-hash");
        users().update("alice", null, "newer", null);
        assertThat(users().tokens("alice")).isEmpty();
    }

    @Test
    void tokens_createFindTouchAndRevoke() {
        users().create("alice", Role.ADMIN, "h");
        TokenRecord ci = users().createToken("alice", "ci", "hash-ci");
        clock.advance(Duration.ofSeconds(1));
        TokenRecord laptop = users().createToken("alice", "laptop", "hash-laptop");
        Instant used = clock.advance(Duration.ofMinutes(3));

        users().touchToken(ci.id(), used);

        assertThat(users().tokenByHash("hash-ci")).contains(new TokenRecord(ci.id(), "alice", "ci", "hash-ci",
                ci.created(), used));
        assertThat(users().tokens("alice")).extracting(TokenRecord::id).containsExactly(ci.id(), laptop.id());
        assertThat(ci.toString()).doesNotContain("hash-ci");

        users().revokeToken(ci.id());

        assertThat(users().tokenByHash("hash-ci")).isEmpty();
        assertThat(users().tokens("alice")).extracting(TokenRecord::id).containsExactly(laptop.id());
    }

    @Test
    void createToken_forAnUnknownUserOrWithATakenHash_isRefused() {
        users().create("alice", Role.ADMIN, "h");
        users().createToken("alice", "ci", "hash-1");

        assertThatThrownBy(() -> users().createToken("zed", "x", "hash-2")).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> users().createToken("alice", "again", "hash-1")).isInstanceOf(ConflictException.class);
    }
}
