package dev.hpm.store;

import dev.hpm.core.model.InvalidDefinitionException;
import dev.hpm.core.model.Problem;
import dev.hpm.store.InventoryRepository.SeenServer;
import dev.hpm.store.PlanRepository.ActionRecord;
import dev.hpm.store.PlanRepository.ActionState;
import dev.hpm.store.PlanRepository.Kind;
import dev.hpm.store.PlanRepository.MigrationFilter;
import dev.hpm.store.PlanRepository.MigrationRecord;
import dev.hpm.store.PlanRepository.MigrationState;
import dev.hpm.store.PlanRepository.PlanRecord;
import dev.hpm.store.PlanRepository.Status;
import dev.hpm.store.PoolRepository.Driver;
import dev.hpm.store.PoolRepository.Maintenance;
import dev.hpm.store.PoolRepository.PoolChange;
import dev.hpm.store.PoolRepository.PoolRecord;
import dev.hpm.store.PoolRepository.Power;
import dev.hpm.store.PoolRepository.PowerSettings;
import dev.hpm.store.testing.StoreTestBase;
import dev.hpm.store.testing.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Server pools, membership, power settings, host states, plans and migrations (schema 003). */
abstract class PoolCases extends StoreTestBase {
    static final String POLICY = "{\"mode\":\"recommend\"}";

    PoolCases(TestDatabase database) {
        super(database);
    }

    @BeforeEach
    void hosts() {
        for (String h : List.of("kvm1", "kvm2", "kvm3")) {
            store.inventory().seen(h, 8, List.of(new SeenServer(h + "-u", h + "-vs", 2)), clock.now());
        }
    }

    private PoolRepository pools() {
        return store.pools();
    }

    @Test
    void create_keepsHypervisorsInOrder_andReadsBackByIdOrName() {
        PoolRecord p = pools().create(" Prod ", "the production pool", List.of("kvm2", "kvm1"), POLICY);

        assertThat(p.name()).isEqualTo("Prod");
        assertThat(p.hypervisors()).containsExactly("kvm2", "kvm1");
        assertThat(p.created()).isEqualTo(clock.now());
        assertThat(pools().pool(p.id())).contains(p);
        assertThat(pools().pool("prod")).contains(p);
        assertThat(pools().poolOf("kvm1")).contains(p);
        assertThat(pools().poolOf("kvm3")).isEmpty();
        assertThat(reopen().pools().pools()).containsExactly(p);
    }

    @Test
    void create_namesEveryProblem() {
        assertThatThrownBy(() -> pools().create(" ", "", List.of("kvm1", "kvm1", "nowhere"), ""))
                .isInstanceOfSatisfying(InvalidDefinitionException.class, e -> assertThat(e.problems())
                        .extracting(Problem::field, Problem::value)
                        .containsExactly(org.assertj.core.groups.Tuple.tuple("name", " "),
                                org.assertj.core.groups.Tuple.tuple("hypervisors", "kvm1"),
                                org.assertj.core.groups.Tuple.tuple("hypervisors", "nowhere"),
                                org.assertj.core.groups.Tuple.tuple("dwm-policy", "")));
        assertThat(pools().pools()).isEmpty();
    }

    @Test
    void create_hypervisorInAnotherPool_orTakenName_isAConflictAndWritesNothing() {
        pools().create("a", "", List.of("kvm1"), POLICY);

        assertThatThrownBy(() -> pools().create("b", "", List.of("kvm2", "kvm1"), POLICY))
                .isInstanceOf(ConflictException.class).hasMessageContaining("kvm1 is in pool a");
        assertThatThrownBy(() -> pools().create("A", "", List.of("kvm3"), POLICY))
                .isInstanceOf(ConflictException.class).hasMessageContaining("named A exists");
        assertThat(pools().pools()).extracting(PoolRecord::name).containsExactly("a");
        assertThat(pools().poolOf("kvm2")).isEmpty();
    }

    @Test
    void update_changesOnlyWhatIsGiven_andMovesMembership() {
        PoolRecord p = pools().create("a", "first", List.of("kvm1"), POLICY);
        clock.advance(Duration.ofSeconds(5));

        PoolRecord q = pools().update(p.id(), new PoolChange(Optional.empty(), Optional.empty(),
                Optional.of(List.of("kvm2", "kvm3"))));

        assertThat(q.description()).isEqualTo("first");
        assertThat(q.hypervisors()).containsExactly("kvm2", "kvm3");
        assertThat(q.updated()).isAfter(p.updated());
        assertThat(pools().poolOf("kvm1")).isEmpty();
        pools().create("b", "", List.of("kvm1"), POLICY);
        assertThatThrownBy(() -> pools().update("no-such-id", new PoolChange(Optional.of("x"), Optional.empty(),
                Optional.empty()))).isInstanceOf(NotFoundException.class);
    }

