package dev.hpm.sim.pool;

import dev.hpm.core.dwm.PowerModel;
import dev.hpm.core.model.ClassInfo;
import dev.hpm.sim.demand.Traces;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * CloudSim 3.0.3's PlanetLab consolidation set-up (cloudsim.md §4): hosts alternate HP ProLiant
 * ML110 G4 (even ids: 2 × 1860 MIPS) and G5 (odd ids: 2 × 2660 MIPS), 4 GB each; one server per
 * trace file in name order, of the four CloudSim types by id block of ⌈N/4⌉ (2500, 2000, 1000,
 * 500 MIPS with 870, 1740, 1740, 613 MB). One CPU unit is 1000 MIPS.
 */
public final class PlanetLabStudy {
    /** MIPS per CPU unit. */
    public static final double MIPS_PER_UNIT = 1000;
    private static final double[] TYPE_MIPS = {2500, 2000, 1000, 500};
    private static final long[] TYPE_RAM = {870, 1740, 1740, 613};
    /** The trace sample period and the scheduling interval. */
    public static final long INTERVAL_NANOS = 300_000_000_000L;
    /** CloudSim's first update after the cloudlets are submitted at 0.1 s. */
    public static final long FIRST_DECISION_NANOS = 300_100_000_000L;
    /** CloudSim's simulation limit. */
    public static final long END_NANOS = 86_400_000_000_000L;

    private PlanetLabStudy() {
    }

    /** Hosts {@code host-0 … host-(n−1)}, G4 at even and G5 at odd ids. */
    public static List<SimPool.HostSpec> hosts(int n) {
        List<SimPool.HostSpec> hosts = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            boolean g4 = i % 2 == 0;
            hosts.add(new SimPool.HostSpec("host-" + i, (g4 ? 2 * 1860 : 2 * 2660) / MIPS_PER_UNIT, 2, 4096,
                    g4 ? PowerModel.HP_PROLIANT_ML110_G4 : PowerModel.HP_PROLIANT_ML110_G5, true));
        }
        return hosts;
    }

    /** One server per trace file of {@code directory}, in name order; {@code classes} gives each its class. */
    public static List<SimPool.ServerSpec> servers(Path directory, IntFunction<ClassInfo> classes) {
        List<Path> files = Traces.list(directory);
        int block = (files.size() + 3) / 4;
        List<SimPool.ServerSpec> servers = new ArrayList<>(files.size());
        for (int i = 0; i < files.size(); i++) {
            int type = i / block;
            double maxCpu = TYPE_MIPS[type] / MIPS_PER_UNIT;
            servers.add(new SimPool.ServerSpec("vm-" + i, maxCpu, 1, TYPE_RAM[type],
                    new TraceDemand(Traces.readPlanetLab(files.get(i)), INTERVAL_NANOS, maxCpu), classes.apply(i), 1024));
        }
        return servers;
    }

    /** The study's pool with CloudSim's rules and initial placement. */
    public static SimPool pool(Path directory, int hosts, IntFunction<ClassInfo> classes) {
        SimPool pool = new SimPool(hosts(hosts), servers(directory, classes), PoolRules.cloudSim());
        InitialPlacement.cloudSim(pool, ThrMmtPlanner.DEFAULT_THRESHOLD);
        return pool;
    }
}
