package dev.hpm.store.testing;

import dev.hpm.store.Store;
import dev.hpm.store.StoreSettings;
import dev.hpm.store.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Base of tests that run the same cases on H2 and PostgreSQL: a subclass per database passes its
 * {@link TestDatabase} (the PostgreSQL one tagged {@code postgres}); each test gets a new, empty
 * store on {@link #clock} and everything is dropped afterwards.
 *
 * <pre>{@code
 * abstract class FooCases extends StoreTestBase { FooCases(TestDatabase db) { super(db); } @Test void …() }
 * class FooTest {
 *     @Nested class H2 extends FooCases { H2() { super(TestDatabase.h2()); } }
 *     @Nested @Tag("postgres") class Postgres extends FooCases { Postgres() { super(TestDatabase.postgres()); } }
 * }
 * }</pre>
 */
public abstract class StoreTestBase {
    protected final TestDatabase database;
    protected final TestClock clock = new TestClock();
    protected StoreSettings settings;
    protected Store store;

    protected StoreTestBase(TestDatabase database) {
        this.database = database;
    }

    @BeforeEach
    void openStore() {
        settings = database.create();
        store = Stores.open(settings, clock);
    }

    @AfterEach
    void dropStore() {
        try {
            if (store != null) {
                store.close();
            }
        } finally {
            database.dropAll();
        }
    }

    /** Closes the store and opens the same database again. */
    protected Store reopen() {
        store.close();
        store = Stores.open(settings, clock);
        return store;
    }
}
