package dev.hpm.store.jdbc;

import dev.hpm.core.balance.BalancingGroup;
import dev.hpm.core.model.Importance;
import dev.hpm.core.model.PerformancePolicy;
import dev.hpm.core.model.WorkloadResourceGroup;
import dev.hpm.store.DefinitionRepository.GroupRecord;
import dev.hpm.store.Store;
import dev.hpm.store.StoreException;
import dev.hpm.store.StoreSettings;
import dev.hpm.store.Stores;
import dev.hpm.store.UserRepository.Role;
import dev.hpm.store.testing.StoreTestBase;
import dev.hpm.store.testing.TestDatabase;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Flyway's management of the schema: a new database migrates from version 1, a database made by the
 * release before Flyway (its hand-written runner, {@link OldSchemaRunner}) is taken over in place with
 * its data, and a changed script or a history that is not HPM's is refused with a message that says
 * what to do.
 */
abstract class SchemaMigrationCases extends StoreTestBase {
    private static final int LATEST = 7;

    SchemaMigrationCases(TestDatabase database) {
        super(database);
    }

    /**
     * A versioned row of {@code flyway_schema_history}, as an operator would list it (Flyway's marker
     * rows without a version, such as the one it writes on H2 when it creates the table, left out).
     */
    record HistoryRow(String version, String type, boolean success, boolean checksummed) {
    }

    @Test
    void open_newDatabase_appliesEveryMigrationFromVersion1() throws SQLException {
        assertThat(store.schemaVersion()).isEqualTo(LATEST);
        List<HistoryRow> history = history(settings);
        assertThat(history).extracting(HistoryRow::version).containsExactly("1", "2", "3", "4", "5", "6", "7");
        assertThat(history).allSatisfy(r -> {
            assertThat(r.type()).isEqualTo("SQL");
            assertThat(r.success()).isTrue();
            assertThat(r.checksummed()).isTrue();
        });
        assertThat(hasTable(settings, "schema_version")).isFalse();
        assertThat(hasTable(settings, "lb_groups")).isTrue();
    }

    @Test
    void open_databaseOfTodaysRelease_isTakenOverInPlaceWithItsData() throws SQLException {
        StoreSettings old = database.create();
        OldSchemaRunner.create(old, 4, clock);
        String goldId;
        try (Database db = Database.open(old)) {
            goldId = new JdbcDefinitions(db, clock).create(gold()).id();
            new JdbcUsers(db, clock).create("alice", Role.ADMIN, "$pbkdf2$hash-of-alice");
            new JdbcAudit(db, clock).append("alice", "group.create", "Gold", "made before Flyway");
            new JdbcBalancing(db, clock).create(web());
        }

        try (Store taken = Stores.open(old, clock)) {
            assertThat(taken.schemaVersion()).isEqualTo(LATEST);
            assertThat(taken.definitions().groups()).extracting(GroupRecord::id).hasSize(2).contains(goldId);
            assertThat(taken.definitions().group("Gold").orElseThrow().group()).isEqualTo(gold());
            assertThat(taken.users().user("alice").orElseThrow().passwordHash()).isEqualTo("$pbkdf2$hash-of-alice");
            assertThat(taken.audit().query(null, null, 10)).singleElement()
                    .satisfies(e -> assertThat(e.detail()).isEqualTo("made before Flyway"));
            assertThat(taken.balancing().group("web").orElseThrow().members()).hasSize(2);
        }
        assertThat(history(old)).extracting(HistoryRow::version, HistoryRow::type, HistoryRow::success)
                .containsExactly(tuple("4", "BASELINE", true),
                        tuple("5", "SQL", true), tuple("6", "SQL", true), tuple("7", "SQL", true));
        assertThat(hasTable(old, "schema_version")).as("the old runner's table, dropped by migration 5").isFalse();

        try (Store again = Stores.open(old, clock)) {
            assertThat(again.schemaVersion()).isEqualTo(LATEST);
            assertThat(again.definitions().groups()).hasSize(2);
        }
        assertThat(history(old)).as("a second open adds nothing").hasSize(4);
    }

    @Test
    void open_databaseOfTheReleaseBeforeLoadBalancing_appliesTheLaterMigrations() throws SQLException {
        StoreSettings old = database.create();
        OldSchemaRunner.create(old, 3, clock);
        try (Database db = Database.open(old)) {
            new JdbcDefinitions(db, clock).create(gold());
        }
        assertThat(hasTable(old, "lb_groups")).isFalse();

        try (Store taken = Stores.open(old, clock)) {
            assertThat(taken.schemaVersion()).isEqualTo(LATEST);
            assertThat(taken.definitions().group("Gold").orElseThrow().group()).isEqualTo(gold());
            assertThat(taken.balancing().create(web()).name()).isEqualTo("web");
        }
        assertThat(history(old)).extracting(HistoryRow::version, HistoryRow::type)
                .containsExactly(tuple("3", "BASELINE"),
                        tuple("4", "SQL"), tuple("5", "SQL"), tuple("6", "SQL"), tuple("7", "SQL"));
    }

