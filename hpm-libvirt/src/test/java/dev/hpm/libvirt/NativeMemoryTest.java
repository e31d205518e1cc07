package dev.hpm.libvirt;

import dev.hpm.core.driver.DriverException;
import dev.hpm.core.driver.StatsGroup;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;

import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs every native path many thousands of times against {@code test:///default} and checks that
 * memory stops growing. Two measures: the process's resident set (VmRSS, printed at start, middle and
 * end, bounded generously because the Java heap and JIT move it) and glibc's count of bytes in use by
 * {@code malloc} ({@code mallinfo2}: {@code uordblks + hblkhd}, over all arenas), which is where a
 * forgotten {@code free}/{@code virTypedParamsFree}/{@code virDomainFree} would show, bounded tightly.
 * The first third of the cycles warms up. Over the other two thirds memory is sampled at twelve
 * checkpoints and the growth rate is the Theil–Sen slope (the median of the pairwise slopes), so
 * that one-off jumps (glibc trimming or growing an arena for another thread) do not count, while a
 * leak, which grows at every checkpoint, does: leaving out {@code virDomainStatsRecordListFree}
 * gives several hundred bytes per cycle.
 * Cycles: {@code -Dhpm.test.memoryCycles} (default 60,000).
 */
@SuppressWarnings("restricted")
class NativeMemoryTest {
    private static final int CYCLES = Integer.getInteger("hpm.test.memoryCycles", 60_000);
    private static final long MAX_RSS_GROWTH_KIB = 64 * 1024;
    private static final double MAX_MALLOC_BYTES_PER_CYCLE = 48;
    private static final int CHECKPOINTS = 12;

    @Test
    void cycles_everyNativePath_memoryStaysFlat() throws IOException {
        Usage start = null;
        Usage middle = null;
        java.util.List<double[]> points = new java.util.ArrayList<>();
        int every = (CYCLES - CYCLES / 3) / CHECKPOINTS;
        long nanos = System.nanoTime();
        LibvirtDriver driver = LibvirtDriver.open(LibvirtDriverTest.TEST_URI, System::nanoTime);
        try {
            for (int i = 0; i < CYCLES; i++) {
                if (i >= CYCLES / 3 && (i - CYCLES / 3) % every == 0) {
                    Usage u = Usage.now();
                    points.add(new double[]{i, u.mallocKiB * 1024.0});
                    if (start == null) {
                        start = u;
                    }
                    if (middle == null && i >= 2 * CYCLES / 3) {
                        middle = u;
                    }
                }
                if (i % 1000 == 999) {
                    driver.close();
                    driver = LibvirtDriver.open(LibvirtDriverTest.TEST_URI, System::nanoTime);
                }
                cycle(driver, i);
            }
        } finally {
            driver.close();
        }
        Usage end = Usage.now();
        double slope = theilSen(points);
        System.out.printf("NativeMemoryTest: %d cycles, %.1f µs/cycle; VmRSS KiB start %d, middle %d, end %d;"
                        + " malloc in use KiB start %d, middle %d, end %d; malloc trend %.1f bytes/cycle%n", CYCLES,
                (System.nanoTime() - nanos) / 1e3 / CYCLES, start.rssKiB, middle.rssKiB, end.rssKiB,
                start.mallocKiB, middle.mallocKiB, end.mallocKiB, slope);
        assertThat(slope).as("malloc growth trend, bytes per cycle").isLessThan(MAX_MALLOC_BYTES_PER_CYCLE);
        assertThat(end.rssKiB - middle.rssKiB).as("VmRSS growth over the last third, KiB")
                .isLessThan(MAX_RSS_GROWTH_KIB);
    }

    /** The median of the slopes between every pair of points: robust to a few outliers. */
    static double theilSen(java.util.List<double[]> points) {
        java.util.List<Double> slopes = new java.util.ArrayList<>();
        for (int a = 0; a < points.size(); a++) {
            for (int b = a + 1; b < points.size(); b++) {
                slopes.add((points.get(b)[1] - points.get(a)[1]) / (points.get(b)[0] - points.get(a)[0]));
            }
        }
        java.util.Collections.sort(slopes);
        return slopes.get(slopes.size() / 2);
    }

    private static void cycle(LibvirtDriver driver, int i) {
        assertThat(driver.domainStats(StatsGroup.ALL)).hasSize(1);
        driver.nodeCpuStats();
        driver.nodeInfo();
        driver.schedulerParameters(LibvirtDriverTest.TEST_DOMAIN_UUID);
        driver.domains().list();
        if (i % 10 == 0) {
            driver.domains().xml(LibvirtDriverTest.TEST_DOMAIN_UUID);
            driver.hostname();
            try {
                driver.domains().info(LibvirtDriverTest.UNKNOWN_UUID);
            } catch (DriverException expected) {
                // the error path: libvirt's last error is copied and reset
            }
        }
    }

    /** Resident set and bytes in use by malloc, after a GC so the Java heap is as small as it gets. */
    private record Usage(long rssKiB, long mallocKiB) {
        private static final StructLayout MALLINFO2 = MemoryLayout.structLayout(
                JAVA_LONG.withName("arena"), JAVA_LONG.withName("ordblks"), JAVA_LONG.withName("smblks"),
                JAVA_LONG.withName("hblks"), JAVA_LONG.withName("hblkhd"), JAVA_LONG.withName("usmblks"),
                JAVA_LONG.withName("fsmblks"), JAVA_LONG.withName("uordblks"), JAVA_LONG.withName("fordblks"),
                JAVA_LONG.withName("keepcost"));
        private static final MethodHandle MALLINFO2_FN = Linker.nativeLinker().downcallHandle(
                Linker.nativeLinker().defaultLookup().findOrThrow("mallinfo2"), FunctionDescriptor.of(MALLINFO2));

        static Usage now() throws IOException {
            System.gc();
            return new Usage(readRssKiB(), readMallocKiB());
        }

        static long readMallocKiB() {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment info = (MemorySegment) MALLINFO2_FN.invokeExact((SegmentAllocator) arena);
                long hblkhd = info.get(JAVA_LONG, Layouts.offset(MALLINFO2, "hblkhd"));
                long uordblks = info.get(JAVA_LONG, Layouts.offset(MALLINFO2, "uordblks"));
                return (hblkhd + uordblks) / 1024;
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            }
        }
    }

    /** VmRSS of this process from {@code /proc/self/status}, in KiB. */
    static long readRssKiB() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D+", ""));
            }
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }
}
