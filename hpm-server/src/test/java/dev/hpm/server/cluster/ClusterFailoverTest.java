package dev.hpm.server.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hpm.server.Http;
import dev.hpm.server.TestServer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three {@code hpm serve} instances, each its own JVM, on a real PostgreSQL, sharing 30 simulated
 * hosts (docs/cluster.md): the share-out, failover after {@code kill -9}, and fencing of an
 * instance cut off from the database. Timing is measured, not assumed: the test waits for each
 * condition (generous limits for a loaded machine) and prints the takeover times in intervals.
 */
@Tag("postgres")
class ClusterFailoverTest {
    private static final Duration INTERVAL = Duration.ofSeconds(3);
    private static final Duration SETTLE = Duration.ofMinutes(3);

    @Test
    void killDashNine_oneThenASecondInstance_survivorsManageEveryHostAgain(@TempDir Path dir) throws Exception {
        try (ClusterRig rig = new ClusterRig(dir, INTERVAL)) {
            ClusterRig.Node a = rig.start("a", rig.jdbcUrl());
            ClusterRig.Node b = rig.start("b", rig.jdbcUrl());
            ClusterRig.Node c = rig.start("c", rig.jdbcUrl());

            assertThat(ClusterRig.await(SETTLE, () -> rig.counts().equals(Map.of("a", 10, "b", 10, "c", 10))))
                    .as("every host owned by one instance, ten each: " + rig.counts()).isTrue();
            long settled = System.currentTimeMillis();
            assertThat(ClusterRig.await(SETTLE, () -> everyHostRunAfter(rig, allHosts(), settled)))
                    .as("every host's intervals run").isTrue();
            JsonNode cluster = a.http().get("/cluster", Http.As.user("admin", TestServer.ADMIN_PASSWORD)).json();
            assertThat(cluster.path("clustered").asBoolean()).isTrue();
            assertThat(cluster.path("instances")).hasSize(3).allSatisfy(i -> {
                assertThat(i.path("alive").asBoolean()).isTrue();
                assertThat(i.path("host-count").asInt()).isEqualTo(10);
            });
            assertThat(cluster.path("hosts")).hasSize(30).allSatisfy(h -> assertThat(h.path("valid").asBoolean()).isTrue());

            Set<String> ofA = hostsOf(rig, "a");
            long killedA = System.currentTimeMillis();
            rig.killDashNine(a);
            assertThat(ClusterRig.await(SETTLE, () -> everyHostRunAfter(rig, ofA, killedA)))
                    .as("a's hosts run again by b and c").isTrue();
            double first = takeover(rig, ofA, killedA);
            assertThat(ClusterRig.await(SETTLE, () -> rig.counts().equals(Map.of("b", 15, "c", 15))))
                    .as("b and c share the thirty: " + rig.counts()).isTrue();

            Set<String> ofB = hostsOf(rig, "b");
            long killedB = System.currentTimeMillis();
            rig.killDashNine(b);
            assertThat(ClusterRig.await(SETTLE, () -> everyHostRunAfter(rig, ofB, killedB)))
                    .as("b's hosts run again by c").isTrue();
            double second = takeover(rig, ofB, killedB);
            assertThat(ClusterRig.await(SETTLE, () -> rig.counts().equals(Map.of("c", 30))))
                    .as("c manages all thirty: " + rig.counts()).isTrue();
            long afterAll = System.currentTimeMillis();
            assertThat(ClusterRig.await(SETTLE, () -> everyHostRunAfter(rig, allHosts(), afterAll))).isTrue();

            System.out.printf("cluster failover (interval %s): kill -9 of a: its %d hosts ran again after %.2f intervals "
                            + "at the most; kill -9 of b: its %d hosts after %.2f intervals%n", INTERVAL, ofA.size(), first,
                    ofB.size(), second);
            assertThat(first).as("a's hosts run again within two intervals (and a half on a loaded machine)")
                    .isLessThanOrEqualTo(2.5);
            assertThat(second).as("b's hosts run again within two intervals (and a half on a loaded machine)")
                    .isLessThanOrEqualTo(2.5);
            assertNoHostChangedByTwoInstancesInOneEpoch(rig.changes());
        }
    }

