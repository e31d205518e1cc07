package dev.hpm.store;

import dev.hpm.store.testing.StoreTestBase;
import dev.hpm.store.testing.TestDatabase;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Opening, migrating and describing a store. */
abstract class StoreCases extends StoreTestBase {
    StoreCases(TestDatabase database) {
        super(database);
    }

    @Test
    void open_newDatabase_migratesToTheLatestVersionAndSeedsDefaults() {
        assertThat(store.schemaVersion()).isEqualTo(dev.hpm.store.testing.Migrations.LATEST);
        assertThat(store.definitions().groups()).singleElement()
                .satisfies(g -> assertThat(g.group().isDefault()).isTrue());
        assertThat(store.inventory().defaultLevel()).isEqualTo(dev.hpm.core.model.ManagementLevel.MANAGE);
    }

    @Test
    void open_again_keepsDataAndDoesNotSeedTwice() {
        String id = store.definitions().groups().getFirst().id();
        store.audit().append("alice", "login", "", "");
        reopen();
        assertThat(store.schemaVersion()).isEqualTo(dev.hpm.store.testing.Migrations.LATEST);
        assertThat(store.definitions().groups()).singleElement().satisfies(g -> assertThat(g.id()).isEqualTo(id));
        assertThat(store.audit().query(null, null, 10)).hasSize(1);
    }

    @Test
    void describe_namesTheDatabaseWithoutThePassword() {
        String description = store.describe();
        if (database instanceof TestDatabase.H2) {
            assertThat(description).startsWith("H2 file ").endsWith("hpm.mv.db");
        } else {
            assertThat(description).startsWith("PostgreSQL ").contains(" at 127.0.0.1:").doesNotContain("password");
        }
        if (!settings.password().isEmpty()) {
            assertThat(description).doesNotContain(settings.password());
        }
    }

    @Test
    void open_schemaNewerThanTheCode_isRefusedWithAClearMessage() throws Exception {
        store.close();
        try (Connection c = DriverManager.getConnection(settings.jdbcUrl(), settings.user(), settings.password());
             Statement s = c.createStatement()) {
            // what a newer HPM's Flyway records after applying its version 99
            s.execute("INSERT INTO \"flyway_schema_history\" (\"installed_rank\", \"version\", \"description\", \"type\", "
                    + "\"script\", \"checksum\", \"installed_by\", \"execution_time\", \"success\") "
                    + "VALUES (99, '99', 'future', 'SQL', 'V99__future.sql', 1, 'hpm', 1, TRUE)");
        }
        store = null;
        assertThatThrownBy(() -> store = Stores.open(settings, clock))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("has version 99 but this HPM knows versions up to " + dev.hpm.store.testing.Migrations.LATEST)
                .hasMessageContaining("a newer HPM migrated it");
    }

    @Test
    void open_wrongPassword_namesTheUrlAndTheFixButNotThePassword() {
        StoreSettings wrong = new StoreSettings(settings.jdbcUrl(), "hpm".equals(settings.user()) ? "hpm" : "sa",
                "not-the-secret-123", 2, Duration.ofHours(36));
        assertThatThrownBy(() -> Stores.open(wrong, clock))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("cannot open the database " + settings.jdbcUrl())
                .hasMessageNotContaining("not-the-secret-123")
                .hasMessageContaining(database instanceof TestDatabase.H2 ? "" : "check database.user and database.password");
    }

    @Test
    void purgeExpired_deletesWhatIsOlderThanTheRetention() {
        assertThat(((dev.hpm.store.jdbc.JdbcStore) store).purgeExpired()).isZero();
    }

    @Test
    void durableOnce_commitsInside_areSeenAtOnce_andKeptAfterReopening() {
        Integer seen = store.durableOnce("two audit entries", () -> {
            store.audit().append("alice", "login", "", "");
            store.audit().append("bob", "login", "", "");
            return store.audit().query(null, null, 10).size();
        });
        assertThat(seen).as("each commit is visible inside").isEqualTo(2);
        reopen();
        assertThat(store.audit().query(null, null, 10)).hasSize(2);
    }
}
