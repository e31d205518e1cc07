package dev.hpm.store;

import dev.hpm.core.driver.DomainSample;
import dev.hpm.core.loop.IntervalReport;
import dev.hpm.core.measure.Aggregation;
import dev.hpm.core.measure.ClassMeasurement;
import dev.hpm.core.measure.GroupMeasurement;
import dev.hpm.core.measure.HostMeasurement;
import dev.hpm.core.measure.Velocity;
import dev.hpm.core.measure.VsMeasurement;
import dev.hpm.core.model.ClassInfo;
import dev.hpm.core.model.ClassKey;
import dev.hpm.core.model.Goal;
import dev.hpm.core.model.Importance;
import dev.hpm.core.model.VelocityLevel;
import dev.hpm.store.HistoryRepository.ClassPoint;
import dev.hpm.store.HistoryRepository.GroupPoint;
import dev.hpm.store.HistoryRepository.HostPoint;
import dev.hpm.store.HistoryRepository.RawHostPoint;
import dev.hpm.store.HistoryRepository.RawServerPoint;
import dev.hpm.store.HistoryRepository.ServerPoint;
import dev.hpm.store.jdbc.JdbcStore;
import dev.hpm.store.testing.Reports;
import dev.hpm.store.testing.Reports.Server;
import dev.hpm.store.testing.StoreTestBase;
import dev.hpm.store.testing.TestDatabase;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Metric history: what {@code record} stores and how queries combine intervals. Expected figures
 * come from the reports' own measurements (and {@link Aggregation#pool} for figures over hosts),
 * so the store must compute them the way the measurement does.
 */
abstract class HistoryCases extends StoreTestBase {
    static final Offset<Double> EXACT = Offset.offset(1e-9);
    static final ClassInfo ONLINE = Reports.serviceClass("Trading", "online", Goal.velocity(VelocityLevel.FAST),
            Importance.HIGHEST);
    static final ClassInfo BATCH = Reports.serviceClass("Trading", "batch", Goal.discretionary(), Importance.LOWEST);
    static final ClassInfo WEB = Reports.serviceClass("Web", "web", Goal.velocity(VelocityLevel.MODERATE),
            Importance.MEDIUM);
    static final Instant T1 = Instant.parse("2026-03-01T10:00:00.000Z");
    static final Instant T2 = T1.plusSeconds(10);
    static final Duration MINUTE = Duration.ofMinutes(1);

    HistoryCases(TestDatabase database) {
        super(database);
    }

    private HistoryRepository history() {
        return store.history();
    }

    // kvm1: s1 and s2 online, s3 batch; s2 is idle (no velocity) in the second interval, and HPM
    // raised its shares and capped it then. kvm2 answers in the first interval only.
    final IntervalReport kvm1First = Reports.report("kvm1", 4, T1, 1, List.of(
            Server.of("u-1", "s1", ONLINE, 1.0, 1.0), Server.of("u-2", "s2", ONLINE, 0.6, 0.2),
            Server.of("u-3", "s3", BATCH, 0.5, 0.5)));
    final IntervalReport kvm2First = Reports.report("kvm2", 8, T1.plusMillis(3), 1, List.of(
            Server.of("u-4", "s4", ONLINE, 0.5, 0.5), Server.of("u-5", "s5", WEB, 1.0, 0.0)));
    final IntervalReport kvm1Second = Reports.report("kvm1", 4, T2, 2, List.of(
            Server.of("u-1", "s1", ONLINE, 0.9, 0.1), Server.of("u-2", "s2", ONLINE, 0.02, 0.01).withScheduler(2048, 1.5),
            Server.of("u-3", "s3", BATCH, 0.2, 0.8)));
    final IntervalReport kvm2Second = Reports.unreachable("kvm2", T2.plusMillis(2), 2);

    private void recordBoth() {
        history().record(List.of(kvm1First, kvm2First));
        history().record(List.of(kvm1Second, kvm2Second));
    }

    /** Rows of one call carry the latest report time. */
    private static final Instant AT1 = T1.plusMillis(3);
    private static final Instant AT2 = T2.plusMillis(2);

