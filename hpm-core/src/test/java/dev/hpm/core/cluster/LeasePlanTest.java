package dev.hpm.core.cluster;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class LeasePlanTest {
    private static final Instant NOW = Instant.parse("2026-01-01T10:00:00Z");
    private static final Duration TTL = Duration.ofSeconds(15);
    private static final List<String> HOSTS = IntStream.rangeClosed(1, 30).mapToObj(i -> String.format("sim://h%02d", i))
            .toList();

    private static ClusterMember member(String id, Instant heartbeat) {
        return new ClusterMember(id, "http://" + id, NOW.minusSeconds(600), heartbeat);
    }

    private static Lease held(String host, String owner, long epoch, Instant expires) {
        return new Lease(host, owner, epoch, expires, NOW.minusSeconds(60), NOW.minusSeconds(1));
    }

    private static Map<String, Long> counts(Map<String, String> owners) {
        return owners.values().stream().collect(Collectors.groupingBy(o -> o, Collectors.counting()));
    }

    @Test
    void assignment_thirtyHostsOnThreeInstances_tenEach() {
        Map<String, String> owners = LeasePlan.assignment(HOSTS, List.of("c", "a", "b"), Map.of(), NOW);

        assertThat(owners).hasSize(30);
        assertThat(counts(owners)).containsEntry("a", 10L).containsEntry("b", 10L).containsEntry("c", 10L);
    }

    @Test
    void assignment_unevenCount_differsByOneAtMost() {
        Map<String, String> owners = LeasePlan.assignment(HOSTS.subList(0, 7), List.of("a", "b", "c"), Map.of(), NOW);

        assertThat(counts(owners)).containsEntry("a", 3L).containsEntry("b", 2L).containsEntry("c", 2L);
    }

    @Test
    void assignment_secondInstanceJoins_movesOnlyHalf() {
        Map<String, Lease> leases = new HashMap<>();
        HOSTS.forEach(h -> leases.put(h, held(h, "a", 1, NOW.plusSeconds(10))));

        Map<String, String> owners = LeasePlan.assignment(HOSTS, List.of("a", "b"), leases, NOW);

        assertThat(counts(owners)).containsEntry("a", 15L).containsEntry("b", 15L);
        assertThat(owners.entrySet().stream().filter(e -> e.getValue().equals("a")).map(Map.Entry::getKey))
                .as("a keeps hosts it held").allMatch(h -> leases.get(h).owner().equals("a"));
    }

    @Test
    void assignment_instanceLeaves_onlyItsHostsMove() {
        Map<String, Lease> leases = new HashMap<>();
        Map<String, String> before = LeasePlan.assignment(HOSTS, List.of("a", "b", "c"), Map.of(), NOW);
        before.forEach((h, o) -> leases.put(h, held(h, o, 1, NOW.plusSeconds(10))));

        Map<String, String> after = LeasePlan.assignment(HOSTS, List.of("a", "c"), leases, NOW);

        assertThat(counts(after)).containsEntry("a", 15L).containsEntry("c", 15L);
        before.forEach((h, o) -> {
            if (!o.equals("b")) {
                assertThat(after.get(h)).as(h + " stays with its live owner").isEqualTo(o);
            }
        });
    }

    @Test
    void plan_expiredLeaseOfADeadInstance_isAcquiredBySurvivors() {
        List<Lease> leases = new ArrayList<>();
        Map<String, String> before = LeasePlan.assignment(HOSTS, List.of("a", "b", "c"), Map.of(), NOW);
        Instant later = NOW.plusSeconds(30);
        before.forEach((h, o) -> leases.add(held(h, o, 1, o.equals("b") ? NOW.plusSeconds(10) : later.plusSeconds(10))));
        List<ClusterMember> members = List.of(member("a", later), member("b", NOW), member("c", later));

        LeasePlan.Moves a = LeasePlan.plan("a", HOSTS, members, leases, later, TTL);
        LeasePlan.Moves c = LeasePlan.plan("c", HOSTS, members, leases, later, TTL);

        assertThat(a.acquire()).hasSize(5).allMatch(l -> l.owner().equals("b"));
        assertThat(c.acquire()).hasSize(5).allMatch(l -> l.owner().equals("b"));
        assertThat(a.acquire()).extracting(Lease::host).doesNotContainAnyElementsOf(
                c.acquire().stream().map(Lease::host).toList());
        assertThat(a.renew()).hasSize(10);
        assertThat(a.release()).isEmpty();
    }

    @Test
    void plan_leaseOfADeadInstanceNotYetExpired_isNotTaken() {
        List<Lease> leases = HOSTS.stream().map(h -> held(h, "b", 3, NOW.plusSeconds(5))).toList();
        List<ClusterMember> members = List.of(member("a", NOW), member("b", NOW.minusSeconds(60)));

        LeasePlan.Moves a = LeasePlan.plan("a", HOSTS, members, leases, NOW, TTL);

        assertThat(a.acquire()).isEmpty();
        assertThat(a.renew()).isEmpty();
    }

    @Test
    void plan_newMemberJoins_ownerReleasesItsShare() {
        List<Lease> leases = HOSTS.stream().map(h -> held(h, "a", 1, NOW.plusSeconds(10))).toList();
        List<ClusterMember> members = List.of(member("a", NOW), member("b", NOW));

        LeasePlan.Moves a = LeasePlan.plan("a", HOSTS, members, leases, NOW, TTL);
        LeasePlan.Moves b = LeasePlan.plan("b", HOSTS, members, leases, NOW, TTL);

        assertThat(a.release()).hasSize(15);
        assertThat(a.renew()).hasSize(15);
        assertThat(b.acquire()).as("b waits for the releases").isEmpty();
    }

    @Test
    void plan_selfWithoutARegistryRow_countsAsLive() {
        LeasePlan.Moves a = LeasePlan.plan("a", HOSTS, List.of(), List.of(), NOW, TTL);

        assertThat(a.acquire()).hasSize(30);
    }
}
