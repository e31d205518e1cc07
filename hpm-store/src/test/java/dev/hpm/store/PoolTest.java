package dev.hpm.store;

import dev.hpm.store.testing.TestDatabase;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;

/** {@link PoolCases} on H2 and on PostgreSQL. */
class PoolTest {
    @Nested
    class H2 extends PoolCases {
        H2() {
            super(TestDatabase.h2());
        }
    }

    @Nested
    @Tag("postgres")
    class Postgres extends PoolCases {
        Postgres() {
            super(TestDatabase.postgres());
        }
    }
}
