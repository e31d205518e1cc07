package dev.hpm.store;

import dev.hpm.core.model.Importance;
import dev.hpm.core.model.PerformancePolicy;
import dev.hpm.core.model.WorkloadResourceGroup;
import dev.hpm.core.time.Timebase;
import dev.hpm.store.testing.Reports;
import dev.hpm.store.testing.Reports.Server;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * The child process of the {@code kill -9} test: opens the store given by its arguments (JDBC URL,
 * user; the password in the environment variable {@code HPM_TEST_DB_PASSWORD}) and writes until
 * it is killed. Write {@code i} is an audit entry "write-i", one interval of history at
 * {@link #time(int)} and, every tenth write, a group "g-i"; after the store's methods return it
 * prints {@code ack i}.
 */
public final class DurabilityWriter {
    static final Instant START = Instant.parse("2026-02-01T00:00:00Z");

    private DurabilityWriter() {
    }

    static Instant time(int i) {
        return START.plus(Duration.ofSeconds(10L * i));
    }

    public static void main(String[] args) {
        StoreSettings settings = new StoreSettings(args[0], args[1], System.getenv("HPM_TEST_DB_PASSWORD"), 2,
                StoreSettings.DEFAULT_RETENTION);
        Timebase time = Timebase.system();
        PrintStream out = System.out;
        List<Server> servers = List.of(Server.of("u-1", "a", HistoryCases.ONLINE, 0.5, 0.5),
                Server.of("u-2", "b", HistoryCases.BATCH, 0.2, 0.1));
        try (Store store = Stores.open(settings, time)) {
            out.println("open");
            out.flush();
            for (int i = 0; i < 1_000_000; i++) {
                store.audit().append("writer", "write-" + i, "t", "");
                store.history().record(List.of(Reports.report("kvm1", 4, time(i), i, servers)));
                if (i % 10 == 0) {
                    store.definitions().create(WorkloadResourceGroup.of("g-" + i, Importance.LOW, PerformancePolicy.DEFAULT,
                            Set.of("vm-" + i)));
                }
                out.println("ack " + i);
                out.flush();
            }
        }
    }
}
