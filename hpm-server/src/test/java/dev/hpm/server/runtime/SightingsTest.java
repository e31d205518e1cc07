package dev.hpm.server.runtime;

import dev.hpm.store.InventoryRepository.SeenServer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class SightingsTest {

    private static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");
    private final Sightings sightings = new Sightings();
    private final SeenServer web = new SeenServer("uuid-web", "web", 2);

    private List<SeenServer> dueAndWrite(String host, List<SeenServer> seen, Instant at) {
        List<SeenServer> due = sightings.due(host, seen, at, uuid -> true);
        sightings.written(host, due, seen, at);
        return due;
    }

    @Test
    void due_unchangedServer_isRewrittenAtMostEveryTenMinutes() {
        assertThat(dueAndWrite("h1", List.of(web), T0)).containsExactly(web);
        int writes = 0;
        for (int s = 10; s <= 3_600; s += 10) { // an hour of 10 s intervals
            writes += dueAndWrite("h1", List.of(web), T0.plusSeconds(s)).size();
        }
        assertThat(writes).as("one refresh every ten minutes, never more").isBetween(5, 6);
    }

    @Test
    void due_changedNameHostOrVcpus_isWrittenAtOnce() {
        dueAndWrite("h1", List.of(web), T0);
        Instant next = T0.plusSeconds(10);
        assertThat(sightings.due("h2", List.of(web), next, uuid -> true)).as("moved").containsExactly(web);
        SeenServer renamed = new SeenServer("uuid-web", "web-1", 2);
        assertThat(sightings.due("h1", List.of(renamed), next, uuid -> true)).as("renamed").containsExactly(renamed);
        SeenServer grown = new SeenServer("uuid-web", "web", 4);
        assertThat(sightings.due("h1", List.of(grown), next, uuid -> true)).as("vcpus").containsExactly(grown);
        assertThat(sightings.due("h1", List.of(web), next, uuid -> true)).as("unchanged").isEmpty();
    }

    @Test
    void due_serverTheInventoryNoLongerHolds_isWrittenAgain() {
        dueAndWrite("h1", List.of(web), T0);
        assertThat(sightings.due("h1", List.of(web), T0.plusSeconds(10), uuid -> false)).containsExactly(web);
    }

    @Test
    void due_aWriteThatWasNotRemembered_isRepeated() {
        sightings.due("h1", List.of(web), T0, uuid -> true); // the transaction failed: not written()
        assertThat(sightings.due("h1", List.of(web), T0.plusSeconds(10), uuid -> true)).containsExactly(web);
    }

    @Test
    void due_serversFirstSeenTogether_refreshSpreadOverTheRefreshPeriod() {
        List<SeenServer> fleet = IntStream.range(0, 6_000)
                .mapToObj(i -> new SeenServer("00000000-0000-0000-0000-" + String.format("%012d", i), "vs" + i, 1))
                .toList();
        dueAndWrite("h1", fleet, T0);
        List<Integer> perInterval = new ArrayList<>();
        for (int s = 10; s <= 600; s += 10) {
            perInterval.add(dueAndWrite("h1", fleet, T0.plusSeconds(s)).size());
        }
        assertThat(perInterval.stream().mapToInt(Integer::intValue).sum()).as("each refreshed once in the ten minutes")
                .isEqualTo(fleet.size());
        assertThat(perInterval).as("no interval rewrites more than a twentieth of them: " + perInterval)
                .allMatch(n -> n < fleet.size() / 20);
        assertThat(Sightings.REFRESH).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void vanished_aServerItsHostStopsReporting_isGivenWithItsLastSighting() {
        SeenServer db = new SeenServer("uuid-db", "db", 4);
        dueAndWrite("h1", List.of(web, db), T0);
        dueAndWrite("h1", List.of(web, db), T0.plusSeconds(10));
        assertThat(sightings.vanished("h1", List.of(web))).containsExactly(Map.entry("uuid-db", T0.plusSeconds(10)));
        assertThat(sightings.vanished("h1", List.of(web, db))).isEmpty();
    }

    @Test
    void vanished_afterTheIntervalWithoutItWasWritten_isNotGivenAgain() {
        dueAndWrite("h1", List.of(web), T0);
        dueAndWrite("h1", List.of(), T0.plusSeconds(10));
        assertThat(sightings.vanished("h1", List.of())).isEmpty();
    }

    @Test
    void vanished_aWriteThatFailed_isGivenAgainByTheNextInterval() {
        dueAndWrite("h1", List.of(web), T0);
        assertThat(sightings.vanished("h1", List.of())).hasSize(1); // the transaction failed: not written()
        assertThat(sightings.vanished("h1", List.of())).containsExactly(Map.entry("uuid-web", T0));
    }

    @Test
    void vanished_aHostNeverWritten_hasNone() {
        assertThat(sightings.vanished("h9", List.of(web))).isEmpty();
    }
}
