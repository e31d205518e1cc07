package dev.hpm.store;

import dev.hpm.store.testing.TestDatabase;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;

/** {@link StoreCases} on H2 and on PostgreSQL. */
class StoreTest {
    @Nested
    class H2 extends StoreCases {
        H2() {
            super(TestDatabase.h2());
        }
    }

    @Nested
    @Tag("postgres")
    class Postgres extends StoreCases {
        Postgres() {
            super(TestDatabase.postgres());
        }
    }
}
