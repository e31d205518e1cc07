package dev.hpm.bench;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.util.Collection;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code ./hpm bench}: runs the CPU-manager benchmark and prints, per fleet, the time of one
 * interval with the CPU manager deciding, the measurement-only baseline of the same run, and
 * their ratio. Arguments are passed to JMH (e.g. {@code -f 2 -wi 5}). {@code ./hpm bench server}
 * runs the REST API benchmark ({@link ServerBench}), {@code ./hpm bench cim} CIM-XML against the REST list
 * ({@link CimBench}); {@code ./hpm bench dwm} one DWM planning
 * interval for 5,000 hosts and 30,000 servers ({@link DwmBench}); {@code ./hpm bench fleet} the
 * interval's own work in {@code hpm serve} with 100,000 servers on 2,000 hosts ({@link FleetServeBench}).
 */
public final class Bench {
    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("dwm")) {
            DwmBench.main(java.util.Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (args.length > 0 && args[0].equals("cim")) {
            CimBench.main(java.util.Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (args.length > 0 && args[0].equals("fleet")) {
            FleetServeBench.main(java.util.Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (args.length > 0 && args[0].equals("server")) {
            ServerBench.main(java.util.Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (args.length > 0 && !args[0].startsWith("-")) {
            org.openjdk.jmh.Main.main(args);
            return;
        }
        Options options = new OptionsBuilder().include(CpuManagerBench.class.getSimpleName())
                .forks(1).warmupIterations(3).warmupTime(TimeValue.seconds(2))
                .measurementIterations(5).measurementTime(TimeValue.seconds(2))
                .jvmArgsAppend("-Xmx2g").build();
        Collection<RunResult> results = new Runner(options).run();
        Map<String, double[]> byFleet = new HashMap<>();
        for (RunResult r : results) {
            String fleet = r.getParams().getParam("fleet");
            String name = r.getParams().getBenchmark();
            double[] row = byFleet.computeIfAbsent(fleet, f -> new double[6]);
            int at = name.endsWith("measurementOnly") ? 2 : name.endsWith("intervalPlan") ? 4 : 0;
            row[at] = r.getPrimaryResult().getScore();
            row[at + 1] = r.getPrimaryResult().getScoreError();
        }
        System.out.println();
        System.out.println("One CPU-manager interval (decode + measure + classify + decide), one thread, "
                + Runtime.getRuntime().availableProcessors() + " CPUs, Java " + Runtime.version());
        System.out.printf(Locale.ROOT, "%-24s %18s %22s %8s %18s %8s%n", "fleet", "interval ms", "measurement-only ms",
                "ratio", "plan strategy ms", "ratio");
        for (String fleet : new String[]{"1x1000", "1000x50"}) {
            double[] row = byFleet.get(fleet);
            if (row == null) {
                continue;
            }
            String[] shape = fleet.split("x");
            int servers = Integer.parseInt(shape[0]) * Integer.parseInt(shape[1]);
            System.out.printf(Locale.ROOT, "%-24s %10.2f ± %-5.2f %14.2f ± %-5.2f %8.2f %10.2f ± %-5.2f %8.2f%n",
                    String.format(Locale.ROOT, "%s hosts, %,d servers", shape[0], servers),
                    row[0], row[1], row[2], row[3], row[2] > 0 ? row[0] / row[2] : Double.NaN,
                    row[4], row[5], row[2] > 0 ? row[4] / row[2] : Double.NaN);
        }
    }
}
