package dev.hpm.store;

import dev.hpm.store.testing.TestDatabase;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;

/** {@link InventoryCases} on H2 and on PostgreSQL. */
class InventoryTest {
    @Nested
    class H2 extends InventoryCases {
        H2() {
            super(TestDatabase.h2());
        }
    }

    @Nested
    @Tag("postgres")
    class Postgres extends InventoryCases {
        Postgres() {
            super(TestDatabase.postgres());
        }
    }
}
