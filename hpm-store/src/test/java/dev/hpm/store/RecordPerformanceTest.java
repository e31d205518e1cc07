package dev.hpm.store;

import dev.hpm.store.testing.TestDatabase;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;

/** {@link RecordPerformanceCases} on H2 and on PostgreSQL. */
class RecordPerformanceTest {
    @Nested
    class H2 extends RecordPerformanceCases {
        H2() {
            super(TestDatabase.h2());
        }
    }

    @Nested
    @Tag("postgres")
    class Postgres extends RecordPerformanceCases {
        Postgres() {
            super(TestDatabase.postgres());
        }
    }
}
