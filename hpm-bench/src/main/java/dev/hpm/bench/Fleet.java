package dev.hpm.bench;

import dev.hpm.core.cpu.CpuManager;
import dev.hpm.core.cpu.CpuManagerSettings;
import dev.hpm.core.cpu.CpuPolicy;
import dev.hpm.core.cpu.HostDecision;
import dev.hpm.core.cpu.NoAction;
import dev.hpm.core.loop.ControlInputs;
import dev.hpm.core.loop.ControlSettings;
import dev.hpm.core.loop.HostController;
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
import dev.hpm.sim.host.SimHost;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * A contended fleet for benchmarks: hosts whose servers, in four groups of different importance,
 * want about twice the CPUs the host has. Each host's counters come from ten simulated seconds
 * at the KVM default shares, replayed by a {@link ReplayDriver} so that every interval sees the
 * same contention and the CPU manager does its full search every time.
 */
final class Fleet {
    private static final String[][] GROUPS = {
            {"Trading", "highest", "fast"}, {"Shop", "high", "moderate"}, {"Reports", "medium", "slow"},
            {"Batch", "low", "discretionary"}};

    final List<HostController> managed = new ArrayList<>();
    final List<HostController> measuredOnly = new ArrayList<>();
    /** The same hosts with the CPU manager's plan strategy (docs/cpu-manager.md, "The plan strategy"). */
    final List<HostController> planned = new ArrayList<>();
    final int servers;

    Fleet(int hosts, int serversPerHost, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Map<String, Set<String>> members = new HashMap<>();
        Map<String, VirtualServerInfo> infos = new HashMap<>();
        List<SimHost> simHosts = new ArrayList<>();
        int cpus = Math.max(2, serversPerHost / 8);
        for (int h = 0; h < hosts; h++) {
            SimHost host = new SimHost("host-" + h, cpus, 256L << 20, CfsScheduler.exact());
            for (int v = 0; v < serversPerHost; v++) {
                String[] group = GROUPS[v % GROUPS.length];
                String name = group[0].toLowerCase() + "-" + h + "-" + v;
                String uuid = UUID.nameUUIDFromBytes(name.getBytes()).toString();
                // on average 2 × cpus / serversPerHost CPUs each: twice what the host has
                double demand = 4.0 * cpus / serversPerHost * random.nextDouble();
                host.add(new SimDomain(uuid, name, 2, 2L << 20, new DemandModel.Constant(demand), 1024));
                members.computeIfAbsent(group[0], g -> new HashSet<>()).add(uuid);
                infos.put(uuid, new VirtualServerInfo(uuid, name, host.name(), Set.of(), "linux"));
            }
            SimClock clock = new SimClock();
            for (int t = 0; t < 10; t++) {
                host.tick(clock.nanos(), 1_000_000_000L);
                clock.advance(1_000_000_000L);
            }
            simHosts.add(host);
        }
        List<WorkloadResourceGroup> groups = new ArrayList<>();
        for (String[] g : GROUPS) {
            Goal goal = g[2].equals("discretionary") ? Goal.discretionary() : Goal.velocity(VelocityLevel.parse(g[2], "goal"));
            Importance importance = Importance.parse(g[1], "importance");
            PerformancePolicy policy = new PerformancePolicy(g[0], List.of(new ServiceClass("main", goal, importance)),
                    List.of(), "main");
            groups.add(WorkloadResourceGroup.of(g[0], importance, policy, members.getOrDefault(g[0], Set.of())));
        }
        ServiceDefinition definition = new ServiceDefinition(VelocityMapping.DEFAULT, groups);
        ManagementLevels levels = ManagementLevels.all(ManagementLevel.MANAGE);
        ControlInputs inputs = ControlInputs.of(() -> definition, () -> levels, (h, uuid, name) -> infos.get(uuid));
        CpuPolicy passive = (view, ledger, interval) -> new HostDecision(
                new NoAction(view.host(), NoAction.Reason.NOT_MANAGED, "measurement only", List.of()), List.of());
        for (SimHost host : simHosts) {
            managed.add(controller(host, inputs, new CpuManager(CpuManagerSettings.DEFAULT)));
            planned.add(controller(host, inputs,
                    new CpuManager(CpuManagerSettings.DEFAULT.withStrategy(CpuManagerSettings.Strategy.PLAN))));
            measuredOnly.add(controller(host, inputs, passive));
        }
        this.servers = hosts * serversPerHost;
    }

    private static HostController controller(SimHost host, ControlInputs inputs, CpuPolicy policy) {
        ReplayDriver driver = new ReplayDriver(host);
        HostController c = new HostController(host.name(), driver, driver, ControlSettings.DEFAULT, inputs, policy);
        c.start();
        return c;
    }

    /** Runs one interval on every host; returns the number of adjustments (to keep the work observable). */
    static int interval(List<HostController> controllers) {
        int adjustments = 0;
        for (HostController c : controllers) {
            if (c.runInterval().decision().decision() instanceof dev.hpm.core.cpu.Adjustment) {
                adjustments++;
            }
        }
        return adjustments;
    }
}
