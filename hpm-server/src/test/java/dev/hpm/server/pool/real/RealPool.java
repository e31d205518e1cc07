package dev.hpm.server.pool.real;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hpm.libvirt.fixture.LibvirtHosts;
import dev.hpm.server.HpmServer;
import dev.hpm.server.Http;
import dev.hpm.server.TestServer;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real-pool tests' set-up: two libvirt daemons on this machine ({@link LibvirtHosts}) and an
 * {@code hpm serve} managing them in a child JVM ({@link RealPoolServer}), reached through the REST
 * API only (docs/pool-api.md); where guests run is read with {@code virsh}. {@link #close()} stops the
 * server by its pid, then the hosts (their guests, daemons, cgroups, directories). Public for the
 * CLI's real-pool test in hpm-cli, which runs {@code hpm} against {@link #url()}.
 */
public final class RealPool implements AutoCloseable {
    public static final Http.As ADMIN = Http.As.user("admin", TestServer.ADMIN_PASSWORD);
    public final LibvirtHosts hosts;
    private final Path data;
    private final Duration interval;
    private Process server;
    private Http http;
    private String url;

    private RealPool(LibvirtHosts hosts, Path data, Duration interval) {
        this.hosts = hosts;
        this.data = data;
        this.interval = interval;
    }

    /** Starts two hosts (not the server: start it once the guests run, so that its first report sees them). */
    public static RealPool start(Path data, Duration interval) {
        return new RealPool(LibvirtHosts.start(2), data, interval);
    }

    /** Starts {@code hpm serve} on the hosts (again, on the same data, after a kill); returns its pid. */
    public long startServer() throws Exception {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                RealPoolServer.class.getName(), data.toString(), Long.toString(interval.toMillis())));
        for (LibvirtHosts.Host h : hosts.hosts()) {
            command.add(h.name() + "|" + h.uri() + "|" + h.migrationUri());
        }
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        server = p;
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        if (line == null || !line.startsWith("PORT ")) {
            stopServer();
            throw new AssertionError("hpm serve did not start: " + line);
        }
        url = "http://127.0.0.1:" + line.substring(5).strip();
        http = new Http(url + HpmServer.BASE);
        return p.pid();
    }

    /** {@code kill -9} of the server process, by its pid. */
    public void kill9() throws Exception {
        new ProcessBuilder("kill", "-9", Long.toString(server.pid())).inheritIO().start().waitFor();
        assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(server.exitValue()).isEqualTo(137);
    }

    /** Stops the server by its pid (SIGTERM, then SIGKILL); a no-op if it is not running. */
    public void stopServer() throws InterruptedException {
        Process p = server;
        if (p != null && p.isAlive()) {
            p.destroy();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(20, TimeUnit.SECONDS);
            }
        }
    }

    /** The running server's root URL ({@code http://127.0.0.1:PORT}, what {@code hpm --server} takes). */
    public String url() {
        return url;
    }

    public Http http() {
        return http;
    }

    public JsonNode get(String path) {
        Http.Response r = http.get(path, ADMIN);
        assertThat(r.status()).as("GET %s: %s", path, r.text()).isEqualTo(200);
        return r.json();
    }

    public JsonNode post(String path, String json, int status) {
        Http.Response r = http.post(path, ADMIN, json);
        assertThat(r.status()).as("POST %s %s: %s", path, json, r.text()).isEqualTo(status);
        return r.json();
    }

    /** Creates the pool of both hosts with {@code policy} (a partial POLICY document); returns its id. */
    public String pool(String policy) {
        String id = post("/server-pools", "{\"name\": \"real\", \"hypervisors\": [\"" + hosts.host(0).name() + "\", \""
                + hosts.host(1).name() + "\"]}", 201).get("id").asText();
        post("/server-pools/" + id + "/dwm-policy", policy, 200);
        return id;
    }

    /** A hypervisor's path segment (by name). */
    public static String hv(LibvirtHosts.Host h) {
        return "/hypervisors/" + URLEncoder.encode(h.name(), StandardCharsets.UTF_8);
    }

    /**
     * The pool policy of the maintenance tests: automatic, power save and even distribution off (only
     * maintenance moves servers), live migrations at 1 MB/s so that each lasts a few seconds,
     * {@code perHost} at once, each given {@code timeout}; servers return when maintenance ends.
     */
    public static String maintenancePolicy(int perHost, String timeout) {
        return "{\"mode\": \"automatic\", \"power-save\": {\"enabled\": false},"
                + " \"even-distribution\": {\"enabled\": false},"
                + " \"migration\": {\"per-host\": " + perHost + ", \"bandwidth-mbps\": 1, \"max-downtime-ms\": 150,"
                + " \"timeout\": \"" + timeout + "\", \"auto-converge\": true},"
                + " \"maintenance\": {\"action\": \"migrate\", \"migrate-back\": true}}";
    }

    /** Whether every one of {@code guests} runs on {@code host} alone, as {@code virsh list} on each host says. */
    public boolean allOn(List<String> guests, String host) {
        try {
            Map<String, List<String>> at = where(guests);
            return guests.stream().allMatch(g -> at.get(g).equals(List.of(host)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Guest name → the hosts whose {@code virsh list} shows it running (hosts whose daemon is stopped list nothing). */
    public Map<String, List<String>> where(List<String> guests) throws Exception {
        // The hosts are listed one after the other, so a migration that switches over between two
        // listings shows its guest on both: read until two readings agree (a guest really running on
        // two hosts stays so, and is reported).
        Map<String, List<String>> last = running(guests);
        for (int i = 0; i < 5; i++) {
            Map<String, List<String>> again = running(guests);
            if (again.equals(last)) {
                return again;
            }
            last = again;
        }
        return last;
    }

    /** One reading: the hosts each guest is running on, the hosts listed in turn. */
    private Map<String, List<String>> running(List<String> guests) throws Exception {
        Map<String, List<String>> out = new LinkedHashMap<>();
        guests.forEach(g -> out.put(g, new ArrayList<>()));
        for (int i = 0; i < hosts.hosts().size(); i++) {
            if (hosts.pid(i) < 0) {
                continue;
            }
            LibvirtHosts.Host h = hosts.host(i);
            for (String name : LibvirtHosts.virsh(h.uri(), "list", "--state-running", "--name").lines()
                    .map(String::strip).filter(s -> !s.isEmpty()).toList()) {
                if (out.containsKey(name)) {
                    out.get(name).add(h.name());
                }
            }
        }
        return out;
    }

    /** Waits until {@code condition} holds, polling every 200 ms; fails saying {@code what} after {@code limit}. */
    public static void await(Duration limit, String what, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - end > 0) {
                throw new AssertionError("not within " + limit + ": " + what);
            }
            Thread.sleep(200);
        }
    }

    @Override
    public void close() {
        try {
            stopServer();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            hosts.close();
        }
    }
}
