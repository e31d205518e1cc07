package dev.hpm.store;

import dev.hpm.store.testing.TestDatabase;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;

/** {@link DefinitionCases} on H2 and on PostgreSQL. */
class DefinitionTest {
    @Nested
    class H2 extends DefinitionCases {
        H2() {
            super(TestDatabase.h2());
        }
    }

    @Nested
    @Tag("postgres")
    class Postgres extends DefinitionCases {
        Postgres() {
            super(TestDatabase.postgres());
        }
    }
}
