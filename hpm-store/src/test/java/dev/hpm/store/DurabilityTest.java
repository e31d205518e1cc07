package dev.hpm.store;

import dev.hpm.store.testing.TestDatabase;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;

/** {@link DurabilityCases} on H2 and on PostgreSQL. */
class DurabilityTest {
    @Nested
    class H2 extends DurabilityCases {
        H2() {
            super(TestDatabase.h2());
        }
    }

    @Nested
    @Tag("postgres")
    class Postgres extends DurabilityCases {
        Postgres() {
            super(TestDatabase.postgres());
        }
    }
}
