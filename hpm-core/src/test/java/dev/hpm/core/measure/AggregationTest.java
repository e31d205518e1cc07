package dev.hpm.core.measure;

import dev.hpm.core.model.ClassInfo;
import dev.hpm.core.model.ClassKey;
import dev.hpm.core.model.Goal;
import dev.hpm.core.model.Importance;
import dev.hpm.core.model.ManagementLevel;
import dev.hpm.core.model.VelocityLevel;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class AggregationTest {
    static final long S = 1_000_000_000L;
    static final ClassInfo WEB = new ClassInfo(new ClassKey("shop", "web"), Goal.velocity(VelocityLevel.MODERATE), 50,
            Importance.HIGH, Importance.HIGH);
    static final ClassInfo BATCH = new ClassInfo(new ClassKey("shop", "batch"), Goal.discretionary(), 0,
            Importance.LOWEST, Importance.HIGH);

    static VsDelta delta(String uuid, long using, long delay) {
        return new VsDelta(uuid, uuid, SampleStatus.MEASURED, 10 * S, using, delay, using, 2, null);
    }

    @Test
    void host_classVelocity_isRatioOfSumsNotMeanOfVelocities() {
        // a: ran 10 s, waited 0 (velocity 100); b: ran 5 s, waited 15 s (velocity 25), over 10 s
        List<VsDelta> deltas = List.of(delta("a", 10 * S, 0), delta("b", 5 * S, 15 * S));
        HostMeasurement m = Aggregation.host("h", 4, deltas, (u, n) -> new ServerContext(WEB, ManagementLevel.MANAGE),
                MeasurementSettings.DEFAULT);
        ClassMeasurement web = m.classes().get(WEB.key());
        assertThat(web.velocity()).isCloseTo(100.0 * 15 / 30, within(1e-9)); // 50, not (100+25)/2
        assertThat(web.pi()).isCloseTo(1.0, within(1e-9));
        assertThat(web.usingCpus()).isCloseTo(1.5, within(1e-9));
        assertThat(web.delayCpus()).isCloseTo(1.5, within(1e-9));
        VsMeasurement b = m.servers().get(1);
        assertThat(b.velocity()).isCloseTo(25, within(1e-9));
        assertThat(b.pi()).isCloseTo(2.0, within(1e-9));
        assertThat(b.delayShare()).isCloseTo(0.75, within(1e-9));
        assertThat(b.demandCpus()).isCloseTo(2.0, within(1e-9));
        assertThat(m.cpuUtilisation()).isCloseTo(1.5 / 4, within(1e-9));
    }

    @Test
    void host_nearlyIdleServer_hasNoVelocityAndIsLeftOutOfItsClass() {
        // 0.2 s of 10 s runnable = 0.02 CPUs, below the 0.05 minimum sample
        List<VsDelta> deltas = List.of(delta("busy", 8 * S, 2 * S), delta("idle", S / 10, S / 10));
        HostMeasurement m = Aggregation.host("h", 4, deltas, (u, n) -> new ServerContext(WEB, ManagementLevel.MANAGE),
                MeasurementSettings.DEFAULT);
        assertThat(m.servers().get(1).hasVelocity()).isFalse();
        ClassMeasurement web = m.classes().get(WEB.key());
        assertThat(web.servers()).isEqualTo(2);
        assertThat(web.measuredServers()).isEqualTo(1);
        assertThat(web.velocity()).isCloseTo(80, within(1e-9));
    }

    @Test
    void host_levelNone_isNotMeasured() {
        List<VsDelta> deltas = List.of(delta("a", 8 * S, 2 * S), delta("ignored", 10 * S, 10 * S));
        HostMeasurement m = Aggregation.host("h", 4, deltas, (u, n) -> new ServerContext(WEB,
                u.equals("ignored") ? ManagementLevel.NONE : ManagementLevel.MONITOR), MeasurementSettings.DEFAULT);
        assertThat(m.servers()).extracting(VsMeasurement::uuid).containsExactly("a");
        assertThat(m.classes().get(WEB.key()).velocity()).isCloseTo(80, within(1e-9));
    }

    @Test
    void host_discretionaryClass_hasFixedPiAndGroupWorstPiIgnoresIt() {
        List<VsDelta> deltas = List.of(delta("w", 6 * S, 4 * S), delta("b", S, 9 * S));
        HostMeasurement m = Aggregation.host("h", 4, deltas, (u, n) -> new ServerContext(u.equals("w") ? WEB : BATCH,
                ManagementLevel.MANAGE), MeasurementSettings.DEFAULT);
        assertThat(m.classes().get(BATCH.key()).pi()).isEqualTo(0.81);
        GroupMeasurement shop = m.groups().get("shop");
        assertThat(shop.worstPi()).isCloseTo(50.0 / 60, within(1e-9));
        assertThat(shop.velocity()).isCloseTo(100.0 * 7 / 20, within(1e-9));
    }

    @Test
    void pool_sumsClassesOverHosts() {
        HostMeasurement h1 = Aggregation.host("h1", 2, List.of(delta("a", 10 * S, 0)),
                (u, n) -> new ServerContext(WEB, ManagementLevel.MANAGE), MeasurementSettings.DEFAULT);
        HostMeasurement h2 = Aggregation.host("h2", 2, List.of(delta("b", 5 * S, 15 * S)),
                (u, n) -> new ServerContext(WEB, ManagementLevel.MANAGE), MeasurementSettings.DEFAULT);
        Map<ClassKey, ClassMeasurement> pool = Aggregation.pool(List.of(h1, h2));
        assertThat(pool.get(WEB.key()).velocity()).isCloseTo(50, within(1e-9));
        assertThat(pool.get(WEB.key()).servers()).isEqualTo(2);
    }

    static final ClassInfo API = new ClassInfo(new ClassKey("shop", "api"), new Goal.PercentileResponseTime(90, 200), 0,
            Importance.HIGH, Importance.HIGH);

    static Completions times(int n, double millis) {
        double[] t = new double[n];
        java.util.Arrays.fill(t, millis);
        return Completions.of(t);
    }

    @Test
    void host_responseTimeClass_piFromCompletionsNotVelocity() {
        List<VsDelta> deltas = List.of(delta("a", 10 * S, 0), delta("b", 10 * S, 0));
        Map<String, Completions> done = Map.of("a", times(50, 100), "b", times(50, 400));
        HostMeasurement m = Aggregation.host("h", 4, deltas, (u, n) -> new ServerContext(API, ManagementLevel.MANAGE,
                done.get(u)), MeasurementSettings.DEFAULT);

        ClassMeasurement c = m.classes().get(API.key());
        assertThat(c.velocity()).isCloseTo(100, within(1e-9));
        assertThat(c.completions().count()).isEqualTo(100);
        // half the requests at 400 ms: the 90th percentile is about 400 ms, PI about 2
        assertThat(c.pi()).isCloseTo(2.0, within(0.1));
        assertThat(m.servers().get(0).pi()).isCloseTo(0.5, within(0.03));
        assertThat(c.worstServerPi()).isEqualTo(m.servers().get(1).pi());
        assertThat(c.missesGoal()).isTrue();
    }

    @Test
    void host_tooFewCompletionsPerServer_classStillHasItsPi() {
        List<VsDelta> deltas = List.of(delta("a", 10 * S, 0), delta("b", 10 * S, 0));
        HostMeasurement m = Aggregation.host("h", 4, deltas, (u, n) -> new ServerContext(API, ManagementLevel.MANAGE,
                times(6, 400)), MeasurementSettings.DEFAULT);

        assertThat(m.servers()).allSatisfy(s -> assertThat(s.pi()).isNaN());
        assertThat(m.classes().get(API.key()).pi()).isCloseTo(2.0, within(0.1));
        assertThat(m.classes().get(API.key()).worstServerPi()).isEqualTo(m.classes().get(API.key()).pi());
    }

    @Test
    void host_tooFewCompletionsInTheClass_noPiNoReceiver() {
        HostMeasurement m = Aggregation.host("h", 4, List.of(delta("a", 10 * S, 0)),
                (u, n) -> new ServerContext(API, ManagementLevel.MANAGE, times(9, 400)), MeasurementSettings.DEFAULT);

        ClassMeasurement c = m.classes().get(API.key());
        assertThat(c.pi()).isNaN();
        assertThat(c.worstServerPi()).isNaN();
        assertThat(c.missesGoal()).isFalse();
        assertThat(m.groups().get("shop").worstPi()).isNaN();
    }

    @Test
    void pool_responseTimeClass_mergesCompletionsOverHosts() {
        HostMeasurement h1 = Aggregation.host("h1", 2, List.of(delta("a", 10 * S, 0)),
                (u, n) -> new ServerContext(API, ManagementLevel.MANAGE, times(6, 100)), MeasurementSettings.DEFAULT);
        HostMeasurement h2 = Aggregation.host("h2", 2, List.of(delta("b", 10 * S, 0)),
                (u, n) -> new ServerContext(API, ManagementLevel.MANAGE, times(6, 100)), MeasurementSettings.DEFAULT);
        assertThat(h1.classes().get(API.key()).pi()).as("6 < 10 completions on one host").isNaN();

        ClassMeasurement pool = Aggregation.pool(List.of(h1, h2)).get(API.key());
        assertThat(pool.completions().count()).isEqualTo(12);
        assertThat(pool.pi()).isCloseTo(0.5, within(0.03));
    }

    @Test
    void completions_plusWithOtherBounds_countsEachBucketAtItsUpperBound() {
        Completions app = new Completions(new double[]{100, 200, 400}, new long[]{1, 2, 3, 4}, 0);
        Completions sum = Completions.of(50).plus(app);

        assertThat(sum.count()).isEqualTo(11);
        assertThat(sum.counts()[Completions.bucketOf(Completions.DEFAULT_BOUNDS, 200)]).isEqualTo(2);
        assertThat(sum.counts()[sum.counts().length - 1]).as("beyond the last bound").isEqualTo(4);
    }

    @Test
    void completions_since_counterBackwards_isNoData() {
        Completions before = new Completions(new double[]{100}, new long[]{5, 1}, 600);
        Completions after = new Completions(new double[]{100}, new long[]{8, 1}, 750);

        assertThat(after.since(before)).isEqualTo(new Completions(new double[]{100}, new long[]{3, 0}, 150));
        assertThat(before.since(after)).isNull();
    }
}
