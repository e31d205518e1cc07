package dev.hpm.store;

import dev.hpm.store.testing.TestDatabase;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * {@link BulkLoadBenchmarkCases} on H2 and on PostgreSQL; runs only with {@code -Dhpm.store.bench=true}
 * (minutes and several GB of disk), e.g.
 * {@code mvn -pl hpm-store test -Dtest='BulkLoadBenchmarkTest*' -Dhpm.store.bench=true}.
 */
@Tag("benchmark")
@EnabledIfSystemProperty(named = "hpm.store.bench", matches = "true",
        disabledReason = "the 13 M-row history benchmark runs with -Dhpm.store.bench=true")
class BulkLoadBenchmarkTest {
    @Nested
    class H2 extends BulkLoadBenchmarkCases {
        H2() {
            super(TestDatabase.h2());
        }
    }

    @Nested
    @Tag("postgres")
    class Postgres extends BulkLoadBenchmarkCases {
        Postgres() {
            super(TestDatabase.postgres());
        }
    }
}