    @Test
    void setPolicy_andDelete_keepTheMigrationHistory() {
        PoolRecord p = pools().create("a", "", List.of("kvm1", "kvm2"), POLICY);
        assertThat(pools().setPolicy(p.id(), "{\"mode\":\"off\"}").policy()).isEqualTo("{\"mode\":\"off\"}");
        store.plans().save(plan(p.id(), "p1", Status.EXECUTING, ActionState.RUNNING));
        store.plans().saveMigration(migration("m1", p.id(), "p1", MigrationState.DONE, clock.now()));

        pools().delete(p.id());

        assertThat(pools().pools()).isEmpty();
        assertThat(store.plans().plan("p1")).isEmpty();
        assertThat(store.plans().migrations(new MigrationFilter(null, null, null, null, 10))).hasSize(1);
        assertThat(pools().poolOf("kvm1")).isEmpty();
    }

    @Test
    void audited_poolCreation_writesTheEntryInTheSameTransaction() {
        store.audited(new AuditLog.Record("alice", "pool-create", "a", ""),
                () -> pools().create("a", "", List.of("kvm1"), POLICY));
        assertThatThrownBy(() -> store.audited(new AuditLog.Record("alice", "pool-create", "a", ""),
                () -> pools().create("a", "", List.of("kvm2"), POLICY))).isInstanceOf(ConflictException.class);

        assertThat(store.audit().query(null, null, 10)).extracting(AuditLog.Entry::action).containsExactly("pool-create");
    }

