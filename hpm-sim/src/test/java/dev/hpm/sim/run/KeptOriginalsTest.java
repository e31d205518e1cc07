package dev.hpm.sim.run;

import dev.hpm.core.cpu.CpuManager;
import dev.hpm.core.cpu.CpuManagerSettings;
import dev.hpm.core.cpu.ShareLedger;
import dev.hpm.core.loop.ControlInputs;
import dev.hpm.core.loop.ControlSettings;
import dev.hpm.core.loop.HostController;
import dev.hpm.core.loop.IntervalReport;
import dev.hpm.core.loop.OriginalSettings;
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

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The settings from before HPM kept beyond one controller ({@link OriginalSettings}): a second
 * controller that takes over the host (a failover in a cluster, a restart after a crash) restores
 * the values from before the first one changed anything, not those it found.
 */
class KeptOriginalsTest {
    static final long S = 1_000_000_000L;
    SimClock clock;
    SimHost host;
    SimDomain gold;
    SimDomain batch;
    ControlInputs inputs;
    Keeper kept;

    /** An in-memory store of originals, as the shared table is for two instances; may be made to fail. */
    static final class Keeper implements OriginalSettings {
        final Map<String, ShareLedger.Original> rows = new HashMap<>();
        boolean down;

        @Override
        public Map<String, ShareLedger.Original> load(String host) {
            check();
            return Map.copyOf(rows);
        }

        @Override
        public void record(String host, String uuid, ShareLedger.Original original) {
            check();
            rows.putIfAbsent(uuid, original);
        }

        @Override
        public void forget(String host, String uuid) {
            check();
            rows.remove(uuid);
        }

        private void check() {
            if (down) {
                throw new IllegalStateException("database down");
            }
        }
    }

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
        inputs = ControlInputs.of(() -> definition, () -> ManagementLevels.all(ManagementLevel.MANAGE),
                (h, uuid, name) -> new VirtualServerInfo(uuid, name, h, Set.of(), "linux"));
        kept = new Keeper();
    }

    HostController controller(OriginalSettings originals) {
        HostController c = new HostController("h1", new SimDriver(host, clock), clock, ControlSettings.DEFAULT, inputs,
                new CpuManager(CpuManagerSettings.DEFAULT), originals);
        c.start();
        return c;
    }

    IntervalReport interval(HostController c) {
        for (int t = 0; t < 10; t++) {
            host.tick(clock.nanos(), S);
            clock.advance(S);
        }
        return c.runInterval();
    }

    @Test
    void restoreAll_afterTakeover_putsBackSettingsFromBeforeTheFirstOwner() {
        HostController first = controller(kept);
        interval(first);
        interval(first);
        long goldAtTakeover = gold.scheduler().cpuShares();
        long batchAtTakeover = batch.scheduler().cpuShares();
        assertThat(goldAtTakeover).isNotEqualTo(1024);
        assertThat(batchAtTakeover).isNotEqualTo(700);
        assertThat(kept.rows).containsOnlyKeys("u-gold", "u-batch");

        HostController second = controller(kept); // the first one died without restoring
        interval(second);
        interval(second);
        second.restoreAll();

        assertThat(gold.scheduler().cpuShares()).isEqualTo(1024);
        assertThat(batch.scheduler().cpuShares()).isEqualTo(700);
        assertThat(kept.rows).isEmpty();
    }

    @Test
    void restoreAll_afterTakeoverWithoutKeptOriginals_putsBackTheFirstOwnersShares() {
        HostController first = controller(OriginalSettings.NONE);
        interval(first);
        interval(first);
        long batchAtTakeover = batch.scheduler().cpuShares();

        HostController second = controller(OriginalSettings.NONE);
        interval(second);
        second.restoreAll();

        assertThat(batch.scheduler().cpuShares()).isEqualTo(batchAtTakeover).isNotEqualTo(700);
    }

    @Test
    void runInterval_storeDownBeforeFirstChange_changesNothing() {
        kept.down = true;
        HostController c = controller(kept);

        IntervalReport r = interval(c);

        assertThat(r.applied()).isEmpty();
        assertThat(r.errors()).anySatisfy(e -> assertThat(e).contains("settings from before HPM not read"));
        assertThat(gold.scheduler().cpuShares()).isEqualTo(1024);
        kept.down = false;
        interval(c);
        assertThat(gold.scheduler().cpuShares()).isNotEqualTo(1024);
        assertThat(kept.rows).containsEntry("u-gold", new ShareLedger.Original(1024, Double.POSITIVE_INFINITY));
    }

    @Test
    void resumed_storeHasOtherOriginal_storedOneRestored() {
        HostController c = controller(kept);
        interval(c);
        assertThat(kept.rows).containsKey("u-batch");
        kept.rows.put("u-batch", new ShareLedger.Original(500, Double.POSITIVE_INFINITY)); // recorded by another owner

        c.resumed();
        interval(c);
        c.restoreAll();

        assertThat(batch.scheduler().cpuShares()).isEqualTo(500);
        assertThat(gold.scheduler().cpuShares()).isEqualTo(1024);
    }

    @Test
    void start_planStrategy_setsSharesByImportanceReportsThemAndRestoresTheOriginals() {
        HostController c = new HostController("h1", new SimDriver(host, clock), clock, ControlSettings.DEFAULT, inputs,
                new CpuManager(CpuManagerSettings.DEFAULT.withStrategy(CpuManagerSettings.Strategy.PLAN)), kept);

        c.start();

        assertThat(gold.scheduler().cpuShares()).as("highest importance").isEqualTo(4096);
        assertThat(batch.scheduler().cpuShares()).as("discretionary").isEqualTo(1024);
        assertThat(kept.rows).containsOnlyKeys("u-gold", "u-batch");
        IntervalReport first = interval(c);
        assertThat(first.applied()).filteredOn(ch -> ch.role() == dev.hpm.core.cpu.ShareChange.Role.INITIAL)
                .extracting(dev.hpm.core.cpu.ShareChange::name).containsExactlyInAnyOrder("gold-1", "batch-1");
        c.restoreAll();
        assertThat(gold.scheduler().cpuShares()).isEqualTo(1024);
        assertThat(batch.scheduler().cpuShares()).isEqualTo(700);
    }

    @Test
    void start_receiverStrategy_leavesTheSharesItFinds() {
        controller(kept);

        assertThat(gold.scheduler().cpuShares()).isEqualTo(1024);
        assertThat(batch.scheduler().cpuShares()).isEqualTo(700);
        assertThat(kept.rows).isEmpty();
    }
}
