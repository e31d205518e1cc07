package dev.hpm.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code kill -9} of the server while a DWM plan executes (the slow pool of {@code pool-slow.yaml}:
 * one 20-second migration at a time): after a restart on the same data the plan is marked
 * interrupted with the state of each action, the interrupted migration says where its server runs
 * now, the migration that was running is aborted in the history, and every server runs on exactly
 * one host.
 */
class PoolRestartTest {
    private final Http.As admin = Http.As.user("admin", TestServer.ADMIN_PASSWORD);

    @Test
    void killDashNine_midPlan_restartMarksThePlanInterrupted_withEachActionsState(@TempDir Path data) throws Exception {
        Process first = start(data);
        String plan;
        try {
            Http http = http(first);
            JsonNode executing = PoolApiContractTest.await("a plan executing with a migration running",
                    () -> http.get("/server-pools/demo/plans?status=executing", admin).json(),
                    j -> j.get("plans").size() > 0 && j.get("plans").get(0).get("actions").findValuesAsText("state")
                            .contains("running"));
            plan = executing.get("plans").get(0).get("id").asText();
        } finally {
            ServerKillTest.killDashNine(first);
        }

        Process second = start(data);
        try {
            Http http = http(second);
            JsonNode p = http.get("/server-pools/demo/plans/" + plan, admin).json();
            assertThat(p.get("status").asText()).isEqualTo("interrupted");
            List<String> states = p.get("actions").findValuesAsText("state");
            assertThat(states).doesNotContain("running", "planned").contains("interrupted");
            JsonNode wasRunning = null;
            for (JsonNode a : p.get("actions")) {
                if (a.get("state").asText().equals("interrupted") && a.get("detail").asText().startsWith("was running")) {
                    wasRunning = a;
                }
            }
            assertThat(wasRunning).as("the migration that was running: %s", p).isNotNull();
            assertThat(wasRunning.get("ended").isNull()).isFalse();
            String server = wasRunning.get("virtual-server").get("name").asText();
            JsonNode reconciled = PoolApiContractTest.await("the interrupted migration reconciled",
                    () -> http.get("/server-pools/demo/plans/" + plan, admin).json(),
                    j -> j.toString().contains("after the restart it runs on"));
            System.out.println("PoolRestartTest: after the restart " + reconciled.get("actions").findValuesAsText("detail"));
            JsonNode history = http.get("/migrations?virtual-server=" + server, admin).json().get("migrations");
            assertThat(history).anySatisfy(m -> {
                assertThat(m.get("plan").asText()).isEqualTo(plan);
                assertThat(m.get("state").asText()).isEqualTo("aborted");
            });
            List<String> names = new ArrayList<>();
            for (JsonNode h : http.get("/server-pools/demo", admin).json().get("hypervisors")) {
                h.get("virtual-servers").forEach(v -> names.add(v.get("name").asText()));
            }
            Set<String> distinct = new HashSet<>(names);
            assertThat(names).as("every server on exactly one host").hasSize(6).hasSameSizeAs(distinct);
        } finally {
            second.destroy();
            if (!second.waitFor(30, TimeUnit.SECONDS)) {
                second.destroyForcibly();
            }
        }
    }

    private static Http http(Process p) {
        return HTTP.get(p);
    }

    private static final java.util.Map<Process, Http> HTTP = new java.util.concurrent.ConcurrentHashMap<>();

    private static Process start(Path data) throws Exception {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "--enable-native-access=ALL-UNNAMED", "-Dhpm.test.scenario=" + PoolApiContractTest.scenario("pool-slow.yaml"),
                "-cp", System.getProperty("java.class.path"), ChildServer.class.getName(), data.toString()));
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        if (line == null || !line.startsWith("PORT ")) {
            p.destroyForcibly();
            throw new AssertionError("the child server did not start: " + line);
        }
        HTTP.put(p, new Http("http://127.0.0.1:" + line.substring(5).strip() + HpmServer.BASE));
        return p;
    }
}
