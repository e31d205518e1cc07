package dev.hpm.store;

import dev.hpm.core.model.ClassificationRule;
import dev.hpm.core.model.FilterAttribute;
import dev.hpm.core.model.FilterOperator;
import dev.hpm.core.model.Goal;
import dev.hpm.core.model.Importance;
import dev.hpm.core.model.InvalidDefinitionException;
import dev.hpm.core.model.PerformancePolicy;
import dev.hpm.core.model.RuleFilter;
import dev.hpm.core.model.ServiceClass;
import dev.hpm.core.model.ServiceDefinition;
import dev.hpm.core.model.VelocityLevel;
import dev.hpm.core.model.VelocityMapping;
import dev.hpm.core.model.WorkloadResourceGroup;
import dev.hpm.store.DefinitionRepository.GroupRecord;
import dev.hpm.store.testing.StoreTestBase;
import dev.hpm.store.testing.TestDatabase;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The service definition: groups, members, policies, velocity mapping, versions. */
abstract class DefinitionCases extends StoreTestBase {
    DefinitionCases(TestDatabase database) {
        super(database);
    }

    static final PerformancePolicy TRADING = new PerformancePolicy("trading",
            List.of(new ServiceClass("online", Goal.velocity(VelocityLevel.FAST), Importance.HIGHEST, "order entry"),
                    new ServiceClass("batch", Goal.discretionary(), Importance.LOWEST)),
            List.of(new ClassificationRule("batch", List.of(new RuleFilter(FilterAttribute.TAG, FilterOperator.EQUALS,
                            "batch"), new RuleFilter(FilterAttribute.NAME, FilterOperator.WILDCARD, "job-*")), "jobs"),
                    new ClassificationRule("online", List.of(new RuleFilter(FilterAttribute.OS_TYPE,
                            FilterOperator.REGEX, "linux|windows")))),
            "online", "the trading desk");

    static WorkloadResourceGroup group(String name, String... members) {
        return new WorkloadResourceGroup(name, "group " + name, Importance.HIGH, TRADING, 0.5, 3.5, Set.of(members));
    }

    private DefinitionRepository definitions() {
        return store.definitions();
    }

    @Test
    void create_assignsAUuidAndTheClocksTime() {
        clock.set(clock.now().plusSeconds(42));
        GroupRecord created = definitions().create(group("Gold", "vm-1", "6f1d0000-0000-0000-0000-000000000001"));

        assertThat(UUID.fromString(created.id())).isNotNull();
        assertThat(created.created()).isEqualTo(clock.now()).isEqualTo(created.updated());
        assertThat(definitions().group(created.id())).contains(created);
    }

    @Test
    void create_roundTripsTheWholeGroup() {
        WorkloadResourceGroup gold = group("Gold", "vm-1", "vm-2");
        definitions().create(gold);

        assertThat(definitions().group("Gold").orElseThrow().group()).isEqualTo(gold);
        assertThat(definitions().definition().group("Gold")).contains(gold);
    }

    @Test
    void create_nameTakenInAnotherCase_isAConflict() {
        definitions().create(group("Gold"));

        assertThatThrownBy(() -> definitions().create(group("GOLD")))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("a workload resource group named GOLD exists already");
        assertThatThrownBy(() -> definitions().create(group("Default")))
                .isInstanceOf(ConflictException.class);
    }

    @Test
    void create_membersInAnotherGroup_isAConflictNamingEach() {
        definitions().create(group("Gold", "vm-1", "vm-2", "vm-3"));

        assertThatThrownBy(() -> definitions().create(group("Silver", "vm-2", "vm-3", "vm-9")))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("\"vm-2\": this virtual server is already in group Gold")
                .hasMessageContaining("\"vm-3\": this virtual server is already in group Gold");
        assertThat(definitions().group("Silver")).isEmpty();
    }

    @Test
    void create_memberAnotherGroupListsByItsName_isAConflict() {
        definitions().create(group("Gold", "vm-1"));

        assertThatThrownBy(() -> definitions().create(group("Silver", "uuid-1"), java.util.Map.of("uuid-1", Set.of("vm-1"))))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("\"vm-1\": this virtual server is already in group Gold");
        assertThat(definitions().group("Silver")).isEmpty();
    }

    @Test
    void create_memberTooLongForTheSchema_isInvalid() {
        assertThatThrownBy(() -> definitions().create(group("Gold", "x".repeat(600))))
                .isInstanceOf(InvalidDefinitionException.class)
                .hasMessageContaining("members");
    }