    @Test
    void written_twoIntervals_countsTheRowsTheQueriesFind() {
        assertThat(history().written()).isEqualTo(new HistoryRepository.Written(0, 0));
        history().record(List.of(kvm1First, kvm2First));
        long first = rowsAt(AT1);
        assertThat(history().written()).isEqualTo(new HistoryRepository.Written(first, first));
        history().record(List.of(kvm1Second, kvm2Second));
        long second = rowsAt(T2.plusMillis(2));
        assertThat(first).isEqualTo(2 + 4 + 5); // two host rows, two classes on each host, five servers
        assertThat(second).isEqualTo(2 + 2 + 3); // kvm2 unreachable: its host row only
        assertThat(history().written()).isEqualTo(new HistoryRepository.Written(second, first + second));
    }

    /** The history rows of the interval stamped {@code at}, as the queries return them. */
    private long rowsAt(Instant at) {
        Instant to = at.plusMillis(1);
        return history().hosts(null, at, to, null).size() + history().classes(null, at, to, null, false).size()
                + history().servers(null, at, to, null).size();
    }

    @Test
    void record_connectedReport_storesHostFiguresAsMeasured() {
        history().record(List.of(kvm1First));
        HostMeasurement m = kvm1First.measurement();

        assertThat(history().hosts("kvm1", T1, T2, null)).singleElement().satisfies(p -> {
            assertThat(p.at()).isEqualTo(T1);
            assertThat(p.connected()).isTrue();
            assertThat(p.cpus()).isEqualTo(4);
            assertThat(p.cpuUtilisation()).isCloseTo(m.cpuUtilisation(), EXACT);
            assertThat(p.velocity()).isEqualTo(m.velocity());
            assertThat(p.usingCpus()).isEqualTo(m.usingCpus());
            assertThat(p.delayCpus()).isEqualTo(m.delayCpus());
            assertThat(p.servers()).isEqualTo(3);
            assertThat(p.collectMillis()).isEqualTo(kvm1First.collectNanos() / 1e6);
        });
    }

    @Test
    void record_connectedReport_storesEveryClassAsMeasured() {
        history().record(List.of(kvm1First));

        List<ClassPoint> points = history().classes(null, T1, T2, null, false);

        assertThat(points).hasSize(kvm1First.measurement().classes().size());
        for (ClassMeasurement c : kvm1First.measurement().classes().values()) {
            ClassPoint p = points.stream().filter(x -> x.serviceClass().equals(c.serviceClass().key().serviceClass()))
                    .findFirst().orElseThrow();
            assertThat(p).isEqualTo(new ClassPoint(T1, "kvm1", c.serviceClass().key().group(),
                    c.serviceClass().key().serviceClass(), c.serviceClass().importance().label(),
                    c.serviceClass().goalVelocity(), c.velocity(), c.pi(), c.worstServerPi(), c.usingCpus(),
                    c.delayCpus(), c.servers()));
        }
        assertThat(points).filteredOn(p -> p.serviceClass().equals("batch")).singleElement()
                .satisfies(p -> assertThat(p.pi()).isEqualTo(ClassInfo.DISCRETIONARY_PI));
    }

    static final ClassInfo SHOP_AVG = Reports.serviceClass("Shop", "checkout",
            new Goal.AverageResponseTime(200), Importance.HIGH);
    static final ClassInfo SHOP_P90 = Reports.serviceClass("Shop", "search",
            new Goal.PercentileResponseTime(90, 200), Importance.HIGH);

    /** Requests of {@code millis} each, {@code n} of them. */
    private static dev.hpm.core.measure.Completions requests(int n, double millis) {
        double[] times = new double[n];
        java.util.Arrays.fill(times, millis);
        return dev.hpm.core.measure.Completions.of(times);
    }

