package dev.hpm.bench;

import dev.hpm.core.time.Timebase;

import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * {@code ./hpm bench fleet}: the cost of the intervals themselves at fleet size (issue 15): one
 * {@code hpm serve}, in its own JVM on the embedded H2 database (or the PostgreSQL that
 * {@code HPM_DB_URL}, {@code HPM_DB_USER} and {@code HPM_DB_PASSWORD} name), with a simulated demo pool of
 * 2,000 hosts × 50 virtual servers (100,000) at a 10-second interval. Once the pool is up and two
 * intervals have warmed it, the server's own figures ({@code /metrics}: {@code hpm_interval_work_seconds}
 * by phase, {@code hpm_history_rows_last_interval}, {@code jvm_memory_*}) are read after every
 * interval, with the process's resident memory (VmRSS). Prints, per phase (hosts: every host
 * measures and decides; write: the interval recorded), p50 and max of the interval's wall time, the
 * ratio of the interval's work to the interval (the aim: under 0.2, 2 s of 10 s), the history rows
 * written per interval, heap used and resident memory. Arguments: {@code hosts servers-per-host
 * intervals} (default 2000 50 12), so that a small fleet (100 50 6) checks the setup.
 */
public final class FleetServeBench {
    static final int WARM_UP = 2;
    private static final String[] FAMILIES = {"hpm_interval_work_seconds", "hpm_interval_work_interval",
            "hpm_history_rows_last_interval", "hpm_intervals_total", "jvm_memory_used_bytes",
            "jvm_memory_committed_bytes", "jvm_memory_pool_collection_used_bytes", "libvirt_up"};
    private static final String[] PHASES = {"hosts", "write", "total"};

    /** The machine's clock: a benchmark measures real time. */
    private static final Timebase WALL = Timebase.system();

    private FleetServeBench() {
    }

    /** One interval's figures as the server exported them right after it, with the process's memory then. */
    record Sample(long interval, double hosts, double write, double total, long rows, long heapUsed, long heapCommitted,
                  long heapAfterGc, long rssKiB) {
    }

    public static void main(String[] args) throws Exception {
        int hosts = args.length > 0 ? Integer.parseInt(args[0]) : 2_000;
        int perHost = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        int timed = args.length > 2 ? Integer.parseInt(args[2]) : 12;
        double intervalSeconds = ServerBench.INTERVAL.toNanos() / 1e9;
        Path dir = Files.createTempDirectory("hpm-fleet-bench-");
        Path scenario = dir.resolve("fleet.yaml");
        Files.writeString(scenario, ServerBench.scenario(hosts, perHost));
        String loadBefore = load();
        long started = WALL.nanos();
        Process server = ServerBench.serve(dir, scenario);
        try {
            int port = ServerBench.port(dir);
            String metrics = "http://127.0.0.1:" + port + "/metrics?" + Arrays.stream(FAMILIES)
                    .map(f -> "name%5B%5D=" + f).collect(Collectors.joining("&"));
            HttpClient client = HttpClient.newHttpClient();
            String token = ServerBench.token(client, "http://127.0.0.1:" + port + "/zhpm/wsapi/v1");
            System.out.printf(Locale.ROOT, "hpm serve listening after %.0f s; waiting for %d intervals of warm-up%n",
                    (WALL.nanos() - started) / 1e9, WARM_UP);
            List<Sample> samples = sample(client, metrics, token, server.pid(), hosts, timed, intervalSeconds);
            long intervalsDone = (long) value(families(ServerBench.get(client, metrics, token)), "hpm_intervals_total");
            report(hosts, perHost, timed, intervalSeconds, samples, loadBefore, intervalsDone, (WALL.nanos() - started) / 1e9,
                    database(dir), ServerBench.size(dir.resolve("data")));
        } finally {
            server.destroy();
            server.waitFor(120, TimeUnit.SECONDS);
            if (server.isAlive()) {
                server.destroyForcibly();
            }
            ServerBench.deleteTree(dir);
        }
    }

    /**
     * Waits until every host answered and {@link #WARM_UP} intervals were timed, then reads the
     * figures of the next {@code timed} intervals (an interval missed between two reads is left out:
     * the gauges hold the last interval only).
     */
    static List<Sample> sample(HttpClient client, String metrics, String token, long pid, int hosts, int timed,
                               double intervalSeconds) throws Exception {
        List<Sample> samples = new ArrayList<>();
        long seen = -1;
        long deadline = WALL.nanos() + (long) ((WARM_UP + timed) * intervalSeconds * 6e9) + 900_000_000_000L;
        while (samples.size() < timed) {
            if (WALL.nanos() > deadline) {
                throw new IllegalStateException("the server timed only " + samples.size() + " of " + timed + " intervals in time");
            }
            Map<String, Double> f = families(ServerBench.get(client, metrics, token));
            long interval = (long) f.getOrDefault("hpm_interval_work_interval", 0.0).doubleValue();
            long up = f.entrySet().stream().filter(e -> e.getKey().startsWith("libvirt_up{") && e.getValue() == 1).count();
            if (interval > seen && up == hosts && interval > WARM_UP) {
                if (seen >= 0 && interval == seen + 1 || seen < 0) {
                    samples.add(new Sample(interval, phase(f, "hosts"), phase(f, "write"), phase(f, "total"),
                            (long) value(f, "hpm_history_rows_last_interval"), (long) value(f, "jvm_memory_used_bytes{area=\"heap\"}"),
                            (long) value(f, "jvm_memory_committed_bytes{area=\"heap\"}"), heapAfterGc(f), ServerBench.rssKiB(pid)));
                    Sample s = samples.getLast();
                    System.out.printf(Locale.ROOT, "  interval %d: hosts %.3f s, write %.3f s, total %.3f s, %,d rows, heap %,d MiB, RSS %,d MiB%n",
                            s.interval(), s.hosts(), s.write(), s.total(), s.rows(), s.heapUsed() >> 20, s.rssKiB() >> 10);
                } else {
                    System.out.printf(Locale.ROOT, "  (intervals %d to %d went by between two reads)%n", seen + 1, interval - 1);
                }
                seen = interval;
            }
            Thread.sleep(1_000); // a read costs the server little (the families asked for only), but not nothing
        }
        return samples;
    }