    @Test
    void version_increasesWithEveryChangeButNotWithAFailedOne() {
        long v0 = definitions().version();
        GroupRecord gold = definitions().create(group("Gold", "vm-1"));
        long v1 = definitions().version();
        definitions().update(gold.id(), group("Gold", "vm-2"));
        long v2 = definitions().version();
        assertThatThrownBy(() -> definitions().create(group("gold")));
        long v3 = definitions().version();
        definitions().setVelocityMapping(VelocityMapping.of(95, 75, 55, 35, 15));
        long v4 = definitions().version();
        definitions().delete(gold.id());

        assertThat(List.of(v0, v1, v2, v3, v4, definitions().version())).containsExactly(v0, v0 + 1, v0 + 2, v0 + 2,
                v0 + 3, v0 + 4);
    }

    @Test
    void update_keepsIdAndCreatedAndReplacesTheRest() {
        GroupRecord gold = definitions().create(group("Gold", "vm-1", "vm-2"));
        clock.advance(Duration.ofMinutes(5));
        WorkloadResourceGroup changed = new WorkloadResourceGroup("Platinum", "renamed", Importance.HIGHEST,
                PerformancePolicy.DEFAULT, null, 2.0, Set.of("vm-2", "vm-7"));

        GroupRecord updated = definitions().update(gold.id(), changed);

        assertThat(updated.id()).isEqualTo(gold.id());
        assertThat(updated.created()).isEqualTo(gold.created());
        assertThat(updated.updated()).isEqualTo(clock.now());
        assertThat(definitions().group(gold.id())).contains(updated);
        assertThat(definitions().group("gold")).isEmpty();
    }

