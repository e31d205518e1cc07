package dev.hpm.bench;

import dev.hpm.core.model.ManagementLevel;
import dev.hpm.core.time.Timebase;
import dev.hpm.server.HpmServer;
import dev.hpm.server.config.ServerConfig;
import dev.hpm.store.StoreSettings;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * {@code ./hpm bench cim}: CIM-XML {@code EnumerateInstances} of {@code KVM_ComputerSystem} with
 * 10,000 virtual servers against the REST API's list of the same servers, in the same run of one
 * {@code hpm serve} (in this JVM, simulated pool of 50 hosts, on an embedded database). For each:
 * p50 and p99 latency over requests made in turn after warm-up, the answer's size, and the median of
 * the bytes the JVM allocated while serving one (all threads, the client's reading included); then
 * the ratios CIM / REST.
 */
public final class CimBench {
    private static final Timebase WALL = Timebase.system();
    private static final String PASSWORD = "bench-admin-password";

    private CimBench() {
    }

    /** One endpoint's figures. */
    private record Figures(double p50, double p99, long bytes, double allocatedPerRequest) {
    }

    public static void main(String[] args) throws Exception {
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        Path dir = Files.createTempDirectory("hpm-cim-bench-");
        Path scenario = dir.resolve("bench.yaml");
        Files.writeString(scenario, ServerBench.scenario(ServerBench.HOSTS, ServerBench.PER_HOST));
        ServerConfig config = new ServerConfig("127.0.0.1", 0, null, dir.resolve("data"),
                StoreSettings.embedded(dir.resolve("data")), Duration.ofSeconds(10), ManagementLevel.MANAGE, List.of(),
                true, scenario, PASSWORD).withCim(new ServerConfig.Cim("127.0.0.1", 0));
        try (HpmServer server = HpmServer.start(config, WALL, m -> System.out.println("hpm: " + m))) {
            HttpClient client = HttpClient.newHttpClient();
            String basic = "Basic " + Base64.getEncoder().encodeToString(("admin:" + PASSWORD).getBytes());
            String rest = server.baseUrl() + HpmServer.BASE + "/virtual-servers";
            String cim = "http://127.0.0.1:" + server.cimPort() + "/cimom";
            int servers = ServerBench.HOSTS * ServerBench.PER_HOST;
            awaitMeasured(server, client, rest, basic, servers);
            Supplier<HttpRequest> restRequest = () -> HttpRequest.newBuilder(URI.create(rest)).header("Authorization", basic).GET().build();
            Supplier<HttpRequest> cimRequest = () -> HttpRequest.newBuilder(URI.create(cim)).header("Authorization", basic)
                    .header("Content-Type", "application/xml; charset=\"utf-8\"").header("CIMOperation", "MethodCall")
                    .header("CIMMethod", "EnumerateInstances").header("CIMObject", "root%2Fvirt")
                    .POST(HttpRequest.BodyPublishers.ofString(enumerate())).build();
            String answer = client.send(cimRequest.get(), HttpResponse.BodyHandlers.ofString()).body();
            int instances = answer.split("<VALUE.NAMEDINSTANCE>", -1).length - 1;
            if (instances != servers) {
                throw new IllegalStateException("EnumerateInstances gave " + instances + " instances, not " + servers);
            }
            Figures[] figures = measure(client, List.of(restRequest, cimRequest), requests);
            Figures restFigures = figures[0];
            Figures cimFigures = figures[1];
            System.out.printf(Locale.ROOT, "%nCIM-XML EnumerateInstances of KVM_ComputerSystem versus the REST list, %,d virtual servers"
                    + " on %d simulated hosts; %d requests each, in turn, after warm-up, one client, %d CPUs%n",
                    servers, ServerBench.HOSTS, requests, Runtime.getRuntime().availableProcessors());
            System.out.printf(Locale.ROOT, "%-44s %9s %9s %12s %27s%n", "request", "p50 ms", "p99 ms", "bytes", "allocated/request (median)");
            row("GET /zhpm/wsapi/v1/virtual-servers (REST)", restFigures);
            row("POST /cimom EnumerateInstances (CIM-XML)", cimFigures);
            System.out.printf(Locale.ROOT, "%-44s %9.2f %9.2f %12.2f %27.2f%n", "ratio CIM / REST", cimFigures.p50() / restFigures.p50(),
                    cimFigures.p99() / restFigures.p99(), (double) cimFigures.bytes() / restFigures.bytes(),
                    cimFigures.allocatedPerRequest() / restFigures.allocatedPerRequest());
        } finally {
            ServerBench.deleteTree(dir);
        }
    }

    private static void row(String name, Figures f) {
        System.out.printf(Locale.ROOT, "%-44s %9.2f %9.2f %12d %24.1f MB%n", name, f.p50(), f.p99(), f.bytes(),
                f.allocatedPerRequest() / 1e6);
    }

    private static String enumerate() {
        return "<?xml version=\"1.0\" encoding=\"utf-8\" ?>\n<CIM CIMVERSION=\"2.0\" DTDVERSION=\"2.0\"><MESSAGE ID=\"1\" "
                + "PROTOCOLVERSION=\"1.0\"><SIMPLEREQ><IMETHODCALL NAME=\"EnumerateInstances\"><LOCALNAMESPACEPATH>"
                + "<NAMESPACE NAME=\"root\"/><NAMESPACE NAME=\"virt\"/></LOCALNAMESPACEPATH><IPARAMVALUE NAME=\"ClassName\">"
                + "<CLASSNAME NAME=\"KVM_ComputerSystem\"/></IPARAMVALUE><IPARAMVALUE NAME=\"DeepInheritance\"><VALUE>TRUE</VALUE>"
                + "</IPARAMVALUE><IPARAMVALUE NAME=\"LocalOnly\"><VALUE>FALSE</VALUE></IPARAMVALUE></IMETHODCALL></SIMPLEREQ>"
                + "</MESSAGE></CIM>";
    }

    /** Waits until the first intervals have measured the pool, so both answers describe the same servers. */
    private static void awaitMeasured(HpmServer server, HttpClient client, String rest, String basic, int servers) throws Exception {
        long deadline = WALL.nanos() + Duration.ofMinutes(5).toNanos();
        while (server.service().intervalsRun() < 2 || count(client, rest, basic) < servers) {
            if (WALL.nanos() > deadline) {
                throw new IllegalStateException("the pool was not measured within 5 minutes: " + server.service().lastError());
            }
            Thread.sleep(1000);
        }
    }

    private static int count(HttpClient client, String rest, String basic) throws Exception {
        String body = client.send(HttpRequest.newBuilder(URI.create(rest)).header("Authorization", basic).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return body.split("\"id\":", -1).length - 1;
    }

    /**
     * Calls the requests in turn, {@code n} times each after a warm-up, so that both meet the same
     * load (the control loops of 10,000 servers run beside them); per request its latency and the
     * bytes all threads allocated meanwhile, of which the median is taken (an interval's work
     * landing in a few requests does not move it).
     */
    private static Figures[] measure(HttpClient client, List<Supplier<HttpRequest>> requests, int n) throws Exception {
        for (int i = 0; i < Math.max(5, n / 5); i++) {
            for (Supplier<HttpRequest> r : requests) {
                send(client, r.get());
            }
        }
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        int k = requests.size();
        long[][] nanos = new long[k][n];
        long[][] allocated = new long[k][n];
        long[] bytes = new long[k];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < k; j++) {
                long before = threads.getTotalThreadAllocatedBytes();
                long t = WALL.nanos();
                bytes[j] = send(client, requests.get(j).get());
                nanos[j][i] = WALL.nanos() - t;
                allocated[j][i] = threads.getTotalThreadAllocatedBytes() - before;
            }
        }
        Figures[] result = new Figures[k];
        for (int j = 0; j < k; j++) {
            Arrays.sort(nanos[j]);
            Arrays.sort(allocated[j]);
            result[j] = new Figures(nanos[j][n / 2] / 1e6, nanos[j][Math.min(n - 1, (int) Math.floor(0.99 * n))] / 1e6,
                    bytes[j], allocated[j][n / 2]);
        }
        return result;
    }

    private static long send(HttpClient client, HttpRequest request) throws Exception {
        HttpResponse<byte[]> r = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(request.uri() + ": " + r.statusCode());
        }
        return r.body().length;
    }
}