    @Test
    void powerSettings_keepTheSealedPassword_neverShowIt_andNameEveryProblem() {
        assertThat(pools().powerSettings("kvm1").driver()).isEqualTo(Driver.NONE);
        PowerSettings ipmi = new PowerSettings("kvm1", Driver.IPMI, "127.0.0.1", 6230, "admin", "sealed:abc", null,
                Duration.ofMinutes(3), 90, 250);
        pools().setPowerSettings(ipmi);

        PowerSettings again = pools().setPowerSettings(ipmi.withPasswordSecret(null));

        assertThat(again.passwordSecret()).isEqualTo("sealed:abc");
        assertThat(reopen().pools().powerSettings("kvm1")).isEqualTo(ipmi);
        assertThat(ipmi.toString()).doesNotContain("sealed").contains("password set");
        assertThatThrownBy(() -> pools().setPowerSettings(new PowerSettings("kvm2", Driver.IPMI, "", 0, null, null,
                "zz", Duration.ZERO, -1, 5))).isInstanceOfSatisfying(InvalidDefinitionException.class,
                e -> assertThat(e.problems()).extracting(Problem::field)
                        .containsExactly("port", "address", "username", "power-on-timeout", "idle-watts"));
        assertThatThrownBy(() -> pools().setPowerSettings(PowerSettings.none("nowhere")))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void hostStates_maintenanceAndPower_keepSince() {
        Instant t0 = clock.now();
        assertThat(pools().hostState("kvm1", t0).maintenance()).isEqualTo(Maintenance.NONE);
        pools().setMaintenance("kvm1", Maintenance.ENTERING, t0);
        Instant t1 = clock.advance(Duration.ofSeconds(30));
        pools().setPower("kvm1", Power.POWERING_OFF, "", t1);
        pools().setMaintenance("kvm1", Maintenance.ENTERING, t1);

        var s = reopen().pools().hostState("kvm1", t1);
        assertThat(s.maintenance()).isEqualTo(Maintenance.ENTERING);
        assertThat(s.maintenanceSince()).isEqualTo(t0);
        assertThat(s.power()).isEqualTo(Power.POWERING_OFF);
        assertThat(s.powerSince()).isEqualTo(t1);
        assertThat(store.pools().hostStates()).hasSize(1);
    }

    @Test
    void plans_newestFirst_byStatus_withEveryAction() {
        PoolRecord p = pools().create("a", "", List.of("kvm1", "kvm2"), POLICY);
        store.plans().save(plan(p.id(), "p1", Status.EXECUTED, ActionState.DONE));
        clock.advance(Duration.ofSeconds(1));
        store.plans().save(plan(p.id(), "p2", Status.PENDING, ActionState.PLANNED));

        assertThat(store.plans().plans(p.id(), null, 10)).extracting(PlanRecord::id).containsExactly("p2", "p1");
        assertThat(store.plans().plans(p.id(), Status.EXECUTED, 10)).extracting(PlanRecord::id).containsExactly("p1");
        assertThat(store.plans().plans(p.id(), null, 1)).hasSize(1);
        PlanRecord read = store.plans().plan("p1").orElseThrow();
        assertThat(read.actions()).hasSize(2);
        assertThat(read.actions().getFirst().serverName()).isEqualTo("kvm1-vs");
        assertThatThrownBy(() -> store.plans().save(new PlanRecord("p3", p.id(), clock.now(), null, Status.PENDING, "",
                "", "nope", "{}", null, List.of(new ActionRecord(4, Kind.MIGRATE, null, null, null, null, null, "",
                ActionState.PLANNED, 2, "", null, null))))).isInstanceOfSatisfying(InvalidDefinitionException.class,
                e -> assertThat(e.problems()).extracting(Problem::field)
                        .containsExactly("before", "actions[0].index", "actions[0].progress"));
    }

    @Test
    void interruptExecuting_marksThePlanAndItsUnfinishedActions_andAbortsRunningMigrations() {
        PoolRecord p = pools().create("a", "", List.of("kvm1", "kvm2"), POLICY);
        store.plans().save(plan(p.id(), "p1", Status.EXECUTING, ActionState.RUNNING));
        store.plans().save(plan(p.id(), "p0", Status.EXECUTED, ActionState.DONE));
        store.plans().saveMigration(migration("m1", p.id(), "p1", MigrationState.RUNNING, clock.now()));
        Instant restart = clock.advance(Duration.ofMinutes(1));

        List<PlanRecord> marked = reopen().plans().interruptExecuting(restart, "the server restarted");

        assertThat(marked).extracting(PlanRecord::id).containsExactly("p1");
        PlanRecord p1 = store.plans().plan("p1").orElseThrow();
        assertThat(p1.status()).isEqualTo(Status.INTERRUPTED);
        assertThat(p1.actions()).extracting(ActionRecord::state).containsExactly(ActionState.DONE, ActionState.INTERRUPTED);
        assertThat(p1.actions().get(1).detail()).contains("was running").contains("restarted");
        assertThat(store.plans().plan("p0").orElseThrow().status()).isEqualTo(Status.EXECUTED);
        assertThat(store.plans().migrations(new MigrationFilter(null, null, null, null, 10)).getFirst().state())
                .isEqualTo(MigrationState.ABORTED);
    }

    @Test
    void migrations_filterByTimeHostAndServer() {
        Instant t0 = clock.now();
        store.plans().saveMigration(migration("m1", null, null, MigrationState.DONE, t0));
        store.plans().saveMigration(new MigrationRecord("m2", null, null, "kvm3-u", "kvm3-vs", "kvm3", "kvm2",
                t0.plusSeconds(60), t0.plusSeconds(70), MigrationState.FAILED, 0.5, 2048, null, "failed half-way"));

        MigrationFilter all = new MigrationFilter(null, null, null, null, 100);
        assertThat(store.plans().migrations(all)).extracting(MigrationRecord::id).containsExactly("m2", "m1");
        assertThat(store.plans().migrations(new MigrationFilter(t0.plusSeconds(1), null, null, null, 100)))
                .extracting(MigrationRecord::id).containsExactly("m2");
        assertThat(store.plans().migrations(new MigrationFilter(null, t0.plusSeconds(1), null, null, 100)))
                .extracting(MigrationRecord::id).containsExactly("m1");
        assertThat(store.plans().migrations(new MigrationFilter(null, null, "kvm1", null, 100)))
                .extracting(MigrationRecord::id).containsExactly("m1");
        assertThat(store.plans().migrations(new MigrationFilter(null, null, "kvm2", null, 100))).hasSize(2);
        assertThat(store.plans().migrations(new MigrationFilter(null, null, null, "kvm3-vs", 100)))
                .extracting(MigrationRecord::id).containsExactly("m2");
        assertThat(store.plans().migrations(all).getFirst().downtimeMs()).isNull();
        assertThat(store.plans().migrations(all).getLast().downtimeMs()).isEqualTo(120L);
    }

    private PlanRecord plan(String pool, String id, Status status, ActionState second) {
        return new PlanRecord(id, pool, clock.now(), clock.now(), status, "power-save", "empty kvm2 and power it off",
                "{\"watts\":400}", "{\"watts\":250}", null, List.of(
                new ActionRecord(0, Kind.MIGRATE, "kvm1-u", "kvm1-vs", "kvm2", "kvm1", null, "consolidate",
                        ActionState.DONE, 1, "", clock.now(), clock.now()),
                new ActionRecord(1, Kind.POWER_OFF, null, null, null, null, "kvm2", "release", second, 0.5, "",
                        clock.now(), null)));
    }

    private MigrationRecord migration(String id, String pool, String plan, MigrationState state, Instant at) {
        return new MigrationRecord(id, pool, plan, "kvm1-u", "kvm1-vs", "kvm1", "kvm2", at,
                state == MigrationState.RUNNING ? null : at.plusSeconds(5), state, state == MigrationState.DONE ? 1 : 0.3,
                4096, 120L, "");
    }
}