    /** The database the server says it uses, from its listening line ("…; database: H2 file …)"). */
    static String database(Path dir) throws java.io.IOException {
        String log = Files.readString(dir.resolve("server.log"));
        int at = log.indexOf("; database: ");
        if (at < 0) {
            return "database not named in the server's log";
        }
        int end = log.indexOf('\n', at);
        String line = log.substring(at + "; database: ".length(), end < 0 ? log.length() : end).strip();
        return line.endsWith(")") ? line.substring(0, line.length() - 1) : line;
    }

    static void report(int hosts, int perHost, int timed, double intervalSeconds, List<Sample> samples, String loadBefore,
                       long intervalsDone, double wallSeconds, String database, long databaseBytes) {
        System.out.printf(Locale.ROOT, "%nInterval work in one hpm serve: %,d virtual servers on %,d simulated hosts, %s, "
                        + "%.0f s interval; %d intervals after %d of warm-up; %d CPUs, load %s before, %s after%n",
                hosts * perHost, hosts, database, intervalSeconds, timed, WARM_UP, Runtime.getRuntime().availableProcessors(), loadBefore, load());
        System.out.printf(Locale.ROOT, "%-34s %9s %9s %12s%n", "phase", "p50 s", "max s", "p50/interval");
        String[] labels = {"hosts (measure + decide, parallel)", "write (the interval recorded)", "total"};
        double[][] values = new double[3][];
        values[0] = samples.stream().mapToDouble(Sample::hosts).sorted().toArray();
        values[1] = samples.stream().mapToDouble(Sample::write).sorted().toArray();
        values[2] = samples.stream().mapToDouble(Sample::total).sorted().toArray();
        for (int i = 0; i < 3; i++) {
            double p50 = median(values[i]);
            System.out.printf(Locale.ROOT, "%-34s %9.3f %9.3f %12.3f%n", labels[i], p50, values[i][values[i].length - 1],
                    p50 / intervalSeconds);
        }
        double total = median(values[2]);
        double max = values[2][values[2].length - 1];
        System.out.printf(Locale.ROOT, "interval work / interval: p50 %.3f, max %.3f (aim: under 0.200, 2 s of %.0f s): %s%n",
                total / intervalSeconds, max / intervalSeconds, intervalSeconds, max < 0.2 * intervalSeconds ? "met" : "NOT met");
        double rows = median(samples.stream().mapToDouble(Sample::rows).sorted().toArray());
        System.out.printf(Locale.ROOT, "history rows written per interval: %,.0f (%.2f per virtual server; the inventory's "
                + "last-seen upserts, one per host and per server, come on top); %.1f µs of interval work per server%n",
                rows, rows / (hosts * perHost), total * 1e6 / (hosts * perHost));
        long heapMax = samples.stream().mapToLong(Sample::heapUsed).max().orElse(0);
        long heapAfterGc = samples.stream().mapToLong(Sample::heapAfterGc).max().orElse(0);
        long committed = samples.stream().mapToLong(Sample::heapCommitted).max().orElse(0);
        long rss = samples.stream().mapToLong(Sample::rssKiB).max().orElse(0);
        System.out.printf(Locale.ROOT, "heap used: up to %,d MiB (after the last collections: %,d MiB; committed %,d MiB; -Xmx2g); "
                + "resident memory (VmRSS): up to %,d MiB; %s%n", heapMax >> 20, heapAfterGc >> 20, committed >> 20,
                rss >> 10, database.startsWith("H2") ? String.format(Locale.ROOT, "database file %,d MiB", databaseBytes >> 20)
                        : "the database's own size not counted");
        System.out.printf(Locale.ROOT, "intervals run: %d in %.0f s since the start (an interval due while the last runs is skipped)%n",
                intervalsDone, wallSeconds);
    }

    private static double phase(Map<String, Double> families, String phase) {
        return value(families, "hpm_interval_work_seconds{phase=\"" + phase + "\"}");
    }

    private static long heapAfterGc(Map<String, Double> families) {
        return (long) families.entrySet().stream().filter(e -> e.getKey().startsWith("jvm_memory_pool_collection_used_bytes{"))
                .mapToDouble(Map.Entry::getValue).sum();
    }

    private static double value(Map<String, Double> families, String series) {
        Double v = families.get(series);
        if (v == null) {
            throw new IllegalStateException("the server's /metrics has no " + series);
        }
        return v;
    }

    /** Series (name with labels, as written) to value, from an exposition in the text format. */
    static Map<String, Double> families(String exposition) {
        Map<String, Double> values = new HashMap<>();
        exposition.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).forEach(l -> {
            int space = l.lastIndexOf(' ');
            values.put(l.substring(0, space), Double.parseDouble(l.substring(space + 1)));
        });
        return values;
    }

    private static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** The machine's load average over 1, 5 and 15 minutes (other work on it slows the server). */
    private static String load() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + " / " + parts[1] + " / " + parts[2];
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }
}
