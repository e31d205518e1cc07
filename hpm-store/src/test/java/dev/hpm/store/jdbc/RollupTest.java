package dev.hpm.store.jdbc;

import dev.hpm.store.testing.TestDatabase;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;

/** {@link RollupCases} on H2 and on PostgreSQL. */
class RollupTest {
    @Nested
    class H2 extends RollupCases {
        H2() {
            super(TestDatabase.h2());
        }
    }

    @Nested
    @Tag("postgres")
    class Postgres extends RollupCases {
        Postgres() {
            super(TestDatabase.postgres());
        }
    }
}