    @Test
    void classes_responseTimeGoals_piFromCompletions_perIntervalBucketedAndOverHosts() {
        // T1: checkout 10 requests of 100 ms on kvm1 and 30 of 300 ms on kvm2; search 20 of 100 ms and 20 of 400 ms.
        // T2: checkout 40 of 200 ms on kvm1 only.
        history().record(List.of(
                Reports.report("kvm1", 4, T1, 1, List.of(Server.of("u-a", "a", SHOP_AVG, 0.5, 0.1),
                        Server.of("u-s", "s", SHOP_P90, 0.5, 0.1)), java.util.Map.of("u-a", requests(10, 100), "u-s",
                        requests(20, 100))),
                Reports.report("kvm2", 4, T1.plusMillis(3), 1, List.of(Server.of("u-b", "b", SHOP_AVG, 0.5, 0.1),
                        Server.of("u-t", "t", SHOP_P90, 0.5, 0.1)), java.util.Map.of("u-b", requests(30, 300), "u-t",
                        requests(20, 400)))));
        history().record(List.of(Reports.report("kvm1", 4, T2, 2, List.of(Server.of("u-a", "a", SHOP_AVG, 0.5, 0.1)),
                java.util.Map.of("u-a", requests(40, 200)))));

        ClassPoint kvm2 = history().classes("Shop", T1, T2, null, false).stream()
                .filter(p -> p.host().equals("kvm2") && p.serviceClass().equals("checkout")).findFirst().orElseThrow();
        assertThat(kvm2.pi()).as("one host, one interval: as measured").isCloseTo(1.5, EXACT);
        assertThat(kvm2.responseTimeGoal()).isEqualTo("average 200ms");
        assertThat(kvm2.completions()).isEqualTo(30);
        assertThat(kvm2.averageMillis()).isCloseTo(300, EXACT);

        List<ClassPoint> overHosts = history().classes("Shop", T1, T2.plusSeconds(1), null, true);
        ClassPoint checkoutT1 = overHosts.stream().filter(p -> p.at().equals(AT1))
                .filter(p -> p.serviceClass().equals("checkout")).findFirst().orElseThrow();
        assertThat(checkoutT1.pi()).as("(10·100 + 30·300) / 40 / 200").isCloseTo(1.25, EXACT);
        assertThat(checkoutT1.worstServerPi()).isGreaterThanOrEqualTo(checkoutT1.pi());
        ClassPoint searchT1 = overHosts.stream().filter(p -> p.serviceClass().equals("search")).findFirst().orElseThrow();
        double kvm1Search = history().classes("Shop", T1, T2, null, false).stream()
                .filter(p -> p.host().equals("kvm1") && p.serviceClass().equals("search")).findFirst().orElseThrow().pi();
        double kvm2Search = history().classes("Shop", T1, T2, null, false).stream()
                .filter(p -> p.host().equals("kvm2") && p.serviceClass().equals("search")).findFirst().orElseThrow().pi();
        assertThat(searchT1.pi()).as("the hosts' PIs weighted by their completions (20 each)")
                .isCloseTo((kvm1Search + kvm2Search) / 2, EXACT);

        ClassPoint minute = history().classes("Shop", T1, T2.plusSeconds(1), MINUTE, true).stream()
                .filter(p -> p.serviceClass().equals("checkout")).findFirst().orElseThrow();
        assertThat(minute.pi()).as("(1000 + 9000 + 40·200) / 80 / 200").isCloseTo(18_000.0 / 80 / 200, EXACT);
        assertThat(minute.completions()).isEqualTo(80);

        List<ServerPoint> perInterval = history().servers("u-a", T1, T2.plusSeconds(1), null);
        assertThat(perInterval).extracting(ServerPoint::pi).as("a server's PI of its response times, as measured")
                .containsExactly(0.5, 1.0);
        assertThat(history().servers("u-a", T1, T2.plusSeconds(1), MINUTE)).singleElement()
                .satisfies(p -> assertThat(p.pi()).as("the mean of its intervals' PIs").isCloseTo(0.75, EXACT));

        GroupPoint group = history().groups("Shop", T1, T2.plusSeconds(1), MINUTE).getFirst();
        assertThat(group.worstPi()).as("response-time classes count for the group's worst PI")
                .isCloseTo(Math.max(checkoutT1.pi(), searchT1.pi()), EXACT);
    }

