package dev.hpm.dist;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The release archive as an operator installs it: unpacked into a temporary root, {@code bin/hpm
 * serve} runs from it on its bundled runtime with no JDK on {@code PATH} and no {@code JAVA_HOME},
 * with the shipped configuration file; it serves, logs the admin in, and stops cleanly on SIGTERM
 * with what it was told kept on disk.
 */
class ReleaseArchiveTest {
    static final String PASSWORD = "archive-test-admin-password";
    static final Pattern LISTENING = Pattern.compile("HPM is listening on (http://\\S+?)/zhpm/wsapi/v1");
    static Path archive;
    static String name;

    @TempDir
    Path root;
    private final List<Process> started = new ArrayList<>();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** The server as a child process, and what it wrote to standard error. */
    record Server(Process process, String base, List<String> log, CompletableFuture<Void> drained) {
    }

    @BeforeAll
    static void archive() throws IOException {
        archive = Path.of(System.getProperty("hpm.dist.archive", "hpm-dist/target/missing.tar.gz"));
        name = System.getProperty("hpm.dist.name", "hpm");
        assertThat(archive).as("the archive, built by mvn package -Pdist").isRegularFile();
        System.out.printf(Locale.ROOT, "release archive %s: %.1f MB%n", archive.getFileName(), Files.size(archive) / 1e6);
    }

