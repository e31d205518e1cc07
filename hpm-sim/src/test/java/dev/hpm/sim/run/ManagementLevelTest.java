package dev.hpm.sim.run;

import dev.hpm.core.cpu.CpuManager;
import dev.hpm.core.cpu.CpuManagerSettings;
import dev.hpm.core.cpu.ShareChange;
import dev.hpm.core.loop.ControlInputs;
import dev.hpm.core.loop.ControlSettings;
import dev.hpm.core.loop.HostController;
import dev.hpm.core.loop.IntervalReport;
import dev.hpm.core.model.Goal;
import dev.hpm.core.model.Importance;
import dev.hpm.core.model.ManagementLevel;
import dev.hpm.core.model.ManagementLevels;
import dev.hpm.core.model.PerformancePolicy;
import dev.hpm.core.model.ServiceClass;
import dev.hpm.core.model.ServiceDefinition;
import dev.hpm.core.model.VelocityLevel;
import dev.hpm.core.model.VelocityMapping;
import dev.hpm.core.model.VirtualServerInfo;
import dev.hpm.core.model.WorkloadResourceGroup;
import dev.hpm.sim.SimClock;
import dev.hpm.sim.demand.DemandModel;
import dev.hpm.sim.host.CfsScheduler;
import dev.hpm.sim.host.SimDomain;
import dev.hpm.sim.host.SimDriver;
import dev.hpm.sim.host.SimHost;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The control loop on a simulated host as an operator turns management on, off and to monitor. */
class ManagementLevelTest {
    static final long S = 1_000_000_000L;
    SimClock clock;
    SimHost host;
    SimDomain gold;
    SimDomain batch;
    ManagementLevels levels;
    HostController controller;

    @BeforeEach
    void setUp() {
        clock = new SimClock();
        host = new SimHost("h1", 2, 8 << 20, CfsScheduler.exact());
        gold = new SimDomain("u-gold", "gold-1", 2, 1 << 20, new DemandModel.Constant(1.9), 1024);
        batch = new SimDomain("u-batch", "batch-1", 2, 1 << 20, new DemandModel.Constant(2), 700);
        host.add(gold);
        host.add(batch);
        PerformancePolicy goldPolicy = new PerformancePolicy("gold",
                List.of(new ServiceClass("gold", Goal.velocity(VelocityLevel.FAST), Importance.HIGHEST)), List.of(), "gold");
        PerformancePolicy batchPolicy = new PerformancePolicy("batch",
                List.of(new ServiceClass("batch", Goal.discretionary(), Importance.LOWEST)), List.of(), "batch");
        ServiceDefinition definition = new ServiceDefinition(VelocityMapping.DEFAULT, List.of(
                WorkloadResourceGroup.of("Gold", Importance.HIGHEST, goldPolicy, Set.of("u-gold")),
                WorkloadResourceGroup.of("Batch", Importance.LOW, batchPolicy, Set.of("u-batch"))));
        levels = ManagementLevels.all(ManagementLevel.MANAGE);
        ControlInputs inputs = ControlInputs.of(() -> definition, () -> levels,
                (h, uuid, name) -> new VirtualServerInfo(uuid, name, h, Set.of(), "linux"));
        controller = new HostController("h1", new SimDriver(host, clock), clock, ControlSettings.DEFAULT, inputs,
                new CpuManager(CpuManagerSettings.DEFAULT));
        controller.start();
    }

    IntervalReport interval() {
        for (int t = 0; t < 10; t++) {
            host.tick(clock.nanos(), S);
            clock.advance(S);
        }
        return controller.runInterval();
    }

    @Test
    void manage_thenServerToMonitor_restoresItsOriginalShares() {
        interval();
        interval();
        assertThat(batch.scheduler().cpuShares()).isLessThan(700);
        assertThat(gold.scheduler().cpuShares()).isGreaterThan(1024);

        levels = levels.withServer("u-batch", ManagementLevel.MONITOR);
        IntervalReport r = interval();
        assertThat(r.applied()).anySatisfy(c -> {
            assertThat(c.role()).isEqualTo(ShareChange.Role.RESTORE);
            assertThat(c.name()).isEqualTo("batch-1");
        });
        assertThat(batch.scheduler().cpuShares()).isEqualTo(700);
        assertThat(controller.ledger().original("u-batch")).isEmpty();
        for (int i = 0; i < 5; i++) {
            interval();
            assertThat(batch.scheduler().cpuShares()).isEqualTo(700);
        }
    }

    @Test
    void manage_thenServerToNone_isRestoredThoughNoLongerMeasured() {
        interval();
        assertThat(batch.scheduler().cpuShares()).isLessThan(700);
        levels = levels.withServer("u-batch", ManagementLevel.NONE);
        IntervalReport r = interval();
        assertThat(r.measurement().servers()).extracting(m -> m.name()).containsExactly("gold-1");
        assertThat(r.applied()).anySatisfy(c -> assertThat(c.role()).isEqualTo(ShareChange.Role.RESTORE));
        assertThat(batch.scheduler().cpuShares()).isEqualTo(700);
    }

    @Test
    void hostToMonitor_measuresButNeverChangesShares_andRestoresEverything() {
        interval();
        interval();
        levels = levels.withHost("h1", ManagementLevel.MONITOR);
        interval();
        assertThat(gold.scheduler().cpuShares()).isEqualTo(1024);
        assertThat(batch.scheduler().cpuShares()).isEqualTo(700);
        for (int i = 0; i < 5; i++) {
            IntervalReport r = interval();
            assertThat(r.applied()).isEmpty();
            assertThat(r.measurement().classes()).isNotEmpty();
            assertThat(r.measurement().servers()).allSatisfy(m -> assertThat(m.hasVelocity()).isTrue());
            assertThat(r.decision().decision().summary()).contains("management level monitor");
        }
    }

    @Test
    void restoreAll_putsBackWhatHpmChanged() {
        interval();
        assertThat(gold.scheduler().cpuShares()).isNotEqualTo(1024);
        List<ShareChange> restored = controller.restoreAll();
        assertThat(restored).hasSize(2);
        assertThat(gold.scheduler().cpuShares()).isEqualTo(1024);
        assertThat(batch.scheduler().cpuShares()).isEqualTo(700);
    }

    @Test
    void administratorsCap_isKeptAndRespected() {
        SimDomain capped = new SimDomain("u-capped", "capped-1", 2, 1 << 20, new DemandModel.Constant(2), 1024, 0.5);
        host.add(capped);
        for (int i = 0; i < 4; i++) {
            interval();
        }
        IntervalReport r = interval();
        assertThat(r.measurement().servers().stream().filter(m -> m.name().equals("capped-1")).findFirst().orElseThrow()
                .usingCpus()).isLessThanOrEqualTo(0.5 + 1e-9);
        assertThat(capped.scheduler().vcpuQuota()).isEqualTo(25_000);
    }
}
