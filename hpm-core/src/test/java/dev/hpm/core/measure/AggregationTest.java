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
}