    @AfterEach
    void stopWhatWasStarted() throws InterruptedException {
        for (Process p : started) {
            if (p.isAlive()) {
                p.destroyForcibly();
                p.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void serve_fromTheUnpackedArchiveWithoutAJdk_servesLogsInAndStopsCleanlyOnSigterm() throws Exception {
        Path home = unpack();
        Path state = Files.createDirectories(root.resolve("var/lib/hpm"));

        Server first = serve(home, state);
        assertThat(Path.of("/proc", Long.toString(first.process().pid()), "exe").toRealPath())
                .as("the server's program").isEqualTo(home.resolve("runtime/bin/java").toRealPath());
        assertThat(get(first, "/zhpm/wsapi/v1/health", null).body()).contains("\"status\":\"up\"");
        HttpResponse<String> session = get(first, "/zhpm/wsapi/v1/session", "admin");
        assertThat(session.statusCode()).isEqualTo(200);
        assertThat(session.body()).contains("\"name\":\"admin\"", "\"role\":\"admin\"");
        assertThat(get(first, "/zhpm/wsapi/v1/session", null).statusCode()).isEqualTo(401);
        HttpResponse<String> created = client.send(request(first, "/zhpm/wsapi/v1/workload-resource-groups", "admin")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"Installed\", \"importance\": \"high\"}"))
                .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(get(first, "/metrics", "admin").body()).contains("# TYPE libvirt_up gauge");

        assertThat(stop(first)).as("exit code after SIGTERM (the JVM's 128 + 15, SuccessExitStatus in the unit)").isEqualTo(143);
        assertThat(first.log()).anyMatch(l -> l.contains("stopping"));
        try (Stream<Path> files = Files.list(state)) {
            assertThat(files.map(p -> p.getFileName().toString())).anyMatch(f -> f.endsWith(".mv.db"));
        }

        Server second = serve(home, state);
        assertThat(get(second, "/zhpm/wsapi/v1/workload-resource-groups/Installed", "admin").statusCode())
                .as("the group made before SIGTERM, after a restart").isEqualTo(200);
        assertThat(stop(second)).isEqualTo(143);
    }

    @Test
    void archive_shipsTheHardenedUnitAndTheLauncher() throws Exception {
        Path home = unpack();
        assertThat(home.resolve("bin/hpm")).isExecutable();
        assertThat(home.resolve("runtime/bin/java")).isExecutable();
        assertThat(home.resolve("runtime/bin/javac")).doesNotExist();
        assertThat(home.resolve("runtime/include")).doesNotExist();
        try (Stream<Path> jars = Files.list(home.resolve("lib"))) {
            assertThat(jars.map(p -> p.getFileName().toString())).anyMatch(j -> j.startsWith("hpm-cli-"))
                    .anyMatch(j -> j.startsWith("prometheus-metrics-core-"));
        }
        List<String> unit = Files.readAllLines(home.resolve("systemd/hpm.service"));
        assertThat(unit).contains("User=hpm", "NoNewPrivileges=yes", "ProtectSystem=strict", "ProtectHome=yes",
                "PrivateTmp=yes", "StateDirectory=hpm", "ReadWritePaths=/var/lib/hpm", "SuccessExitStatus=143",
                "ExecStart=/opt/hpm/bin/hpm serve --config /etc/hpm/hpm.yaml");
        assertThat(unit).filteredOn(l -> l.startsWith("ReadWritePaths=")).hasSize(1);
        assertThat(Files.readString(home.resolve("etc/hpm.yaml"))).contains("data-directory: /var/lib/hpm");
    }

    private Path unpack() throws Exception {
        Path opt = Files.createDirectories(root.resolve("opt"));
        Process tar = new ProcessBuilder("tar", "-xzf", archive.toString(), "-C", opt.toString()).inheritIO().start();
        assertThat(tar.waitFor()).as("tar -xzf").isZero();
        return opt.resolve(name);
    }

    /** Starts {@code bin/hpm serve} from the archive, as the unit does but on any free port and a test state directory. */
    private Server serve(Path home, Path state) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/hpm").toString(), "serve",
                "--config", home.resolve("etc/hpm.yaml").toString(), "--port", "0", "--data", state.toString(),
                "--interval", "1s").directory(state.toFile());
        Map<String, String> env = pb.environment();
        env.clear();
        env.put("PATH", pathWithoutJava());
        env.put("HOME", Files.createDirectories(root.resolve("home/hpm")).toString());
        env.put("HPM_ADMIN_PASSWORD", PASSWORD);
        Process p = pb.redirectErrorStream(true).start();
        started.add(p);
        List<String> log = new CopyOnWriteArrayList<>();
        CompletableFuture<String> base = new CompletableFuture<>();
        CompletableFuture<Void> drained = new CompletableFuture<>();
        Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null; ) {
                    System.out.println("archive: " + line);
                    log.add(line);
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                        base.complete(m.group(1));
                    }
                }
            } catch (IOException e) {
                base.completeExceptionally(e);
            }
            base.completeExceptionally(new AssertionError("bin/hpm serve ended before it listened: " + log));
            drained.complete(null);
        });
        long start = System.nanoTime();
        Server server = new Server(p, base.get(60, TimeUnit.SECONDS), log, drained);
        System.out.printf(Locale.ROOT, "bin/hpm serve listened after %.1f s%n", (System.nanoTime() - start) / 1e9);
        return server;
    }

    /** The test's PATH without any directory that holds a java (here /usr/bin has an older JDK). */
    static String pathWithoutJava() {
        List<String> kept = Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .filter(d -> !d.isEmpty() && !Files.exists(Path.of(d, "java")) && !Files.exists(Path.of(d, "javac")))
                .toList();
        assertThat(kept).noneMatch(d -> Files.isExecutable(Path.of(d, "java")));
        return kept.isEmpty() ? "/nonexistent" : kept.stream().collect(Collectors.joining(File.pathSeparator));
    }

    private int stop(Server server) throws Exception {
        // SIGTERM, as systemctl stop sends it; Process.destroy() would also close the pipe of its output
        server.process().toHandle().destroy();
        assertThat(server.process().waitFor(60, TimeUnit.SECONDS)).as("stopped within 60 s of SIGTERM").isTrue();
        server.drained().get(10, TimeUnit.SECONDS);
        return server.process().exitValue();
    }

    private HttpResponse<String> get(Server server, String path, String user) throws Exception {
        return client.send(request(server, path, user).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(Server server, String path, String user) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.base() + path)).timeout(Duration.ofSeconds(30));
        if (user != null) {
            b.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((user + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)));
        }
        return b;
    }
}
