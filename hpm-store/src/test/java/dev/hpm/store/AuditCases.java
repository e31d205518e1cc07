package dev.hpm.store;

import dev.hpm.store.AuditLog.Entry;
import dev.hpm.store.testing.StoreTestBase;
import dev.hpm.store.testing.TestDatabase;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The audit log. */
abstract class AuditCases extends StoreTestBase {
    AuditCases(TestDatabase database) {
        super(database);
    }

    @Test
    void append_stampsEntriesWithTheStoresClock() {
        Instant at = clock.advance(Duration.ofMillis(1234));

        store.audit().append("alice", "wrg-create", "Gold", "{\"importance\":\"high\"}");

        assertThat(store.audit().query(at, at.plusMillis(1), 10)).singleElement().satisfies(e -> {
            assertThat(e.at()).isEqualTo(at);
            assertThat(e).extracting(Entry::user, Entry::action, Entry::target, Entry::detail)
                    .containsExactly("alice", "wrg-create", "Gold", "{\"importance\":\"high\"}");
        });
    }

    @Test
    void query_isFromInclusiveToExclusiveNewestFirstAndLimited() {
        Instant start = clock.now();
        for (int i = 0; i < 10; i++) {
            store.audit().append("bob", "action-" + i, "t", "");
            clock.advance(Duration.ofSeconds(1));
        }

        assertThat(store.audit().query(start.plusSeconds(2), start.plusSeconds(6), 100)).extracting(Entry::action)
                .containsExactly("action-5", "action-4", "action-3", "action-2");
        assertThat(store.audit().query(start, start.plusSeconds(60), 3)).extracting(Entry::action)
                .containsExactly("action-9", "action-8", "action-7");
    }

    @Test
    void append_sameInstant_keepsTheOrderOfAppending() {
        store.audit().append("a", "first", null, null);
        store.audit().append("a", "second", null, null);

        assertThat(store.audit().query(null, null, 10)).extracting(Entry::action).containsExactly("second", "first");
        assertThat(store.audit().query(null, null, 10).getFirst().target()).isEmpty();
    }

    @Test
    void purge_neverDeletesTheAuditLog() {
        store.audit().append("a", "kept", "", "");

        store.history().purgeBefore(clock.now().plus(Duration.ofDays(365)));

        assertThat(store.audit().query(null, null, 10)).hasSize(1);
    }
}
