package dev.hpm.store;

import dev.hpm.store.HistoryRepository.HostPoint;
import dev.hpm.store.testing.StoreTestBase;
import dev.hpm.store.testing.TestDatabase;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every write the store acknowledged survives {@code kill -9} of the process that made it: a child
 * JVM ({@link DurabilityWriter}) writes and prints each acknowledged write; it is killed with
 * {@link Process#destroyForcibly()} (SIGKILL) in mid-stream; the store reopened here must hold every
 * acknowledged write and work normally.
 */
abstract class DurabilityCases extends StoreTestBase {
    /** Acknowledged writes to wait for before the kill. */
    static final int ACKS_BEFORE_KILL = 150;

    DurabilityCases(TestDatabase database) {
        super(database);
    }

    @Test
    void killMinus9_everyAcknowledgedWriteSurvivesAndTheStoreStillWorks() throws Exception {
        store.close(); // the child must be the only process with the H2 file open
        store = null;
        Process child = startWriter();
        List<Integer> acked = new ArrayList<>();
        StringBuilder output = new StringBuilder();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = Thread.ofVirtual().start(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("reader failed: " + e);
            }
            lines.add("<eof>");
        });
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (acked.size() < ACKS_BEFORE_KILL && System.nanoTime() < deadline) {
                String line = lines.poll(1, TimeUnit.SECONDS);
                if (line == null) {
                    continue;
                }
                if (line.equals("<eof>")) {
                    break;
                }
                collect(line, acked, output);
            }
            assertThat(acked).as("the writer acknowledged writes; its output:%n%s", output).hasSizeGreaterThanOrEqualTo(
                    ACKS_BEFORE_KILL);
        } finally {
            child.destroyForcibly(); // SIGKILL: no shutdown hooks, no closing of the database
            child.waitFor(30, TimeUnit.SECONDS);
        }
        reader.join(10_000);
        for (String line = lines.poll(); line != null; line = lines.poll()) {
            collect(line, acked, output);
        }
        int last = acked.getLast();

        store = Stores.open(settings, clock);

        Set<String> audited = store.audit().query(null, null, 0).stream().map(AuditLog.Entry::action)
                .collect(Collectors.toSet());
        Set<Instant> recorded = new HashSet<>(store.history().hosts("kvm1", DurabilityWriter.START,
                DurabilityWriter.time(last + 1000), null).stream().map(HostPoint::at).toList());
        for (int i : acked) {
            assertThat(audited).as("audit entry of acknowledged write %d", i).contains("write-" + i);
            assertThat(recorded).as("history of acknowledged write %d", i).contains(DurabilityWriter.time(i));
            if (i % 10 == 0) {
                assertThat(store.definitions().group("g-" + i)).as("group of acknowledged write %d", i).isPresent();
            }
        }
        System.out.printf("kill -9 on %s: %d writes acknowledged before the kill (last %d), all present; %d audit "
                + "entries in the store%n", database.name(), acked.size(), last, audited.size());
        store.audit().append("test", "after-kill", "", "");
        assertThat(store.audit().query(null, null, 0)).extracting(AuditLog.Entry::action).contains("after-kill");
        assertThat(store.definitions().definition().groups()).hasSizeGreaterThan(ACKS_BEFORE_KILL / 10);
    }

    private static void collect(String line, List<Integer> acked, StringBuilder output) {
        if (line.startsWith("ack ")) {
            acked.add(Integer.parseInt(line.substring(4)));
        } else {
            output.append(line).append('\n');
        }
    }

    private Process startWriter() throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder pb = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                DurabilityWriter.class.getName(), settings.jdbcUrl(), settings.user());
        pb.environment().put("HPM_TEST_DB_PASSWORD", settings.password());
        pb.redirectErrorStream(true);
        return pb.start();
    }
}
