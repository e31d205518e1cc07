package dev.hpm.store;

import dev.hpm.store.testing.TestDatabase;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;

/** {@link ClusterCases} on H2 and on PostgreSQL. */
class ClusterTest {
    @Nested
    class H2 extends ClusterCases {
        H2() {
            super(TestDatabase.h2());
        }
    }

    @Nested
    @Tag("postgres")
    class Postgres extends ClusterCases {
        Postgres() {
            super(TestDatabase.postgres());
        }
    }
}
