package dev.hpm.store;

import dev.hpm.store.testing.TestDatabase;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;

/** {@link BalancingCases} on H2 and on PostgreSQL. */
class BalancingTest {
    @Nested
    class H2 extends BalancingCases {
        H2() {
            super(TestDatabase.h2());
        }
    }

    @Nested
    @Tag("postgres")
    class Postgres extends BalancingCases {
        Postgres() {
            super(TestDatabase.postgres());
        }
    }
}
