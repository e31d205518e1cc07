package dev.hpm.server.runtime;

import dev.hpm.core.loop.IntervalReport;
import dev.hpm.core.model.Goal;
import dev.hpm.core.model.Importance;
import dev.hpm.store.testing.Reports;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class IntervalWriterTest {
    /** PostgreSQL's figure ({@code Store.serversPerIntervalTransaction}). */
    private static final int LIMIT = 2_500;
    private static final Instant AT = Instant.parse("2026-12-04T02:00:00Z");

    private static IntervalReport host(String name, int servers) {
        var c = Reports.serviceClass("g", "c", new Goal.Discretionary(), Importance.LOW);
        List<Reports.Server> list = IntStream.range(0, servers)
                .mapToObj(i -> Reports.Server.of(name + "-" + i, name + "-" + i, c, 0.1, 0)).toList();
        return Reports.report(name, 8, AT, 1, list);
    }

    private static List<Integer> sizes(List<List<IntervalReport>> groups) {
        return groups.stream().map(List::size).toList();
    }

    @Test
    void groups_fleetOfFiftyServerHosts_fiftyHostsToATransaction() {
        List<IntervalReport> reports = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            reports.add(host("h" + i, 50));
        }
        List<List<IntervalReport>> groups = IntervalWriter.groups(reports, LIMIT);
        assertThat(sizes(groups)).containsExactly(50, 50, 20);
        assertThat(groups.stream().flatMap(List::stream).toList()).as("every host once, in order").isEqualTo(reports);
    }

    @Test
    void groups_aHostLargerThanTheLimit_isATransactionOfItsOwn() {
        List<IntervalReport> reports = List.of(host("a", 10), host("big", LIMIT + 1),
                host("b", 10), Reports.unreachable("down", AT, 1), host("c", 10));
        assertThat(sizes(IntervalWriter.groups(reports, LIMIT))).containsExactly(1, 1, 3);
    }

    @Test
    void groups_hostsOfTwoHundredServers_stayUnderTheLimit() {
        List<IntervalReport> reports = IntStream.range(0, 50).mapToObj(i -> host("h" + i, 200)).toList();
        assertThat(sizes(IntervalWriter.groups(reports, LIMIT))).containsExactly(12, 12, 12, 12, 2);
    }

    @Test
    void groups_limitOfOne_isAHostToATransaction() {
        List<IntervalReport> reports = List.of(host("a", 50), Reports.unreachable("down", AT, 1), host("b", 50), host("c", 1));
        assertThat(sizes(IntervalWriter.groups(reports, 1))).containsExactly(1, 1, 1, 1);
    }

    @Test
    void groups_none_isNone() {
        assertThat(IntervalWriter.groups(List.of(), LIMIT)).isEmpty();
    }
}
