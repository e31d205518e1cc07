package dev.hpm.store;

import dev.hpm.store.testing.TestDatabase;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;

/** {@link OriginalsCases} on H2 and on PostgreSQL. */
class OriginalsTest {
    @Nested
    class H2 extends OriginalsCases {
        H2() {
            super(TestDatabase.h2());
        }
    }

    @Nested
    @Tag("postgres")
    class Postgres extends OriginalsCases {
        Postgres() {
            super(TestDatabase.postgres());
        }
    }
}