    @Test
    void update_toANameTakenOrAMemberOfAnotherGroup_isAConflict() {
        GroupRecord gold = definitions().create(group("Gold", "vm-1"));
        definitions().create(group("Silver", "vm-2"));

        assertThatThrownBy(() -> definitions().update(gold.id(), group("silver")))
                .isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> definitions().update(gold.id(), group("Gold", "vm-1", "vm-2")))
                .isInstanceOf(ConflictException.class).hasMessageContaining("\"vm-2\": this virtual server is already in group Silver");
        assertThat(definitions().group(gold.id()).orElseThrow().group().members()).containsExactly("vm-1");
    }

    @Test
    void update_unknownId_isNotFound() {
        assertThatThrownBy(() -> definitions().update("no-such-id", group("Gold")))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("no-such-id");
    }

    @Test
    void update_defaultGroup_changesItsPolicyButCannotRenameIt() {
        GroupRecord dflt = definitions().group("default").orElseThrow();
        WorkloadResourceGroup changed = WorkloadResourceGroup.defaultGroup(TRADING);

        definitions().update(dflt.id(), changed);

        assertThat(definitions().definition().defaultGroup().policy()).isEqualTo(TRADING);
        assertThatThrownBy(() -> definitions().update(dflt.id(), group("Other")))
                .as("a conflict with what is stored (409), not a failure of the store")
                .isInstanceOf(ConflictException.class).hasMessageContaining("cannot be renamed");
    }

    @Test
    void delete_removesTheGroupAndFreesItsMembers() {
        GroupRecord gold = definitions().create(group("Gold", "vm-1"));

        definitions().delete(gold.id());

        assertThat(definitions().group(gold.id())).isEmpty();
        assertThat(definitions().definition().groups()).extracting(WorkloadResourceGroup::name).containsExactly("default");
        assertThat(definitions().create(group("Silver", "vm-1")).group().members()).containsExactly("vm-1");
    }

    @Test
    void delete_defaultOrUnknown_isRefused() {
        String dflt = definitions().group("default").orElseThrow().id();

        assertThatThrownBy(() -> definitions().delete(dflt)).isInstanceOf(ConflictException.class)
                .hasMessageContaining("default group cannot be deleted");
        assertThatThrownBy(() -> definitions().delete("nope")).isInstanceOf(NotFoundException.class);
    }

    @Test
    void group_byIdOrByNameWithoutRegardToCase() {
        GroupRecord gold = definitions().create(group("Gold"));

        assertThat(definitions().group(gold.id())).contains(gold);
        assertThat(definitions().group("gOLD")).contains(gold);
        assertThat(definitions().group("silver")).isEmpty();
    }

    @Test
    void groups_defaultFirstThenByName() {
        definitions().create(group("bronze"));
        definitions().create(group("Gold"));
        definitions().create(group("Aluminium"));

        assertThat(definitions().groups()).extracting(r -> r.group().name())
                .containsExactly("default", "Aluminium", "bronze", "Gold");
    }

    @Test
    void definition_isValidAndCachedUntilTheVersionChanges() {
        definitions().create(group("Gold", "vm-1"));
        ServiceDefinition first = definitions().definition();

        assertThat(definitions().definition()).isSameAs(first);
        definitions().setVelocityMapping(VelocityMapping.of(80, 60, 40, 20, 5));
        ServiceDefinition second = definitions().definition();

        assertThat(second).isNotSameAs(first);
        assertThat(second.velocityMapping()).isEqualTo(VelocityMapping.of(80, 60, 40, 20, 5));
        assertThat(second.groups()).extracting(WorkloadResourceGroup::name).containsExactly("default", "Gold");
    }

    @Test
    void velocityMapping_isTheDefaultInANewStoreAndKeepsWhatIsSet() {
        assertThat(definitions().velocityMapping()).isEqualTo(VelocityMapping.DEFAULT);
        definitions().setVelocityMapping(VelocityMapping.of(95, 75, 55, 35, 15));

        assertThat(reopen().definitions().velocityMapping()).isEqualTo(VelocityMapping.of(95, 75, 55, 35, 15));
    }

    @Test
    void replace_keepsTheIdsOfGroupsWithTheSameNameAndCreatesAndDeletesTheOthers() {
        GroupRecord gold = definitions().create(group("Gold", "vm-1"));
        GroupRecord silver = definitions().create(group("Silver", "vm-2"));
        String dflt = definitions().group("default").orElseThrow().id();
        ServiceDefinition imported = new ServiceDefinition(VelocityMapping.of(85, 65, 45, 25, 5), List.of(
                WorkloadResourceGroup.defaultGroup(TRADING), group("GOLD", "vm-2"), group("Bronze", "vm-1")));
        long before = definitions().version();

        definitions().replace(imported);

        assertThat(definitions().version()).isEqualTo(before + 1);
        assertThat(definitions().definition().velocityMapping()).isEqualTo(imported.velocityMapping());
        assertThat(definitions().definition().groups()).containsExactlyInAnyOrderElementsOf(imported.groups());
        assertThat(definitions().group("gold").orElseThrow().id()).isEqualTo(gold.id());
        assertThat(definitions().group("default").orElseThrow().id()).isEqualTo(dflt);
        assertThat(definitions().group(silver.id())).isEmpty();
        assertThat(definitions().group("Bronze").orElseThrow().id()).isNotIn(gold.id(), silver.id(), dflt);
    }

    @Test
    void replace_failing_changesNothing() {
        definitions().create(group("Gold", "vm-1"));
        ServiceDefinition before = definitions().definition();
        long version = definitions().version();
        ServiceDefinition invalid = new ServiceDefinition(VelocityMapping.DEFAULT, List.of(group("Silver", "y".repeat(600))));

        assertThatThrownBy(() -> definitions().replace(invalid)).isInstanceOf(InvalidDefinitionException.class);

        assertThat(definitions().definition()).isEqualTo(before);
        assertThat(definitions().version()).isEqualTo(version);
    }

    @Test
    void changes_areSeenByAnotherStoreOnTheSameDatabase() {
        try (Store other = Stores.open(settings, clock)) {
            long version = other.definitions().version();
            other.definitions().definition();

            definitions().create(group("Gold", "vm-1"));

            assertThat(other.definitions().version()).isEqualTo(version + 1);
            assertThat(other.definitions().definition().group("Gold")).isPresent();
        }
    }

    @Test
    void groups_storedRowsBreakingARule_areAStoreFailureNotTheCallers() throws Exception {
        String dflt = definitions().group("default").orElseThrow().id();
        store.close();
        try (Connection c = DriverManager.getConnection(settings.jdbcUrl(), settings.user(), settings.password());
             PreparedStatement ps = c.prepareStatement("INSERT INTO group_members (member, group_id) VALUES (?, ?)")) {
            ps.setString(1, "vm-1"); // edited by hand: the default group lists no members
            ps.setString(2, dflt);
            ps.executeUpdate();
        }
        store = Stores.open(settings, clock);

        assertThatThrownBy(() -> definitions().groups()).as("a 503 from the API, not a 400 or a 500")
                .isExactlyInstanceOf(StoreException.class)
                .hasMessageContaining("the stored workload resource group default (id " + dflt + ") is invalid");
        assertThatThrownBy(() -> definitions().definition()).isExactlyInstanceOf(StoreException.class);
    }

    @Test
    void create_sameNameConcurrently_exactlyOneWins() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<GroupRecord>> results = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                int n = i;
                Callable<GroupRecord> create = () -> definitions().create(group(n % 2 == 0 ? "Gold" : "GOLD", "vm-" + n));
                results.add(pool.submit(create));
            }
            int won = 0;
            int conflicts = 0;
            for (Future<GroupRecord> f : results) {
                try {
                    f.get();
                    won++;
                } catch (java.util.concurrent.ExecutionException e) {
                    assertThat(e.getCause()).isInstanceOf(ConflictException.class);
                    conflicts++;
                }
            }
            assertThat(won).isEqualTo(1);
            assertThat(conflicts).isEqualTo(3);
        } finally {
            pool.shutdownNow();
        }
    }
}
