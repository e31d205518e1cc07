package dev.hpm.bench;

import dev.hpm.core.dwm.DwmPlanner;
import dev.hpm.core.dwm.DwmPolicy;
import dev.hpm.core.dwm.Plan;
import dev.hpm.core.dwm.PoolAction;
import dev.hpm.core.dwm.PoolHost;
import dev.hpm.core.dwm.PoolServer;
import dev.hpm.core.dwm.PoolView;
import dev.hpm.core.dwm.PowerModel;
import dev.hpm.core.dwm.PowerState;
import dev.hpm.core.model.ClassInfo;
import dev.hpm.core.model.ClassKey;
import dev.hpm.core.model.Goal;
import dev.hpm.core.model.Importance;
import dev.hpm.core.model.VelocityLevel;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * {@code ./hpm bench dwm}: one planning interval of the goal-aware DWM planner for a pool of 5,000
 * hosts and 30,000 servers (issue 9, point 8; BtrPlace needs about 3 minutes for a comparable
 * repair). The pool is half G4-sized, half G5-sized hosts, one in ten of them loaded above 80 %, the
 * rest lightly used so that power save consolidates, one host in maintenance, four service classes;
 * the planner first sees 12 intervals (an hour of history for its headroom), then the timed ones.
 * Prints the time of each timed interval, the actions planned and the heap used. Arguments:
 * {@code hosts servers intervals [unlimited]} (default 5000 30000 5; {@code unlimited} lifts the
 * migration limits, so that one interval plans every move it finds).
 */
public final class DwmBench {
    private static final ClassInfo[] CLASSES = {
            new ClassInfo(new ClassKey("bench", "gold"), Goal.velocity(VelocityLevel.FAST), 70, Importance.HIGHEST, Importance.HIGH),
            new ClassInfo(new ClassKey("bench", "silver"), Goal.velocity(VelocityLevel.MODERATE), 50, Importance.MEDIUM, Importance.MEDIUM),
            new ClassInfo(new ClassKey("bench", "bronze"), Goal.velocity(VelocityLevel.SLOW), 30, Importance.LOW, Importance.MEDIUM),
            new ClassInfo(new ClassKey("bench", "batch"), Goal.discretionary(), 0, Importance.LOWEST, Importance.LOWEST)};

    private DwmBench() {
    }

    public static void main(String[] args) {
        int hosts = args.length > 0 ? Integer.parseInt(args[0]) : 5_000;
        int servers = args.length > 1 ? Integer.parseInt(args[1]) : 30_000;
        int timed = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        SplittableRandom random = new SplittableRandom(42);
        List<PoolHost> pool = new ArrayList<>(hosts);
        for (int h = 0; h < hosts; h++) {
            boolean g4 = h % 2 == 0;
            pool.add(new PoolHost("host-" + h, g4 ? 7.44 : 10.64, 4, 65_536, PowerState.ON, h == 7, true,
                    g4 ? PowerModel.HP_PROLIANT_ML110_G4 : PowerModel.HP_PROLIANT_ML110_G5));
        }
        String[] hostOf = new String[servers];
        double[] base = new double[servers];
        for (int s = 0; s < servers; s++) {
            int h = s % hosts;
            hostOf[s] = "host-" + h;
            double perServer = pool.get(h).capacity() / Math.ceil((double) servers / hosts);
            base[s] = perServer * (h % 10 == 0 ? 0.95 : 0.1 + 0.4 * random.nextDouble());
        }
        boolean unlimited = args.length > 3 && args[3].equals("unlimited");
        DwmPolicy policy = unlimited ? DwmPolicy.DEFAULT.withMigration(new DwmPolicy.MigrationLimits(1_000, 1_000_000,
                DwmPolicy.MigrationLimits.DEFAULT.bandwidthMbps())) : DwmPolicy.DEFAULT;
        DwmPlanner planner = DwmPlanner.goalAware(policy);
        Instant t0 = Instant.parse("2026-03-03T00:00:00Z");
        int warm = 12;
        System.out.printf(Locale.ROOT, "DWM planner (goal-aware, %s): %,d hosts, %,d servers, one thread, %d CPUs, Java %s%n",
                unlimited ? "no migration limits" : "defaults", hosts, servers, Runtime.getRuntime().availableProcessors(),
                Runtime.version());
        double worst = 0;
        double sum = 0;
        for (int i = 0; i < warm + timed; i++) {
            List<PoolServer> view = new ArrayList<>(servers);
            for (int s = 0; s < servers; s++) {
                double d = Math.max(0, base[s] * (1 + 0.2 * random.nextGaussian()));
                view.add(new PoolServer("vs-" + s, hostOf[s], 2, 2.66 * 2, 2048, d, 1024, CLASSES[s % CLASSES.length],
                        Double.NaN, false));
            }
            PoolView v = new PoolView(t0.plus(Duration.ofMinutes(5L * i)), pool, view, List.of());
            System.gc();
            long before = heapUsed();
            long start = System.nanoTime();
            Plan plan = planner.plan(v);
            double ms = (System.nanoTime() - start) / 1e6;
            long after = heapUsed();
            if (i == 0) {
                System.out.printf(Locale.ROOT, "first interval (no history; the whole pool to consolidate): %.1f ms, "
                        + "%d actions%n", ms, plan.actions().size());
            }
            if (i >= warm) {
                worst = Math.max(worst, ms);
                sum += ms;
                long migrations = plan.actions().stream().filter(a -> a instanceof PoolAction.Migrate).count();
                System.out.printf(Locale.ROOT, "interval %2d: %8.1f ms, %5d actions (%d migrations), heap %,d MB before, "
                                + "%,d MB after, peak %,d MB%n", i - warm + 1, ms, plan.actions().size(), migrations,
                        before >> 20, after >> 20, peakHeap() >> 20);
            }
            for (PoolAction a : plan.actions()) {
                if (a instanceof PoolAction.Migrate m) {
                    int s = Integer.parseInt(m.server().substring(3));
                    hostOf[s] = m.to();
                }
            }
        }
        System.out.printf(Locale.ROOT, "one interval: mean %.1f ms, max %.1f ms (aim: at most 10,000 ms)%n", sum / timed, worst);
    }

    private static long heapUsed() {
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }

    private static long peakHeap() {
        long peak = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP && p.getPeakUsage() != null) {
                peak += p.getPeakUsage().getUsed();
            }
        }
        return peak;
    }
}
