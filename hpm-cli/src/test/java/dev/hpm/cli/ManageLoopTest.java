package dev.hpm.cli;

import dev.hpm.core.cpu.CpuManager;
import dev.hpm.core.cpu.CpuManagerSettings;
import dev.hpm.core.loop.ControlInputs;
import dev.hpm.core.loop.ControlSettings;
import dev.hpm.core.loop.HostController;
import dev.hpm.core.loop.IntervalReport;
import dev.hpm.core.model.ManagementLevel;
import dev.hpm.core.model.ManagementLevels;
import dev.hpm.core.model.VirtualServerInfo;
import dev.hpm.core.pool.HostExecutor;
import dev.hpm.core.pool.HostRestore;
import dev.hpm.codec.DefinitionCodec;
import dev.hpm.sim.SimClock;
import dev.hpm.sim.SimScheduler;
import dev.hpm.sim.demand.DemandModel;
import dev.hpm.sim.host.CfsScheduler;
import dev.hpm.sim.host.SimDomain;
import dev.hpm.sim.host.SimDriver;
import dev.hpm.sim.host.SimHost;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The manage loop on simulated hosts: fixed-rate intervals, one host's outage isolated, restore at the end. */
class ManageLoopTest {
    static final long S = 1_000_000_000L;

    static final String POLICY = """
            groups:
              - name: Gold
                importance: highest
                members: [gold-1]
                policy: {service-classes: [{name: gold, goal: fast, importance: highest}]}
              - name: Batch
                importance: low
                members: [batch-1]
                policy: {service-classes: [{name: batch, goal: discretionary}]}
            """;

    @TempDir
    Path dir;
    final SimClock clock = new SimClock();

    /** One controller per host, as {@code hpm manage} builds them, with the policy file's definition and levels. */
    List<HostController> controllers(List<SimHost> hosts) throws Exception {
        Path file = dir.resolve("policy.yaml");
        Files.writeString(file, POLICY);
        DefinitionCodec.Definition d = DefinitionCodec.load(file, ManagementLevel.MANAGE);
        ControlInputs inputs = ControlInputs.of(d::serviceDefinition, d::levels,
                (h, uuid, name) -> new VirtualServerInfo(uuid, name, h, null, null));
        return hosts.stream().map(h -> new HostController(h.name(), new SimDriver(h, clock), clock, ControlSettings.DEFAULT,
                inputs, new CpuManager(CpuManagerSettings.DEFAULT))).toList();
    }

    @Test
    void run_twoHosts_managesBoth_isolatesAnOutage_andRestoresAtTheEnd() throws Exception {
        List<SimHost> hosts = List.of(host("a"), host("b"));
        List<HostController> controllers = controllers(hosts);
        List<IntervalReport> reports = new ArrayList<>();
        SimScheduler scheduler = new SimScheduler(clock, Duration.ofSeconds(1), (now, tick) -> {
            if (now == 25 * S) {
                hosts.get(1).reachable(false);
            }
            if (now == 45 * S) {
                hosts.get(1).reachable(true);
            }
            hosts.forEach(h -> h.tick(now, tick));
        });
        ManageLoop loop = new ManageLoop(controllers, clock, Duration.ofSeconds(10), scheduler, HostExecutor.sequential(),
                reports::add);

        List<HostRestore> restored = loop.run(8);

        assertThat(reports).hasSize(16);
        assertThat(reports).extracting(IntervalReport::host).startsWith("a", "b", "a", "b");
        assertThat(reports.stream().filter(r -> r.host().equals("a")))
                .allSatisfy(r -> assertThat(r.status().connected()).isTrue());
        assertThat(reports.stream().filter(r -> r.host().equals("b") && !r.status().connected())).hasSize(2);
        SimDomain gold = hosts.getFirst().domains().getFirst();
        assertThat(reports.getLast().measurement().servers().getFirst().pi()).isLessThanOrEqualTo(1.0);
        assertThat(clock.nanos()).isEqualTo(80 * S);
        assertThat(restored).extracting(HostRestore::host).containsExactly("a", "b");
        assertThat(restored).allSatisfy(r -> assertThat(r.restored()).isNotEmpty());
        assertThat(restored).allMatch(HostRestore::complete);
        assertThat(gold.scheduler().cpuShares()).isEqualTo(1024);
        assertThat(hosts.get(1).domains().get(1).scheduler().cpuShares()).isEqualTo(1024);
    }

    @Test
    void stop_duringAnInterval_finishesItRunsNoMoreAndRestores() throws Exception {
        SimHost host = host("a");
        List<HostController> controllers = controllers(List.of(host));
        SimScheduler scheduler = new SimScheduler(clock, Duration.ofSeconds(1), host::tick);
        List<IntervalReport> reports = new ArrayList<>();
        ManageLoop[] loop = new ManageLoop[1];
        loop[0] = new ManageLoop(controllers, clock, Duration.ofSeconds(10), scheduler, HostExecutor.sequential(),
                r -> {
                    reports.add(r);
                    if (reports.size() == 3) {
                        loop[0].stop();
                    }
                });

        List<HostRestore> restored = loop[0].run(0);

        assertThat(reports).hasSize(3);
        assertThat(clock.nanos()).isEqualTo(30 * S);
        assertThat(restored.getFirst().restored()).isNotEmpty();
        assertThat(host.domains()).allSatisfy(dom -> assertThat(dom.scheduler().cpuShares()).isEqualTo(1024));
    }

    @Test
    void monitorOnly_capsEveryHostAtMonitor() {
        ManagementLevels levels = new ManagementLevels(ManagementLevel.MANAGE,
                java.util.Map.of("h", ManagementLevel.MANAGE, "x", ManagementLevel.NONE), ManagementLevel.MANAGE, java.util.Map.of());
        ManagementLevels m = ManageCommand.monitorOnly(levels);
        assertThat(m.host("h")).isEqualTo(ManagementLevel.MONITOR);
        assertThat(m.host("other")).isEqualTo(ManagementLevel.MONITOR);
        assertThat(m.host("x")).isEqualTo(ManagementLevel.NONE);
    }

    static SimHost host(String name) {
        SimHost h = new SimHost(name, 2, 8 << 20, CfsScheduler.exact());
        h.add(new SimDomain("u-gold-" + name, "gold-1", 2, 1 << 20, new DemandModel.Constant(1.9), 1024));
        h.add(new SimDomain("u-batch-" + name, "batch-1", 2, 1 << 20, new DemandModel.Constant(2), 1024));
        return h;
    }
}