    @Test
    void cutOffFromTheDatabase_instanceStopsChangingItsHostsBeforeItsLeasesExpire(@TempDir Path dir) throws Exception {
        try (ClusterRig rig = new ClusterRig(dir, INTERVAL); TcpProxy proxy = new TcpProxy(rig.databasePort())) {
            rig.start("a", rig.jdbcUrl());
            rig.start("b", rig.jdbcUrl());
            rig.start("c", rig.jdbcUrl().replace(":" + rig.databasePort() + "/", ":" + proxy.port() + "/"));
            assertThat(ClusterRig.await(SETTLE, () -> rig.counts().equals(Map.of("a", 10, "b", 10, "c", 10))))
                    .as("ten each: " + rig.counts()).isTrue();
            long settled = System.currentTimeMillis();
            assertThat(ClusterRig.await(SETTLE, () -> rig.changes().stream()
                    .anyMatch(ch -> ch.instance().equals("c") && ch.at() > settled)))
                    .as("c changes shares on its hosts").isTrue();

            Set<String> ofC = hostsOf(rig, "c");
            // cut 0.6 intervals after c's latest change: its next interval then falls inside its acting window
            long latestOfC = rig.changes().stream().filter(ch -> ch.instance().equals("c")).mapToLong(ClusterRig.Change::at)
                    .max().orElseThrow();
            Thread.sleep(Math.max(0, latestOfC + INTERVAL.toMillis() * 3 / 5 - System.currentTimeMillis()));
            long cut = System.currentTimeMillis();
            proxy.cut();
            assertThat(ClusterRig.await(SETTLE, () -> rig.counts().equals(Map.of("a", 15, "b", 15))))
                    .as("a and b take c's hosts once its leases expire: " + rig.counts()).isTrue();
            assertThat(ClusterRig.await(SETTLE, () -> everyHostRunAfter(rig, ofC, cut))).isTrue();
            Map<String, Long> expiryOfC = new HashMap<>();
            Map<String, Long> epochOfC = new HashMap<>();
            for (ClusterRig.Change ch : rig.changes()) {
                if (ch.instance().equals("c") && ofC.contains(ch.host())) {
                    epochOfC.merge(ch.host(), ch.epoch(), Math::max);
                }
            }
            Map<String, Object[]> leases = rig.leases();
            long lastOfC = -1;
            List<ClusterRig.Change> changes = rig.changes();
            for (String host : ofC) {
                Object[] row = leases.get(host);
                long takenAt = (Long) row[3];
                assertThat((String) row[0]).isIn("a", "b");
                expiryOfC.put(host, takenAt);
                for (ClusterRig.Change ch : changes) {
                    if (ch.host().equals(host) && ch.instance().equals("c")) {
                        assertThat(ch.at()).as("c's change on " + host + " before the lease was taken from it").isLessThan(takenAt);
                        lastOfC = Math.max(lastOfC, ch.at());
                    }
                }
            }
            long firstTaken = expiryOfC.values().stream().min(Long::compare).orElseThrow();
            long actWithin = INTERVAL.toMillis() * 2 / 3; // the defaults: a lease of one interval, acting for two thirds
            long afterCut = changes.stream().filter(ch -> ch.instance().equals("c") && ch.at() >= cut).count();
            System.out.printf("cluster fencing (interval %s): c cut off from PostgreSQL; %d changes after the cut, its last "
                            + "%d ms after the cut (limit %d ms), %d refused for want of a lease; the first of its hosts "
                            + "taken %d ms after the cut (%.2f intervals)%n", INTERVAL, afterCut, lastOfC - cut, actWithin,
                    rig.refused("c", cut), firstTaken - cut, (firstTaken - cut) / (double) INTERVAL.toMillis());
            assertThat(lastOfC).as("c stopped changing before another instance took any of its hosts").isLessThan(firstTaken);
            assertThat(lastOfC).as("c's last change within two thirds of a lease of its last renewal (before the cut)")
                    .isLessThan(cut + actWithin + 500);
            assertNoHostChangedByTwoInstancesInOneEpoch(changes);

            proxy.restore();
            assertThat(ClusterRig.await(SETTLE, () -> rig.counts().equals(Map.of("a", 10, "b", 10, "c", 10))))
                    .as("c rejoins and the hosts are shared out again: " + rig.counts()).isTrue();
            assertNoHostChangedByTwoInstancesInOneEpoch(rig.changes());
        }
    }

    /**
     * Fencing as the log shows it: a host's epoch has one instance, and in time order a host's
     * changes never go back to an older epoch (no change by a former owner after the new one began).
     */
    private static void assertNoHostChangedByTwoInstancesInOneEpoch(List<ClusterRig.Change> changes) {
        assertThat(changes).as("changes were logged").isNotEmpty();
        Map<String, String> ownerOfEpoch = new HashMap<>();
        for (ClusterRig.Change ch : changes) {
            String key = ch.host() + "@" + ch.epoch();
            String previous = ownerOfEpoch.putIfAbsent(key, ch.instance());
            assertThat(previous == null ? ch.instance() : previous).as(key + " changed by one instance only")
                    .isEqualTo(ch.instance());
        }
        Map<String, List<ClusterRig.Change>> byHost = new HashMap<>();
        changes.forEach(ch -> byHost.computeIfAbsent(ch.host(), h -> new ArrayList<>()).add(ch));
        byHost.forEach((host, list) -> {
            list.sort(Comparator.comparingLong(ClusterRig.Change::at));
            long epoch = 0;
            for (ClusterRig.Change ch : list) {
                assertThat(ch.epoch()).as(host + ": a change under epoch " + ch.epoch() + " by " + ch.instance()
                        + " after one under epoch " + epoch).isGreaterThanOrEqualTo(epoch);
                epoch = ch.epoch();
            }
        });
        System.out.printf("cluster change log: %d changes on %d hosts under %d epochs, each epoch by one instance%n",
                changes.size(), byHost.size(), ownerOfEpoch.size());
    }

    private static Set<String> allHosts() {
        Set<String> hosts = new TreeSet<>();
        for (int i = 1; i <= ClusterRig.HOSTS; i++) {
            hosts.add("sim://" + ClusterRig.host(i));
        }
        return hosts;
    }

    private static Set<String> hostsOf(ClusterRig rig, String instance) throws Exception {
        Set<String> hosts = new TreeSet<>();
        rig.owners().forEach((h, o) -> {
            if (o.equals(instance)) {
                hosts.add(h);
            }
        });
        assertThat(hosts).isNotEmpty();
        return hosts;
    }

    private static boolean everyHostRunAfter(ClusterRig rig, Set<String> hosts, long afterMs) throws Exception {
        for (String h : hosts) {
            if (rig.firstIntervalAfter(h, afterMs) < 0) {
                return false;
            }
        }
        return true;
    }

    /** The longest time, in intervals, from {@code killedMs} to the first interval recorded on one of {@code hosts}. */
    private static double takeover(ClusterRig rig, Set<String> hosts, long killedMs) throws Exception {
        long worst = 0;
        for (String h : hosts) {
            worst = Math.max(worst, rig.firstIntervalAfter(h, killedMs) - killedMs);
        }
        return worst / (double) INTERVAL.toMillis();
    }
}
