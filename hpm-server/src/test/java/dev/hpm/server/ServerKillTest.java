package dev.hpm.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code kill -9} of the server in the middle of a stream of writes: after a restart on the same
 * data every acknowledged write is there and the database is consistent.
 */
class ServerKillTest {
    record Child(Process process, Http http) {
    }

    static Child start(Path data, String... database) throws Exception {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                ChildServer.class.getName(), data.toString()));
        command.addAll(List.of(database));
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        if (line == null || !line.startsWith("PORT ")) {
            p.destroyForcibly();
            throw new AssertionError("the child server did not start: " + line);
        }
        return new Child(p, new Http("http://127.0.0.1:" + line.substring(5).strip() + HpmServer.BASE));
    }

    static void killDashNine(Process p) throws Exception {
        new ProcessBuilder("kill", "-9", Long.toString(p.pid())).inheritIO().start().waitFor();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(137);
    }

    @Test
    void killDashNine_midStreamOfWrites_everyAcknowledgedWriteSurvives(@TempDir Path data) throws Exception {
        verify(data);
    }

    /** The scenario, also run on PostgreSQL by {@code ServerKillOnPostgresTest}. */
    static void verify(Path data, String... database) throws Exception {
        Http.As admin = Http.As.user("admin", TestServer.ADMIN_PASSWORD);
        Child first = start(data, database);
        List<String> acknowledged = new CopyOnWriteArrayList<>();
        List<String> descriptions = new CopyOnWriteArrayList<>();
        AtomicBoolean stop = new AtomicBoolean();
        Thread writer = Thread.ofPlatform().start(() -> {
            for (int i = 0; !stop.get(); i++) {
                try {
                    String name = "Stream-" + i;
                    Http.Response r = first.http().post("/workload-resource-groups", admin,
                            "{\"name\": \"" + name + "\", \"importance\": \"low\", \"description\": \"write " + i + "\"}");
                    if (r.status() == 201) {
                        acknowledged.add(name);
                    }
                    String text = "note " + i;
                    Http.Response u = first.http().post("/virtual-servers/scratch-1", admin, "{\"description\": \"" + text + "\"}");
                    if (u.status() == 200) {
                        descriptions.add(text);
                    }
                } catch (RuntimeException connectionGone) {
                    return;
                }
            }
        });
        while (acknowledged.size() < 40) {
            Thread.sleep(20);
        }
        killDashNine(first.process());
        stop.set(true);
        writer.join(30_000);
        System.out.printf("ServerKillTest: %d groups and %d descriptions acknowledged before kill -9%n",
                acknowledged.size(), descriptions.size());

        Child second = start(data, database);
        try {
            for (String name : acknowledged) {
                Http.Response r = second.http().get("/workload-resource-groups/" + name, admin);
                assertThat(r.status()).as("acknowledged %s after restart", name).isEqualTo(200);
            }
            String lastDescription = second.http().get("/virtual-servers/scratch-1", admin).json().get("description").asText();
            int last = Integer.parseInt(descriptions.getLast().substring(5));
            assertThat(lastDescription).as("the last acknowledged description or a later one")
                    .matches(d -> d.startsWith("note ") && Integer.parseInt(d.substring(5)) >= last);
            var groups = second.http().get("/workload-resource-groups", admin).json().get("workload-resource-groups");
            long streamed = groups.findValuesAsText("name").stream().filter(n -> n.startsWith("Stream-")).count();
            assertThat(streamed).isBetween((long) acknowledged.size(), acknowledged.size() + 1L);
            assertThat(second.http().get("/health", Http.As.ANONYMOUS).json().get("status").asText()).isEqualTo("up");
            Http.Response more = second.http().post("/workload-resource-groups", admin, "{\"name\": \"AfterRestart\"}");
            assertThat(more.status()).isEqualTo(201);
        } finally {
            second.process().destroy();
            second.process().waitFor(30, TimeUnit.SECONDS);
        }
    }
}
