package dev.hpm.store.jdbc;

import dev.hpm.store.testing.TestDatabase;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;

/** {@link SchemaMigrationCases} on H2 and on PostgreSQL. */
class SchemaMigrationTest {
    @Nested
    class H2 extends SchemaMigrationCases {
        H2() {
            super(TestDatabase.h2());
        }
    }

    @Nested
    @Tag("postgres")
    class Postgres extends SchemaMigrationCases {
        Postgres() {
            super(TestDatabase.postgres());
        }
    }
}