    @Test
    void record_connectedReport_storesServersWithSharesCapAndRawCounters() {
        history().record(List.of(kvm1Second));

        List<ServerPoint> points = history().servers(null, T2, T2.plusSeconds(1), null);

        assertThat(points).extracting(ServerPoint::uuid).containsExactly("u-1", "u-2", "u-3");
        for (VsMeasurement s : kvm1Second.measurement().servers()) {
            boolean raised = s.uuid().equals("u-2");
            assertThat(points).filteredOn(p -> p.uuid().equals(s.uuid())).singleElement().isEqualTo(new ServerPoint(T2,
                    s.uuid(), s.name(), "kvm1", "Trading", s.serviceClass().key().serviceClass(), s.usingCpus(),
                    s.delayCpus(), s.cpuCpus(), s.velocity(), s.pi(), raised ? 2048 : 1024, raised ? 1.5 : Double.NaN));
        }
        assertThat(points.get(1).velocity()).as("s2 was idle").isNaN();
        assertThat(history().rawServers("u-2", T2, T2.plusSeconds(1))).singleElement().isEqualTo(
                raw(T2, "kvm1", kvm1Second.measurement().servers().get(1).sample()));
        assertThat(history().rawHosts("kvm1", T2, T2.plusSeconds(1))).singleElement().isEqualTo(new RawHostPoint(T2,
                "kvm1", kvm1Second.node().kernelNanos(), kvm1Second.node().userNanos(), kvm1Second.node().idleNanos(),
                kvm1Second.node().iowaitNanos()));
    }

    private static RawServerPoint raw(Instant at, String host, DomainSample d) {
        return new RawServerPoint(at, d.uuid(), host, d.cpuTimeNanos(), d.usingNanos(), d.delayNanos(),
                d.balloonCurrentKiB(), d.balloonRssKiB(), d.netRxBytes(), d.netTxBytes(), d.blockReadBytes(),
                d.blockWriteBytes());
    }

    @Test
    void record_unreachableHost_storesADisconnectedHostRowOnly() {
        history().record(List.of(kvm2Second));

        assertThat(history().hosts(null, T1, T2.plusSeconds(1), null)).singleElement().satisfies(p -> {
            assertThat(p.host()).isEqualTo("kvm2");
            assertThat(p.connected()).isFalse();
            assertThat(p.velocity()).isNaN();
            assertThat(p.servers()).isZero();
        });
        assertThat(history().classes(null, T1, T2.plusSeconds(1), null, false)).isEmpty();
        assertThat(history().servers(null, T1, T2.plusSeconds(1), null)).isEmpty();
        assertThat(history().rawHosts(null, T1, T2.plusSeconds(1))).isEmpty();
    }

