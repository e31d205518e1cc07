package dev.hpm.store;

import dev.hpm.store.testing.TestDatabase;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;

/** {@link RaceCases} on H2 and on PostgreSQL. */
class RaceTest {
    @Nested
    class H2 extends RaceCases {
        H2() {
            super(TestDatabase.h2());
        }
    }

    @Nested
    @Tag("postgres")
    class Postgres extends RaceCases {
        Postgres() {
            super(TestDatabase.postgres());
        }
    }
}
