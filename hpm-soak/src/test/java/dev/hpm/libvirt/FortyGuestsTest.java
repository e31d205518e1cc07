package dev.hpm.libvirt;

import dev.hpm.core.driver.DomainSample;
import dev.hpm.core.measure.MeasurementSettings;
import dev.hpm.core.measure.Measurer;
import dev.hpm.core.driver.DomainStatsDecoder;
import dev.hpm.core.measure.Aggregation;
import dev.hpm.core.measure.HostMeasurement;
import dev.hpm.core.measure.ServerContext;
import dev.hpm.core.model.ClassInfo;
import dev.hpm.core.model.ClassKey;
import dev.hpm.core.model.Goal;
import dev.hpm.core.model.Importance;
import dev.hpm.core.model.ManagementLevel;
import dev.hpm.core.model.VelocityLevel;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import java.util.Locale;
import dev.hpm.core.driver.StatsGroup;
import dev.hpm.libvirt.fixture.GuestFixture;
import dev.hpm.libvirt.fixture.GuestFixtureExtension;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Forty idle guests, shared by two tests (started once, removed after the last).
 *
 * <p>The cost of one HPM measurement cycle ({@link LibvirtDriver#domainStats}: the bulk call plus
 * decoding, then {@link Measurer#update} into the measurement model) on 40 idle guests, against the same {@code getAllDomainStats} call made by python3-libvirt
 * (the C binding every libvirt tool measures against). Java and Python run in alternating blocks so
 * that load from elsewhere on the host hits both alike; medians are compared. Decoding alone is timed
 * separately on the same records. The Python interpreter is {@code -Dhpm.test.python}, else the first
 * of {@code python3} and Debian's {@code /usr/bin/python3} (where python3-libvirt installs) that can
 * import {@code libvirt}.
 */
@Tag("libvirt")
@ExtendWith(GuestFixtureExtension.class)
@GuestFixtureExtension.KeepGuests
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FortyGuestsTest {
    private static final int GUESTS = 40;
    private static final int ROUNDS = 6;
    private static final int CALLS_PER_ROUND = 50;
    private static final double MAX_RATIO = 1.2;
    private static final String PYTHON_TIMER = """
            import sys, time, libvirt
            conn = libvirt.open(sys.argv[1])
            stats, flags, calls = int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
            for _ in range(10):
                conn.getAllDomainStats(stats, flags)
            out = []
            for _ in range(calls):
                t = time.perf_counter_ns()
                conn.getAllDomainStats(stats, flags)
                out.append(time.perf_counter_ns() - t)
            print(" ".join(map(str, out)))
            """;

    private static final int CYCLES = Integer.getInteger("hpm.test.collectionCycles", 10_000);
    private static final int CHECKPOINTS = 20;
    private static final long MAX_GROWTH_KIB = 8 * 1024;

    /** Starts the forty guests once for both tests. */
    private static void guests(GuestFixture fixture) {
        if (fixture.guests().size() < GUESTS) {
            fixture.start(GuestFixture.Load.IDLE, GUESTS - fixture.guests().size());
            QemuStats.sleep(2_000);
        }
    }

    @Test
    @Order(1)
    void domainStats_fortyIdleGuests_withinPythonBindingCost(GuestFixture fixture) throws Throwable {
        String python = python();
        guests(fixture);
        Set<StatsGroup> groups = StatsGroup.CPU;
        int flags = LibvirtDriver.STATS_ACTIVE | (fixture.driver().usesNoWait() ? LibvirtDriver.STATS_NOWAIT : 0);
        List<Long> java = new ArrayList<>();
        List<Long> py = new ArrayList<>();
        Measurer measurer = new Measurer(MeasurementSettings.DEFAULT);
        for (int i = 0; i < 50; i++) {
            fixture.driver().domainStats(groups);
        }
        for (int round = 0; round < ROUNDS; round++) {
            for (int i = 0; i < CALLS_PER_ROUND; i++) {
                long t = System.nanoTime();
                List<DomainSample> samples = fixture.driver().domainStats(groups);
                measurer.update(samples, 10_000_000_000L);
                java.add(System.nanoTime() - t);
                assertThat(samples.size()).isGreaterThanOrEqualTo(GUESTS);
            }
            py.addAll(runPython(python, fixture.uri(), StatsGroup.flags(groups), flags));
        }
        long[] decode = decodeOnly(fixture.uri(), StatsGroup.flags(groups), flags);
        List<Long> everything = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            long t = System.nanoTime();
            fixture.driver().domainStats(StatsGroup.ALL);
            everything.add(System.nanoTime() - t);
        }
        long javaMedian = median(java);
        long pythonMedian = median(py);
        double ratio = (double) javaMedian / pythonMedian;
        System.out.printf("FortyGuestsTest %d guests, groups %s: HPM cycle median %d µs (p90 %d µs),"
                        + " python3-libvirt median %d µs (p90 %d µs), ratio %.2f; of the HPM cycle, call %d µs and"
                        + " decode %d µs (medians); all groups (balloon, block, interface too) %d µs, %.1f× the CPU groups%n",
                GUESTS, groups, javaMedian / 1000, p90(java) / 1000, pythonMedian / 1000, p90(py) / 1000, ratio,
                decode[0] / 1000, decode[1] / 1000, median(everything) / 1000, (double) median(everything) / javaMedian);
        assertThat(ratio).as("HPM cycle / python3-libvirt call").isLessThanOrEqualTo(MAX_RATIO);
    }

    /**
     * 10,000 collection cycles (the bulk statistics call, decoding, {@link Measurer#update} and the
     * aggregation into service-class figures) back to back: the JVM's resident memory must level off.
     * The heap is fixed and pre-touched (see the module's pom), so what could still grow is native
     * memory, metaspace and code. The first half warms up (the JIT compiles, caches fill); over the
     * second half growth and its trend (Theil–Sen slope over the checkpoints) must be about nil.
     * Cycles: {@code -Dhpm.test.collectionCycles} (default 10,000).
     */
    @Test
    @Order(2)
    void collectionCycles_fortyGuests_residentMemoryLevelsOff(GuestFixture fixture) throws Exception {
        guests(fixture);
        ClassInfo idle = new ClassInfo(new ClassKey("Idle", "idle"), Goal.velocity(VelocityLevel.MODERATE), 50,
                Importance.MEDIUM, Importance.MEDIUM);
        Measurer measurer = new Measurer(MeasurementSettings.DEFAULT);
        LibvirtDriver driver = fixture.driver();
        List<double[]> points = new ArrayList<>();
        long[] rss = new long[3];
        long started = System.nanoTime();
        int every = (CYCLES / 2) / CHECKPOINTS;
        for (int i = 0; i < CYCLES; i++) {
            List<DomainSample> samples = driver.domainStats(StatsGroup.CPU);
            HostMeasurement m = Aggregation.host("h", 2, measurer.update(samples, 10_000_000_000L),
                    (uuid, name) -> new ServerContext(idle, ManagementLevel.MANAGE), MeasurementSettings.DEFAULT);
            driver.nodeCpuStats();
            assertThat(m.servers()).hasSizeGreaterThanOrEqualTo(GUESTS);
            if (i == CYCLES / 10 || i >= CYCLES / 2 && (i - CYCLES / 2) % every == 0 || i == CYCLES - 1) {
                long kib = NativeMemoryTest.readRssKiB();
                if (i == CYCLES / 10) {
                    rss[0] = kib;
                } else {
                    points.add(new double[]{i, kib * 1024.0});
                    if (rss[1] == 0) {
                        rss[1] = kib;
                    }
                    rss[2] = kib;
                }
            }
        }
        double trend = NativeMemoryTest.theilSen(points);
        System.out.printf(Locale.ROOT, "FortyGuestsTest: %d collection cycles against %d guests in %.0f s (%.1f ms each);"
                        + " JVM VmRSS KiB at cycle %d %d, middle %d, end %d; second-half trend %.1f bytes/cycle%n", CYCLES,
                GUESTS, (System.nanoTime() - started) / 1e9, (System.nanoTime() - started) / 1e6 / CYCLES, CYCLES / 10,
                rss[0], rss[1], rss[2], trend);
        assertThat(rss[2] - rss[1]).as("VmRSS growth over the second half, KiB").isLessThan(MAX_GROWTH_KIB);
        assertThat(trend).as("VmRSS trend over the second half, bytes per cycle").isLessThan(256);
    }

    /** Medians of the bare native call and of decoding its records, measured apart. */
    private static long[] decodeOnly(String uri, int stats, int flags) throws Throwable {
        List<Long> calls = new ArrayList<>();
        List<Long> decodes = new ArrayList<>();
        try (NativeConnection connection = NativeConnection.open(ConnectOptions.of(uri));
             Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ADDRESS);
            StatsRecordReader reader = new StatsRecordReader(connection);
            DomainStatsDecoder decoder = new DomainStatsDecoder();
            for (int i = 0; i < 150; i++) {
                long t0 = System.nanoTime();
                int count = connection.check((int) Fn.virConnectGetAllDomainStats.invokeExact(connection.ptr(), stats,
                        out, flags), "virConnectGetAllDomainStats");
                long t1 = System.nanoTime();
                MemorySegment list = out.get(ADDRESS, 0);
                reader.read(list, count, decoder, t1);
                long t2 = System.nanoTime();
                Fn.virDomainStatsRecordListFree.invokeExact(list);
                if (i >= 50) {
                    calls.add(t1 - t0);
                    decodes.add(t2 - t1);
                }
            }
        }
        return new long[]{median(calls), median(decodes)};
    }

    private static List<Long> runPython(String python, String uri, int stats, int flags)
            throws IOException, InterruptedException {
        Process p = new ProcessBuilder(python, "-c", PYTHON_TIMER, uri, Integer.toString(stats),
                Integer.toString(flags), Integer.toString(CALLS_PER_ROUND)).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError("python timer failed: " + output);
        }
        return Arrays.stream(output.split("\\s+")).map(Long::valueOf).toList();
    }

    private static String python() throws InterruptedException {
        String configured = System.getProperty("hpm.test.python");
        List<String> candidates = configured != null ? List.of(configured) : List.of("python3", "/usr/bin/python3");
        for (String candidate : candidates) {
            try {
                Process p = new ProcessBuilder(candidate, "-c", "import libvirt").redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                if (p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    return candidate;
                }
            } catch (IOException notThere) {
                // try the next one
            }
        }
        throw new AssertionError("This test needs a python3 that can 'import libvirt' (apt-get install"
                + " python3-libvirt), tried " + candidates + "; name one with -Dhpm.test.python=...");
    }

    private static long median(List<Long> values) {
        return percentile(values, 0.5);
    }

    private static long p90(List<Long> values) {
        return percentile(values, 0.9);
    }

    private static long percentile(List<Long> values, double p) {
        long[] sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
        return sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
    }
}
