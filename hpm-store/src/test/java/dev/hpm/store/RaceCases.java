package dev.hpm.store;

import dev.hpm.core.model.GroupMember;
import dev.hpm.core.model.Importance;
import dev.hpm.core.model.PerformancePolicy;
import dev.hpm.core.model.WorkloadResourceGroup;
import dev.hpm.store.DefinitionRepository.GroupRecord;
import dev.hpm.store.UserRepository.Role;
import dev.hpm.store.testing.StoreTestBase;
import dev.hpm.store.testing.TestDatabase;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Check-then-write under concurrency: writers racing on the same rows, released together by a
 * latch, in many rounds. Every invariant must hold after every round, and every writer must get
 * either success or the repository's own exception, never a database error.
 */
abstract class RaceCases extends StoreTestBase {
    private static final int ROUNDS = 20;

    RaceCases(TestDatabase database) {
        super(database);
    }

    @Test
    void update_twoAdminsDemotingEachOther_neverLeavesNoAdmin() throws Exception {
        adminRace((a, b) -> List.of(
                () -> store.users().update(a, Role.VIEWER, null, null),
                () -> store.users().update(b, Role.VIEWER, null, null)));
    }

    @Test
    void delete_twoAdminsDeletingEachOther_neverLeavesNoAdmin() throws Exception {
        adminRace((a, b) -> List.of(() -> store.users().delete(a), () -> store.users().delete(b),
                () -> store.users().update(a, Role.VIEWER, null, null)));
    }