    @Test
    void open_twoStoresAtOnceOnAnOldDatabase_takeItOverOnce() throws Exception {
        StoreSettings old = database.create();
        OldSchemaRunner.create(old, 4, clock);
        try (var pool = Executors.newFixedThreadPool(2)) {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Store>> opening = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                opening.add(pool.submit(() -> {
                    go.await();
                    return Stores.open(old, clock);
                }));
            }
            go.countDown();
            for (var f : opening) {
                try (Store s = f.get(60, TimeUnit.SECONDS)) {
                    assertThat(s.schemaVersion()).isEqualTo(LATEST);
                    assertThat(s.definitions().groups()).as("the default group, seeded once").hasSize(1);
                }
            }
        }
        assertThat(history(old)).extracting(HistoryRow::version, HistoryRow::type)
                .containsExactly(tuple("4", "BASELINE"),
                        tuple("5", "SQL"), tuple("6", "SQL"), tuple("7", "SQL"));
    }

    @Test
    void open_oldVersionTableWithAGap_isRefusedWithAClearMessage() throws SQLException {
        StoreSettings old = database.create();
        OldSchemaRunner.create(old, 2, clock);
        try (Connection c = connect(old)) {
            OldSchemaRunner.record(c, 5, "load-balancing", clock);
        }
        assertThatThrownBy(() -> Stores.open(old, clock))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("records the schema versions [1, 2, 5], not 1 to 5 as every HPM release wrote them")
                .hasMessageContaining("restore the database from a backup");
        assertThat(hasTable(old, "flyway_schema_history")).as("nothing taken over").isFalse();
    }

    @Test
    void open_oldVersionTableNewerThanAnyRelease_isRefusedWithAClearMessage() throws SQLException {
        StoreSettings old = database.create();
        OldSchemaRunner.create(old, 4, clock);
        try (Connection c = connect(old)) {
            OldSchemaRunner.record(c, 5, "from-a-development-build", clock);
        }
        assertThatThrownBy(() -> Stores.open(old, clock))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("records schema version 5, but HPM releases before Flyway wrote versions up to 4");
    }

    @Test
    void open_changedChecksum_isRefusedNamingTheScriptAndTheFix() throws SQLException {
        store.close();
        store = null;
        try (Connection c = connect(settings); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE \"flyway_schema_history\" SET \"checksum\" = \"checksum\" + 1 WHERE \"version\" = '3'");
        }
        assertThatThrownBy(() -> store = Stores.open(settings, clock))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("schema migration 3 (pools)")
                .hasMessageContaining("this HPM's script V3__pools.sql has checksum")
                .hasMessageContaining("the script was changed after it was applied")
                .hasMessageContaining("restore the script as released");
    }

    @Test
    void open_tablesNotMadeByHpm_areRefused() throws SQLException {
        StoreSettings other = database.create();
        try (Connection c = connect(other); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY)");
        }
        assertThatThrownBy(() -> Stores.open(other, clock))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("holds tables but neither flyway_schema_history nor the older schema_version")
                .hasMessageContaining("point database.url at an empty database");
    }

    static WorkloadResourceGroup gold() {
        return new WorkloadResourceGroup("Gold", "the trading servers", Importance.HIGH, PerformancePolicy.DEFAULT,
                0.5, 3.5, Set.of("vm-1", "6f1d0000-0000-0000-0000-000000000001"));
    }

    static BalancingGroup web() {
        return new BalancingGroup(null, "web", "the shop's front ends", null, List.of(
                new BalancingGroup.Member("web-1", "shop-web-1", "10.0.0.1", 8080, BalancingGroup.Protocol.TCP),
                new BalancingGroup.Member("web-2", null, "10.0.0.2", 8080, BalancingGroup.Protocol.UDP)));
    }

    private static Connection connect(StoreSettings s) throws SQLException {
        return DriverManager.getConnection(s.jdbcUrl(), s.user(), s.password());
    }

    private static List<HistoryRow> history(StoreSettings s) throws SQLException {
        List<HistoryRow> rows = new ArrayList<>();
        try (Connection c = connect(s); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT \"version\", \"type\", \"success\", \"checksum\" FROM "
                     + "\"flyway_schema_history\" WHERE \"version\" IS NOT NULL ORDER BY \"installed_rank\"")) {
            while (rs.next()) {
                rows.add(new HistoryRow(rs.getString(1), rs.getString(2), rs.getBoolean(3), rs.getObject(4) != null));
            }
        }
        return rows;
    }

    private static boolean hasTable(StoreSettings s, String table) throws SQLException {
        try (Connection c = connect(s)) {
            return LegacySchemaTable.tableExists(c, table);
        }
    }
}
