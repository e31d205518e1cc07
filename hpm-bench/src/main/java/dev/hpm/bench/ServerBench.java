package dev.hpm.bench;

import dev.hpm.core.cpu.CpuManager;
import dev.hpm.core.cpu.CpuManagerSettings;
import dev.hpm.core.loop.ControlInputs;
import dev.hpm.core.loop.ControlSettings;
import dev.hpm.core.loop.HostController;
import dev.hpm.core.loop.IntervalReport;
import dev.hpm.core.model.ManagementLevel;
import dev.hpm.core.model.ManagementLevels;
import dev.hpm.core.model.VirtualServerInfo;
import dev.hpm.core.time.Timebase;
import dev.hpm.sim.SimClock;
import dev.hpm.sim.host.CfsScheduler;
import dev.hpm.sim.host.SimDomain;
import dev.hpm.sim.host.SimDriver;
import dev.hpm.sim.host.SimHost;
import dev.hpm.sim.scenario.Scenario;
import dev.hpm.sim.scenario.ScenarioLoader;
import dev.hpm.store.Store;
import dev.hpm.store.StoreSettings;
import dev.hpm.store.Stores;
import dev.hpm.store.jdbc.JdbcStore;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./hpm bench server}: the REST API's latency with 10,000 virtual servers and 36 hours of
 * history for 1,000 of them, while the server writes its intervals (every 10 s, in the same run). The history is simulated first (the production control loop over a
 * 1,000-server pool, 12,960 ten-second intervals) and bulk-loaded into a fresh embedded database;
 * then {@code hpm serve} runs, in its own JVM, a simulated pool of 10,000 servers on that database.
 * Each endpoint is called many times; p50 and p99 are printed, with the ratio of p50 to that of
 * {@code /health} (the same run's baseline), and the server's resident memory. For each endpoint
 * the bench also prints how many intervals the server wrote while it was measured (read from
 * {@code hpm_intervals_total} before and after) and how long the last interval's write took
 * ({@code hpm_interval_write_seconds}), so that the figures are known to include requests that ran
 * during a write.
 *
 * <p>Arguments: {@code [requests] [--hosts N] [--per-host N] [--history-servers N] [--history-hours H]
 * [--history-from DIR]} ({@link #reuse});
 * the defaults are the full configuration (300 requests, 50 hosts of 200 servers, 36 h for 1,000).
 * A smaller run (e.g. {@code --hosts 10 --history-servers 200 --history-hours 2}) is for iterating;
 * figures to report come from the full one.
 */
public final class ServerBench {
    static final int HOSTS = 50;
    static final int PER_HOST = 200;
    static final int HISTORY_SERVERS = 1_000;
    static final Duration HISTORY = Duration.ofHours(36);
    static final Duration INTERVAL = Duration.ofSeconds(10);
    static final String PASSWORD = "bench-admin-password";
    /** Each endpoint is called for at least this long: two of the server's intervals. */
    static final Duration MIN_SPAN = INTERVAL.multipliedBy(2);

    /** The machine's clock: a benchmark measures real time. */
    private static final Timebase WALL = Timebase.system();

    private ServerBench() {
    }

    /** The size of a run: hosts, servers per host, servers with history, hours of history, requests per endpoint. */
    record Size(int hosts, int perHost, int historyServers, int historyHours, int requests, Path historyFrom) {
        static final Size FULL = new Size(HOSTS, PER_HOST, HISTORY_SERVERS, (int) HISTORY.toHours(), 300, null);

        /** {@code [requests] [--hosts N] [--per-host N] [--history-servers N] [--history-hours H]}. */
        static Size parse(String[] args) {
            Size s = FULL;
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (!a.startsWith("--")) {
                    s = new Size(s.hosts, s.perHost, s.historyServers, s.historyHours, positive(a, "requests"), s.historyFrom);
                    continue;
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(a + " needs a value");
                }
                if (a.equals("--history-from")) {
                    s = new Size(s.hosts, s.perHost, s.historyServers, s.historyHours, s.requests, Path.of(args[++i]));
                    continue;
                }
                int v = positive(args[++i], a);
                s = switch (a) {
                    case "--hosts" -> new Size(v, s.perHost, s.historyServers, s.historyHours, s.requests, s.historyFrom);
                    case "--per-host" -> new Size(s.hosts, v, s.historyServers, s.historyHours, s.requests, s.historyFrom);
                    case "--history-servers" -> new Size(s.hosts, s.perHost, v, s.historyHours, s.requests, s.historyFrom);
                    case "--history-hours" -> new Size(s.hosts, s.perHost, s.historyServers, v, s.requests, s.historyFrom);
                    default -> throw new IllegalArgumentException("unknown option " + a
                            + "; use --hosts, --per-host, --history-servers, --history-hours or --history-from");
                };
            }
            if (s.historyServers > s.hosts * s.perHost || s.historyServers % s.perHost != 0) {
                throw new IllegalArgumentException("--history-servers " + s.historyServers + ": use a multiple of --per-host "
                        + s.perHost + " of at most " + s.hosts * s.perHost + " (whole hosts carry the history)");
            }
            return s;
        }

        private static int positive(String value, String what) {
            try {
                int v = Integer.parseInt(value);
                if (v > 0) {
                    return v;
                }
            } catch (NumberFormatException e) {
                // the message below
            }
            throw new IllegalArgumentException(what + " " + value + ": give a positive whole number");
        }

        int servers() {
            return hosts * perHost;
        }

        Duration history() {
            return Duration.ofHours(historyHours);
        }
    }

    public static void main(String[] args) throws Exception {
        Size size = Size.parse(args);
        int requests = size.requests();
        Path dir = Files.createTempDirectory("hpm-server-bench-");
        Path scenario = dir.resolve("bench.yaml");
        Files.writeString(scenario, scenario(size.hosts(), size.perHost()));
        long started = WALL.nanos();
        if (size.historyFrom() != null) {
            reuse(size.historyFrom(), dir.resolve("data"));
        } else {
            long rows = preload(ScenarioLoader.load(scenario), size.historyServers() / size.perHost(), size.history(), dir);
            System.out.printf(Locale.ROOT, "loaded %,d history rows (%d h for %,d servers) in %.0f s%n", rows,
                    size.historyHours(), size.historyServers(), (WALL.nanos() - started) / 1e9);
        }
        Process server = serve(dir, scenario);
        try {
            String base = "http://127.0.0.1:" + port(dir) + "/zhpm/wsapi/v1";
            HttpClient client = HttpClient.newHttpClient();
            String token = token(client, base);
            awaitServers(client, base, token, size.hosts(), size.servers());
            String uuid = firstServerWithHistory(ScenarioLoader.load(scenario));
            Map<String, String> endpoints = new LinkedHashMap<>();
            endpoints.put("GET /health (baseline)", "/health");
            endpoints.put("GET /virtual-servers", "/virtual-servers");
            endpoints.put("GET /virtual-servers/detail", "/virtual-servers/detail");
            endpoints.put("GET /virtual-servers/{id}", "/virtual-servers/" + uuid);
            endpoints.put("GET /workload-resource-groups", "/workload-resource-groups");
            endpoints.put("GET /workload-resource-groups/detail", "/workload-resource-groups/detail");
            endpoints.put("GET /hypervisors", "/hypervisors");
            String h = size.historyHours() + "h";
            endpoints.put("GET /metrics/calculated/virtual-servers/{id} " + h + ", 10 min steps",
                    "/metrics/calculated/virtual-servers/" + uuid + "?from=-" + h + "&step=10m");
            endpoints.put("GET /metrics/calculated/workload-resource-groups " + h + ", 1 h steps",
                    "/metrics/calculated/workload-resource-groups?from=-" + h + "&step=1h");
            endpoints.put("GET /dynamic-resource-adjustments 1 h", "/dynamic-resource-adjustments?from=-1h");
            System.out.printf(Locale.ROOT, "%nREST API latency, %,d virtual servers on %d simulated hosts, %d h of history for %,d;"
                    + " at least %d requests each after warm-up (%d for the %d h queries) and for at least %d s, one client,"
                    + " while the server writes an interval every 10 s%n", size.servers(), size.hosts(), size.historyHours(), size.historyServers(), requests,
                    Math.max(20, requests / 10), size.historyHours(), MIN_SPAN.toSeconds());
            System.out.printf(Locale.ROOT, "%-66s %9s %9s %9s %10s %10s %9s %9s %11s%n", "endpoint", "p50 ms", "p99 ms",
                    "bytes", "p50/health", "p99/health", "calls", "intervals", "write ms");
            double baseline50 = Double.NaN;
            double baseline99 = Double.NaN;
            for (Map.Entry<String, String> e : endpoints.entrySet()) {
                int n = e.getValue().contains("from=-" + h + "&") ? Math.max(20, requests / 10) : requests;
                double[] before = intervals(client, base, token);
                long[] result = measure(client, base + e.getValue(), token, n);
                double[] after = intervals(client, base, token);
                double p50 = percentile(result, 0.50);
                double p99 = percentile(result, 0.99);
                if (Double.isNaN(baseline50)) {
                    baseline50 = p50;
                    baseline99 = p99;
                }
                System.out.printf(Locale.ROOT, "%-66s %9.2f %9.2f %9d %10.1f %10.1f %9d %9.0f %11.0f%n", e.getKey(), p50, p99,
                        result[result.length - 1], p50 / baseline50, p99 / baseline99, result.length - 1,
                        after[0] - before[0], after[1] * 1000);
            }
            System.out.printf(Locale.ROOT, "%n(calls: measured; intervals: written by the server while the endpoint was measured;"
                    + " write ms: the last interval's write to the store, hpm_interval_write_seconds, when the server reports it)%n");
            System.out.printf(Locale.ROOT, "%nserver resident memory (VmRSS): %,d MiB; database %,d MiB%n", rssKiB(server.pid()) / 1024,
                    size(dir.resolve("data")) >> 20);
        } finally {
            server.destroy();
            server.waitFor(60, TimeUnit.SECONDS);
            deleteTree(dir);
        }
    }

    /** A scenario of {@code hosts} hosts with {@code perHost} servers each in four groups (same names in both files). */
    static String scenario(int hosts, int perHost) {
        StringBuilder s = new StringBuilder("""
                name: bench
                description: many servers for the REST API benchmark
                duration: 1h
                interval: 10s
                tick: 10s
                seed: 11
                hosts:
                  - {name-prefix: bench-, count: %d, cpus: 64}
                groups:
                  - {name: Trading, importance: highest, policy: {service-classes: [{name: online, goal: fast, importance: highest}]}}
                  - {name: Web, importance: high, policy: {service-classes: [{name: web, goal: moderate, importance: high}]}}
                  - {name: Reports, importance: medium, policy: {service-classes: [{name: reports, goal: slow, importance: medium}]}}
                  - {name: Batch, importance: low, policy: {service-classes: [{name: batch, goal: discretionary}]}}
                servers:
                """.formatted(hosts));
        String[] groups = {"Trading", "Web", "Reports", "Batch"};
        int total = hosts * perHost;
        for (int g = 0; g < groups.length; g++) {
            s.append("  - {name-prefix: ").append(groups[g].toLowerCase(Locale.ROOT)).append("-, count: ")
                    .append(total / groups.length).append(", group: ").append(groups[g])
                    .append(", vcpus: 2, demand: {model: random-walk, start: 0.5, step: 0.1, every: 1m, min: 0.1, max: 1.6}}\n");
        }
        return s.toString();
    }

    /**
     * Simulates 36 h of the first {@code hosts} hosts of the scenario (servers are placed round
     * robin, so these hold servers of every group) with the production loop and bulk-loads it;
     * returns the rows.
     */
    static long preload(Scenario scenario, int hostCount, Duration history, Path dir) {
        Instant start = WALL.now().minus(history);
        SimClock clock = new SimClock();
        Timebase time = Timebase.of(clock::nanos, () -> start.plusNanos(clock.nanos()));
        Map<String, SimHost> hosts = new LinkedHashMap<>();
        scenario.hosts().stream().limit(hostCount)
                .forEach(h -> hosts.put(h.name(), new SimHost(h.name(), h.cpus(), h.memoryKiB(), CfsScheduler.exact())));
        for (Scenario.ServerSpec s : scenario.servers()) {
            if (!hosts.containsKey(s.host())) {
                continue;
            }
            hosts.get(s.host()).add(new SimDomain(s.uuid(), s.name(), s.vcpus(), s.memoryKiB(), s.demand().create(s.uuid().hashCode()), 1024));
        }
        ControlInputs inputs = ControlInputs.of(scenario::definition, () -> ManagementLevels.all(ManagementLevel.MANAGE),
                (h, u, n) -> new VirtualServerInfo(u, n, h, null, null));
        ControlSettings settings = ControlSettings.DEFAULT.withInterval(INTERVAL);
        List<HostController> controllers = new ArrayList<>();
        hosts.values().forEach(h -> controllers.add(new HostController("sim://" + h.name(), new SimDriver(h, clock), time, settings,
                inputs, new CpuManager(CpuManagerSettings.DEFAULT))));
        controllers.forEach(HostController::start);
        long intervals = history.dividedBy(INTERVAL);
        Iterator<List<IntervalReport>> reports = new Iterator<>() {
            long done;

            @Override
            public boolean hasNext() {
                return done < intervals;
            }

            @Override
            public List<IntervalReport> next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                hosts.values().forEach(h -> h.tick(clock.nanos(), INTERVAL.toNanos()));
                clock.advance(INTERVAL.toNanos());
                done++;
                if (done % Math.max(1, intervals / 10) == 0) {
                    System.out.printf(Locale.ROOT, "  history: %d %%%n", done * 100 / intervals);
                }
                return controllers.stream().map(HostController::runInterval).toList();
            }
        };
        try (Store store = Stores.open(StoreSettings.embedded(dir.resolve("data")), time)) {
            return ((JdbcStore) store).bulkLoader().load(reports);
        }
    }

    /**
     * {@code --history-from DIR}: the data directory of an earlier run of the same size (its files
     * linked, or copied where links cannot be made) instead of simulating and loading the history
     * again; that history ends when it was loaded, and carries the intervals its server wrote.
     */
    static void reuse(Path from, Path data) throws IOException {
        Files.createDirectories(data);
        try (var files = Files.list(from)) {
            for (Path f : files.toList()) {
                try {
                    Files.createLink(data.resolve(f.getFileName()), f);
                } catch (IOException | UnsupportedOperationException e) {
                    Files.copy(f, data.resolve(f.getFileName()));
                }
            }
        }
        System.out.printf(Locale.ROOT, "history from %s (loaded earlier; last written %s)%n", from,
                Files.getLastModifiedTime(from.resolve("hpm.mv.db")));
    }

    static Process serve(Path dir, Path scenario) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder pb = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-Xmx2g", "-cp",
                System.getProperty("java.class.path"), "dev.hpm.cli.Main", "serve", "--port", "0", "--data",
                dir.resolve("data").toString(), "--demo", "on", "--demo-scenario", scenario.toString(), "--interval", "10s");
        pb.environment().put("HPM_ADMIN_PASSWORD", PASSWORD);
        pb.redirectErrorStream(true).redirectOutput(dir.resolve("server.log").toFile());
        return pb.start();
    }

    /** The port from the server's log line "HPM is listening on http://127.0.0.1:PORT/…". */
    static int port(Path dir) throws Exception {
        for (int i = 0; i < 600; i++) {
            String log = Files.exists(dir.resolve("server.log")) ? Files.readString(dir.resolve("server.log")) : "";
            int at = log.indexOf("listening on http://127.0.0.1:");
            if (at >= 0) {
                String rest = log.substring(at + "listening on http://127.0.0.1:".length());
                return Integer.parseInt(rest.substring(0, rest.indexOf('/')));
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("the server did not start; see " + dir.resolve("server.log"));
    }

    static String token(HttpClient client, String base) throws Exception {
        String basic = "Basic " + java.util.Base64.getEncoder().encodeToString(("admin:" + PASSWORD).getBytes());
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(base + "/tokens")).header("Authorization", basic)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"label\": \"bench\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        String body = r.body();
        int at = body.indexOf("\"token\":\"");
        return body.substring(at + 9, body.indexOf('"', at + 9));
    }

    static void awaitServers(HttpClient client, String base, String token, int hosts, int servers) throws Exception {
        for (int i = 0; i < 120; i++) {
            String body = get(client, base + "/hypervisors", token);
            long connected = body.split("\"status\":\"connected\"", -1).length - 1;
            String list = get(client, base + "/virtual-servers?status=on-goal", token)
                    + get(client, base + "/virtual-servers?status=missing-goal", token);
            long measured = list.split("\"id\":", -1).length - 1;
            if (connected == hosts && measured > servers / 2) {
                return;
            }
            Thread.sleep(5_000);
        }
        throw new IllegalStateException("the server did not measure its servers in 10 minutes");
    }

    /** A Trading server on the first host, which has history (preload simulates the first hosts). */
    static String firstServerWithHistory(Scenario scenario) {
        String host = scenario.hosts().getFirst().name();
        return scenario.servers().stream().filter(s -> s.host().equals(host) && s.name().startsWith("trading-"))
                .findFirst().orElseThrow(() -> new IllegalStateException("no Trading server on " + host)).uuid();
    }

    /**
     * Latencies in ms of sequential calls after a warm-up: at least {@code n}, and for at least two
     * intervals ({@link #MIN_SPAN}), so that every endpoint's figures include calls made while an
     * interval was written; the last element is the body size.
     */
    static long[] measure(HttpClient client, String url, String token, int n) throws Exception {
        for (int i = 0; i < Math.max(5, n / 10); i++) {
            get(client, url, token);
        }
        long[] nanos = new long[n + 1];
        int count = 0;
        int size = 0;
        long started = WALL.nanos();
        while (count < n || WALL.nanos() - started < MIN_SPAN.toNanos()) {
            if (count == nanos.length - 1) {
                nanos = Arrays.copyOf(nanos, nanos.length * 2);
            }
            long t = WALL.nanos();
            size = get(client, url, token).length();
            nanos[count++] = WALL.nanos() - t;
        }
        long[] result = Arrays.copyOf(nanos, count + 1);
        Arrays.sort(result, 0, count);
        result[count] = size;
        return result;
    }

    /**
     * {@code hpm_intervals_total} and {@code hpm_interval_write_seconds} (NaN when the server does
     * not report it) from the server's Prometheus scrape; read between measurements, not during them.
     */
    static double[] intervals(HttpClient client, String base, String token) throws Exception {
        String root = base.substring(0, base.indexOf("/zhpm/"));
        double[] figures = {Double.NaN, Double.NaN};
        for (String line : get(client, root + "/metrics", token).split("\n")) {
            if (line.startsWith("hpm_intervals_total ")) {
                figures[0] = Double.parseDouble(line.substring(line.indexOf(' ') + 1).strip());
            } else if (line.startsWith("hpm_interval_write_seconds ")) {
                figures[1] = Double.parseDouble(line.substring(line.indexOf(' ') + 1).strip());
            }
        }
        return figures;
    }

    static double percentile(long[] sortedNanos, double p) {
        int n = sortedNanos.length - 1;
        return sortedNanos[Math.min(n - 1, (int) Math.floor(p * n))] / 1e6;
    }

    static String get(HttpClient client, String url, String token) throws Exception {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(url + ": " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    static long rssKiB(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D+", ""));
            }
        }
        return -1;
    }

    static long size(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    static void deleteTree(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
