package dev.hpm.store;

import dev.hpm.store.testing.TestDatabase;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;

/** {@link AuditCases} on H2 and on PostgreSQL. */
class AuditTest {
    @Nested
    class H2 extends AuditCases {
        H2() {
            super(TestDatabase.h2());
        }
    }

    @Nested
    @Tag("postgres")
    class Postgres extends AuditCases {
        Postgres() {
            super(TestDatabase.postgres());
        }
    }
}
