package dev.hpm.store;

import dev.hpm.store.testing.TestDatabase;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;

/** {@link UserCases} on H2 and on PostgreSQL. */
class UserTest {
    @Nested
    class H2 extends UserCases {
        H2() {
            super(TestDatabase.h2());
        }
    }

    @Nested
    @Tag("postgres")
    class Postgres extends UserCases {
        Postgres() {
            super(TestDatabase.postgres());
        }
    }
}
