package dev.hpm.store;

import dev.hpm.store.testing.TestDatabase;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;

/** {@link AdjustmentCases} on H2 and on PostgreSQL. */
class AdjustmentTest {
    @Nested
    class H2 extends AdjustmentCases {
        H2() {
            super(TestDatabase.h2());
        }
    }

    @Nested
    @Tag("postgres")
    class Postgres extends AdjustmentCases {
        Postgres() {
            super(TestDatabase.postgres());
        }
    }
}