    /**
     * Rounds in which two users are the only admins and {@code writers} remove them at once: the
     * first removal wins, every other is a conflict (or finds its user gone), one admin remains.
     */
    private void adminRace(java.util.function.BiFunction<String, String, List<Runnable>> writers) throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            String a = "a" + round;
            String b = "b" + round;
            onlyAdmins(a, b);
            List<Object> outcomes = race(writers.apply(a, b).toArray(Runnable[]::new));
            assertThat(admins(a, b)).as("round " + round + ": " + outcomes).isEqualTo(1);
            assertThat(outcomes).as("only successes and conflicts")
                    .allMatch(o -> o == null || o instanceof ConflictException || o instanceof NotFoundException)
                    .filteredOn(ConflictException.class::isInstance).isNotEmpty();
        }
    }

    @Test
    void addMembers_sixParallelAdditions_loseNothing() throws Exception {
        GroupRecord g = store.definitions().create(WorkloadResourceGroup.of("Web", Importance.HIGH,
                PerformancePolicy.DEFAULT, Set.of()));
        for (int round = 0; round < ROUNDS; round++) {
            List<Runnable> adds = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                String uuid = "uuid-" + round + "-" + i;
                String name = "vm-" + round + "-" + i;
                adds.add(() -> store.definitions().addMembers(g.id(), List.of(new GroupMember(uuid, Set.of(name)))));
            }
            List<Object> outcomes = race(adds.toArray(Runnable[]::new));
            assertThat(outcomes).as("round " + round).allMatch(o -> o == null);
            assertThat(store.definitions().group(g.id()).orElseThrow().group().members()).hasSize(6 * (round + 1));
        }
        List<Runnable> removes = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            GroupMember m = new GroupMember("uuid-0-" + i, Set.of("vm-0-" + i));
            removes.add(() -> store.definitions().removeMembers(g.id(), List.of(m)));
        }
        assertThat(race(removes.toArray(Runnable[]::new))).allMatch(o -> o == null);
        assertThat(store.definitions().group(g.id()).orElseThrow().group().members()).hasSize(6 * (ROUNDS - 1));
    }

    @Test
    void addMembers_oneServerToTwoGroupsAtOnce_landsInOne() throws Exception {
        GroupRecord a = store.definitions().create(WorkloadResourceGroup.of("A", Importance.HIGH,
                PerformancePolicy.DEFAULT, Set.of()));
        GroupRecord b = store.definitions().create(WorkloadResourceGroup.of("B", Importance.HIGH,
                PerformancePolicy.DEFAULT, Set.of()));
        for (int round = 0; round < ROUNDS; round++) {
            GroupMember m = new GroupMember("uuid-" + round, Set.of("vm-" + round));
            List<Object> outcomes = race(() -> store.definitions().addMembers(a.id(), List.of(m)),
                    () -> store.definitions().addMembers(b.id(), List.of(m)));
            assertThat(outcomes).as("round " + round).filteredOn(ConflictException.class::isInstance).hasSize(1);
        }
        assertThat(store.definitions().definition().groups().stream().mapToInt(g -> g.members().size()).sum())
                .isEqualTo(ROUNDS);
    }

    @Test
    void addMembers_byAliasHeldElsewhere_isAConflict() {
        GroupRecord a = store.definitions().create(WorkloadResourceGroup.of("A", Importance.HIGH,
                PerformancePolicy.DEFAULT, Set.of("vm-1")));
        GroupRecord b = store.definitions().create(WorkloadResourceGroup.of("B", Importance.HIGH,
                PerformancePolicy.DEFAULT, Set.of()));

        assertThatThrownBy(() -> store.definitions().addMembers(b.id(), List.of(new GroupMember("uuid-1", Set.of("vm-1")))))
                .isInstanceOf(ConflictException.class).hasMessageContaining("\"vm-1\": this virtual server is already in group A");
        assertThat(store.definitions().addMembers(a.id(), List.of(new GroupMember("uuid-1", Set.of("vm-1")))).group().members())
                .containsExactly("uuid-1");
        assertThatThrownBy(() -> store.definitions().removeMembers(b.id(), List.of(new GroupMember("uuid-1", Set.of()))))
                .isInstanceOf(ConflictException.class).hasMessageContaining("not members of B");
    }

    @Test
    void audited_changeAndEntryCommitTogether() {
        store.audited(new AuditLog.Record("root", "create-user", "alice", "role admin"),
                () -> store.users().create("alice", Role.ADMIN, "h"));
        assertThatThrownBy(() -> store.audited(new AuditLog.Record("root", "create-user", "alice", ""),
                () -> store.users().create("alice", Role.ADMIN, "h"))).isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> store.audited(new AuditLog.Record("root", "two", "", ""), () -> {
            store.users().create("bob", Role.VIEWER, "h");
            store.users().create("carol", Role.VIEWER, "h");
        })).isInstanceOf(IllegalStateException.class).hasMessageContaining("one transaction");

        assertThat(store.audit().query(null, null, 10)).extracting(AuditLog.Entry::action)
                .containsExactly("two", "create-user");
    }

    /** Creates {@code keep} as admins and demotes every other admin, so that they are the only admins when they race. */
    private void onlyAdmins(String... keep) {
        for (String name : keep) {
            store.users().create(name, Role.ADMIN, "h");
        }
        Set<String> kept = Set.of(keep);
        store.users().users().stream().filter(u -> u.role() == Role.ADMIN && !kept.contains(u.name()))
                .forEach(u -> store.users().setRole(u.name(), Role.VIEWER));
    }

    /** How many of {@code names} are admins. */
    private long admins(String... names) {
        Set<String> wanted = Set.of(names);
        return store.users().users().stream().filter(u -> wanted.contains(u.name()) && u.role() == Role.ADMIN).count();
    }

    /** Runs the writers at once; each outcome is null (success) or what it threw. */
    private static List<Object> race(Runnable... writers) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(writers.length);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Object>> futures = new ArrayList<>();
            for (Runnable w : writers) {
                futures.add(pool.submit((Callable<Object>) () -> {
                    start.await();
                    try {
                        w.run();
                        return null;
                    } catch (RuntimeException e) {
                        return e;
                    }
                }));
            }
            start.countDown();
            List<Object> outcomes = new ArrayList<>();
            for (Future<Object> f : futures) {
                outcomes.add(f.get());
            }
            return outcomes;
        } finally {
            pool.shutdownNow();
        }
    }
}
