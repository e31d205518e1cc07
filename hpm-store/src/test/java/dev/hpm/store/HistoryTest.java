package dev.hpm.store;

import dev.hpm.store.testing.TestDatabase;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;

/** {@link HistoryCases} on H2 and on PostgreSQL. */
class HistoryTest {
    @Nested
    class H2 extends HistoryCases {
        H2() {
            super(TestDatabase.h2());
        }
    }

    @Nested
    @Tag("postgres")
    class Postgres extends HistoryCases {
        Postgres() {
            super(TestDatabase.postgres());
        }
    }
}