    @Test
    void record_severalHosts_stampsEveryRowWithTheIntervalsLatestReportTime() {
        recordBoth();

        assertThat(history().hosts(null, T1, T2.plusSeconds(1), null)).extracting(HostPoint::at, HostPoint::host)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(AT1, "kvm1"), org.assertj.core.groups.Tuple.tuple(AT1, "kvm2"),
                        org.assertj.core.groups.Tuple.tuple(AT2, "kvm1"), org.assertj.core.groups.Tuple.tuple(AT2, "kvm2"));
    }

    @Test
    void record_aHostTwiceInOneInterval_isRefusedAndStoresNothing() {
        assertThatThrownBy(() -> history().record(List.of(kvm1First, kvm1Second)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("kvm1 has two reports");

        assertThat(history().hosts(null, T1, T2.plusSeconds(60), null)).isEmpty();
    }

    @Test
    void hosts_withABucket_combineIntervalsAsDefined() {
        recordBoth();
        HostMeasurement a = kvm1First.measurement();
        HostMeasurement b = kvm1Second.measurement();

        List<HostPoint> points = history().hosts(null, T1, T1.plus(MINUTE), MINUTE);

        assertThat(points).extracting(HostPoint::host).containsExactly("kvm1", "kvm2");
        HostPoint kvm1 = points.getFirst();
        assertThat(kvm1.at()).isEqualTo(T1);
        assertThat(kvm1.velocity()).isCloseTo(Velocity.of(a.usingCpus() + b.usingCpus(), a.delayCpus() + b.delayCpus()),
                EXACT);
        assertThat(kvm1.usingCpus()).isCloseTo((a.usingCpus() + b.usingCpus()) / 2, EXACT);
        assertThat(kvm1.cpuUtilisation()).isCloseTo((a.cpuUtilisation() + b.cpuUtilisation()) / 2, EXACT);
        HostPoint kvm2 = points.get(1);
        assertThat(kvm2.connected()).as("answered in one interval of the bucket").isTrue();
        assertThat(kvm2.usingCpus()).as("averaged over the intervals it answered")
                .isCloseTo(kvm2First.measurement().usingCpus(), EXACT);
        assertThat(kvm2.velocity()).isCloseTo(kvm2First.measurement().velocity(), EXACT);
    }

    @Test
    void classes_withABucket_takeVelocityFromTheSumsNotTheMeanOfIntervals() {
        recordBoth();
        ClassMeasurement a = kvm1First.measurement().classes().get(ONLINE.key());
        ClassMeasurement b = kvm1Second.measurement().classes().get(ONLINE.key());

        ClassPoint p = history().classes("Trading", T1, T1.plus(MINUTE), MINUTE, false).stream()
                .filter(x -> x.host().equals("kvm1") && x.serviceClass().equals("online")).findFirst().orElseThrow();

        double velocity = Velocity.of(a.usingCpus() + b.usingCpus(), a.delayCpus() + b.delayCpus());
        assertThat(p.velocity()).isCloseTo(velocity, EXACT);
        assertThat(p.pi()).isCloseTo(70 / velocity, EXACT).isNotCloseTo((a.pi() + b.pi()) / 2, Offset.offset(0.01));
        assertThat(p.worstServerPi()).isEqualTo(Math.max(a.worstServerPi(), b.worstServerPi()));
        assertThat(p.usingCpus()).isCloseTo((a.usingCpus() + b.usingCpus()) / 2, EXACT);
        assertThat(p.servers()).isEqualTo(2);
        assertThat(p.goalVelocity()).isEqualTo(70);
        assertThat(p.importance()).isEqualTo("highest");
    }

    @Test
    void classes_overHosts_matchThePoolMeasurementOfEachInterval() {
        recordBoth();
        var pool = Aggregation.pool(List.of(kvm1First.measurement(), kvm2First.measurement()));

        List<ClassPoint> points = history().classes(null, T1, T2, null, true);

        assertThat(points).hasSize(pool.size());
        for (ClassMeasurement c : pool.values()) {
            ClassKey k = c.serviceClass().key();
            ClassPoint p = points.stream().filter(x -> x.group().equals(k.group())
                    && x.serviceClass().equals(k.serviceClass())).findFirst().orElseThrow();
            assertThat(p.host()).isNull();
            assertThat(p.at()).isEqualTo(AT1);
            assertThat(p.velocity()).isCloseTo(c.velocity(), EXACT);
            assertThat(p.pi()).isCloseTo(c.pi(), EXACT);
            assertThat(p.worstServerPi()).isEqualTo(c.worstServerPi());
            assertThat(p.usingCpus()).isCloseTo(c.usingCpus(), EXACT);
            assertThat(p.delayCpus()).isCloseTo(c.delayCpus(), EXACT);
            assertThat(p.servers()).isEqualTo(c.servers());
        }
    }

    @Test
    void groups_matchThePoolsGroupMeasurementOfEachInterval() {
        recordBoth();
        var expected = Aggregation.groups(Aggregation.pool(List.of(kvm1First.measurement(), kvm2First.measurement()))
                .values());

        List<GroupPoint> points = history().groups(null, T1, T2, null);

        assertThat(points).extracting(GroupPoint::group).containsExactly("Trading", "Web");
        for (GroupPoint p : points) {
            GroupMeasurement g = expected.get(p.group());
            assertThat(p.at()).isEqualTo(AT1);
            assertThat(p.velocity()).isCloseTo(g.velocity(), EXACT);
            assertThat(p.worstPi()).isCloseTo(g.worstPi(), EXACT);
            assertThat(p.usingCpus()).isCloseTo(g.usingCpus(), EXACT);
            assertThat(p.delayCpus()).isCloseTo(g.delayCpus(), EXACT);
            assertThat(p.servers()).isEqualTo(g.servers());
        }
    }

    @Test
    void groups_withABucket_combineClassesAndHostsAndKeepTheWorstPi() {
        recordBoth();
        var first = Aggregation.groups(Aggregation.pool(List.of(kvm1First.measurement(), kvm2First.measurement()))
                .values()).get("Trading");
        var second = Aggregation.groups(Aggregation.pool(List.of(kvm1Second.measurement())).values()).get("Trading");

        GroupPoint p = history().groups("Trading", T1, T1.plus(MINUTE), MINUTE).getFirst();

        assertThat(p.at()).isEqualTo(T1);
        assertThat(p.velocity()).isCloseTo(Velocity.of(first.usingCpus() + second.usingCpus(),
                first.delayCpus() + second.delayCpus()), EXACT);
        assertThat(p.worstPi()).isCloseTo(Math.max(first.worstPi(), second.worstPi()), EXACT);
        assertThat(p.usingCpus()).isCloseTo((first.usingCpus() + second.usingCpus()) / 2, EXACT);
        assertThat(p.servers()).isEqualTo(Math.max(first.servers(), second.servers()));
    }

    @Test
    void servers_withABucket_useIntervalsWithAVelocityAndKeepTheLastSettings() {
        recordBoth();
        VsMeasurement a = kvm1First.measurement().servers().get(1);
        VsMeasurement b = kvm1Second.measurement().servers().get(1);

        ServerPoint p = history().servers("u-2", T1, T1.plus(MINUTE), MINUTE).getFirst();

        assertThat(b.hasVelocity()).isFalse();
        assertThat(p.velocity()).isCloseTo(a.velocity(), EXACT);
        assertThat(p.pi()).isCloseTo(70 / a.velocity(), EXACT);
        assertThat(p.usingCpus()).isCloseTo((a.usingCpus() + b.usingCpus()) / 2, EXACT);
        assertThat(p.cpuCpus()).isCloseTo((a.cpuCpus() + b.cpuCpus()) / 2, EXACT);
        assertThat(p.shares()).isEqualTo(2048);
        assertThat(p.capCpus()).isEqualTo(1.5);
    }

    @Test
    void servers_piIsCappedAndDiscretionaryStaysAtItsFixedPi() {
        ClassInfo fastest = Reports.serviceClass("Trading", "critical", Goal.velocity(VelocityLevel.FASTEST),
                Importance.HIGHEST);
        history().record(List.of(Reports.report("kvm1", 4, T1, 1, List.of(Server.of("u-7", "starved", fastest,
                0.0001, 1.9999), Server.of("u-8", "spare", BATCH, 0.1, 1.9)))));

        List<ServerPoint> points = history().servers(null, T1, T1.plus(MINUTE), MINUTE);

        assertThat(points).extracting(ServerPoint::uuid, ServerPoint::pi).containsExactly(
                org.assertj.core.groups.Tuple.tuple("u-7", Velocity.MAX_PI),
                org.assertj.core.groups.Tuple.tuple("u-8", ClassInfo.DISCRETIONARY_PI));
    }

    @Test
    void queries_rangeIsFromInclusiveToExclusiveAndFilterByEntity() {
        recordBoth();

        assertThat(history().hosts("kvm2", AT1, AT2, null)).extracting(HostPoint::at).containsExactly(AT1);
        assertThat(history().hosts("kvm2", AT1.plusMillis(1), AT2.plusMillis(1), null)).extracting(HostPoint::at)
                .containsExactly(AT2);
        assertThat(history().servers("u-4", T1, T2.plusSeconds(60), null)).extracting(ServerPoint::at)
                .containsExactly(AT1);
        assertThat(history().classes("Web", T1, T2.plusSeconds(60), null, false)).extracting(ClassPoint::host)
                .containsExactly("kvm2");
        assertThat(history().rawServers(null, T1, T2.plusSeconds(60))).hasSize(8);
        assertThat(history().rawHosts(null, T1, T2.plusSeconds(60))).extracting(RawHostPoint::host)
                .containsExactly("kvm1", "kvm2", "kvm1");
    }

    @Test
    void bulkLoad_writesWhatRecordWrites() {
        ClassInfo odd = Reports.serviceClass("Odd\tgroup", "back\\slash\nclass", Goal.velocity(VelocityLevel.SLOW),
                Importance.LOW);
        IntervalReport special = Reports.report("qemu+ssh://root@kvm3/system?x=1\t2", 4, T2, 2, List.of(
                Server.of("u-9", "name with\ttab, \\ and\nnewline", odd, 0.7, 0.3).withScheduler(77, 0.25)));
        List<List<IntervalReport>> intervals = List.of(List.of(kvm1First, kvm2First),
                List.of(kvm1Second, kvm2Second, special));
        long rows = ((JdbcStore) store).bulkLoader().load(intervals.iterator());
        try (Store recorded = Stores.open(database.create(), clock)) {
            intervals.forEach(recorded.history()::record);
            HistoryRepository a = store.history();
            HistoryRepository b = recorded.history();
            Instant end = T2.plus(MINUTE);

            assertThat(rows).as("host, class and server rows").isEqualTo(5 + 7 + 9);
            assertThat(a.hosts(null, T1, end, null)).isEqualTo(b.hosts(null, T1, end, null)).hasSize(5);
            assertThat(a.classes(null, T1, end, null, false)).isEqualTo(b.classes(null, T1, end, null, false));
            assertThat(a.servers(null, T1, end, null)).isEqualTo(b.servers(null, T1, end, null)).hasSize(9);
            assertThat(a.rawServers(null, T1, end)).isEqualTo(b.rawServers(null, T1, end));
            assertThat(a.rawHosts(null, T1, end)).isEqualTo(b.rawHosts(null, T1, end));
            assertThat(a.servers("u-9", T1, end, null)).singleElement().satisfies(p -> {
                assertThat(p.name()).isEqualTo("name with\ttab, \\ and\nnewline");
                assertThat(p.group()).isEqualTo("Odd\tgroup");
                assertThat(p.serviceClass()).isEqualTo("back\\slash\nclass");
                assertThat(p.host()).isEqualTo("qemu+ssh://root@kvm3/system?x=1\t2");
            });
        }
    }

    @Test
    void purgeBefore_deletesOlderHistoryInBatchesAndKeepsTheRest() {
        List<Server> many = new ArrayList<>();
        for (int i = 0; i < 7_000; i++) {
            many.add(Server.of("uuid-" + i, "vm-" + i, i % 2 == 0 ? ONLINE : BATCH, 0.3, 0.1));
        }
        for (int i = 0; i < 4; i++) {
            history().record(List.of(Reports.report("kvm1", 64, T1.plusSeconds(10L * i), i, many)));
        }

        long deleted = history().purgeBefore(T1.plusSeconds(30));

        assertThat(deleted).isEqualTo(3 * (7_000 + 2 + 1));
        assertThat(history().hosts(null, T1, T1.plus(MINUTE), null)).extracting(HostPoint::at)
                .containsExactly(T1.plusSeconds(30));
        assertThat(history().servers("uuid-1", T1, T1.plus(MINUTE), null)).hasSize(1);
    }

    @Test
    void inOneTransaction_failureHalfWay_writesNoneOfTheInterval() {
        assertThatThrownBy(() -> store.inOneTransaction("record an interval", () -> {
            store.inventory().seen("kvm1", 4, List.of(new InventoryRepository.SeenServer("u-1", "trade-1", 2)), T1);
            history().record(List.of(kvm1First));
            throw new IllegalStateException("the interval's next step failed");
        })).isInstanceOf(IllegalStateException.class).hasMessage("the interval's next step failed");

        assertThat(store.inventory().servers()).isEmpty();
        assertThat(store.inventory().hosts()).isEmpty();
        assertThat(history().rawHosts(null, T1, T2.plusSeconds(1))).isEmpty();
    }

    @Test
    void inOneTransaction_readersSeeTheIntervalOnlyOnceItIsCommitted() {
        List<Integer> seenMeanwhile = new java.util.ArrayList<>();
        store.inOneTransaction("record an interval", () -> {
            store.inventory().seen("kvm1", 4, List.of(new InventoryRepository.SeenServer("u-1", "trade-1", 2)), T1);
            history().record(List.of(kvm1First, kvm2First));
            seenMeanwhile.add(history().rawHosts(null, T1, T2).size()); // a reader on another connection
            seenMeanwhile.add(store.inventory().servers().size());
            return null;
        });

        assertThat(seenMeanwhile).as("history rows and servers a reader saw before the commit").containsExactly(0, 0);
        assertThat(history().rawHosts(null, T1, T2)).hasSize(2);
        assertThat(store.inventory().servers()).extracting(InventoryRepository.ServerRecord::name).containsExactly("trade-1");
    }

    /** 30 minutes of two hosts every 10 s, with figures that change, then one interval 10 minutes later. */
    private void recordHalfAnHour() {
        for (int i = 0; i < 180; i++) {
            Instant at = T1.plusSeconds(10L * i);
            double load = 0.1 + (i % 7) / 10.0;
            history().record(List.of(
                    Reports.report("kvm1", 4, at, i, List.of(Server.of("u-1", "s1", ONLINE, load, 1 - load),
                            Server.of("u-3", "s3", BATCH, 0.5, load))),
                    Reports.report("kvm2", 8, at, i, List.of(Server.of("u-5", "s5", WEB, 1 - load, load / 2)))));
        }
        history().record(List.of(Reports.report("kvm1", 4, T1.plus(Duration.ofMinutes(40)), 240,
                List.of(Server.of("u-1", "s1", ONLINE, 0.5, 0.5)))));
    }

    @Test
    void groups_completeBucketsAskedAgain_comeBackAsTheDatabaseComputesThem() {
        recordHalfAnHour();
        Instant from = T1.plusSeconds(75);
        Instant to = T1.plus(Duration.ofMinutes(41));

        List<GroupPoint> first = history().groups(null, from, to, MINUTE);
        List<GroupPoint> again = history().groups(null, from, to, MINUTE); // complete minutes from memory
        List<GroupPoint> overlapping = history().groups("Trading", T1.plusSeconds(200), T1.plusSeconds(1_300), MINUTE);
        List<ClassPoint> classes = history().classes(null, from, to, MINUTE, true);
        List<ClassPoint> classesAgain = history().classes(null, from, to, MINUTE, true);
        reopen(); // a store that has read nothing yet

        assertThat(classes).isEqualTo(classesAgain).isEqualTo(history().classes(null, from, to, MINUTE, true));

        assertThat(first).isEqualTo(again).isEqualTo(history().groups(null, from, to, MINUTE));
        assertThat(first.getFirst().at()).as("the partial first minute").isEqualTo(T1.plusSeconds(60));
        assertThat(overlapping).isEqualTo(history().groups("Trading", T1.plusSeconds(200), T1.plusSeconds(1_300), MINUTE));

        history().record(List.of(Reports.report("kvm1", 4, T1.plus(Duration.ofMinutes(40)).plusSeconds(10), 241,
                List.of(Server.of("u-1", "s1", ONLINE, 0.5, 0.5)))));
        List<GroupPoint> before = history().groups(null, from, to, MINUTE); // complete minutes kept
        history().record(List.of(Reports.report("kvm3", 2, T1.plusSeconds(301), 900, // a late report in a kept minute
                List.of(Server.of("u-9", "s9", ONLINE, 0.1, 0.9)))));
        List<GroupPoint> afterLate = history().groups(null, from, to, MINUTE);
        reopen();

        assertThat(afterLate).isEqualTo(history().groups(null, from, to, MINUTE)).isNotEqualTo(before);
    }

    @Test
    void record_anIntervalHostByHostAtTheIntervalsTime_combinesOverHostsAsInOneCall() {
        java.util.function.Function<Instant, List<IntervalReport>> interval = t -> List.of(
                Reports.report("kvm1", 4, t, 1, List.of(Server.of("u-1", "s1", ONLINE, 1.0, 1.0),
                        Server.of("u-3", "s3", BATCH, 0.5, 0.5))),
                Reports.report("kvm2", 8, t.plusMillis(3), 1, List.of(Server.of("u-4", "s4", ONLINE, 0.5, 0.5),
                        Server.of("u-5", "s5", WEB, 1.0, 0.0))));
        Instant later = T1.plus(Duration.ofHours(1));
        history().record(interval.apply(T1));

        List<IntervalReport> second = interval.apply(later);
        history().record(List.of(second.get(0)), later.plusMillis(3)); // the interval's time: its latest report's
        history().record(List.of(second.get(1)), later.plusMillis(3));

        List<GroupPoint> together = history().groups(null, T1, T1.plusSeconds(1), null);
        List<GroupPoint> byHost = history().groups(null, later, later.plusSeconds(1), null);
        assertThat(byHost).hasSize(together.size()).hasSizeGreaterThan(1);
        for (int i = 0; i < together.size(); i++) {
            GroupPoint a = together.get(i);
            GroupPoint b = byHost.get(i);
            assertThat(b).isEqualTo(new GroupPoint(b.at(), a.group(), a.velocity(), a.worstPi(), a.usingCpus(),
                    a.delayCpus(), a.servers()));
            assertThat(b.at()).isEqualTo(a.at().plus(Duration.ofHours(1)));
        }
    }
}
