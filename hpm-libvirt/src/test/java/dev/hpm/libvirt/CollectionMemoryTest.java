package dev.hpm.libvirt;

import dev.hpm.core.loop.IntervalReport;
import dev.hpm.core.model.ManagementLevel;
import dev.hpm.libvirt.fixture.GuestFixture;
import dev.hpm.libvirt.fixture.GuestFixtureExtension;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 10,000 collection cycles of the production control loop (bulk statistics, decoding, measurement,
 * classification, decision) against 40 idle guests, back to back: the JVM's resident memory must
 * level off. The heap is fixed and pre-touched (see the module's pom), so what could still grow is
 * native memory, metaspace and code. The first half warms up (the JIT compiles, caches fill); over
 * the second half the growth and its trend (Theil–Sen slope over the checkpoints) must be about nil.
 * Cycles: {@code -Dhpm.test.collectionCycles} (default 10,000).
 */
@Tag("libvirt")
@ExtendWith(GuestFixtureExtension.class)
class CollectionMemoryTest {
    private static final int GUESTS = 40;
    private static final int CYCLES = Integer.getInteger("hpm.test.collectionCycles", 10_000);
    private static final int CHECKPOINTS = 20;
    private static final long MAX_GROWTH_KIB = 8 * 1024;

    @Test
    void cycles_fortyGuests_residentMemoryLevelsOff(GuestFixture fixture) throws Exception {
        List<GuestFixture.Guest> guests = fixture.start(GuestFixture.Load.IDLE, GUESTS);
        Set<String> names = new java.util.HashSet<>();
        guests.forEach(g -> names.add(g.name()));
        try (RealLoop loop = new RealLoop(fixture.uri(), RealLoop.definition(new Object[]{"Idle",
                dev.hpm.core.model.Importance.MEDIUM, dev.hpm.core.model.VelocityLevel.MODERATE, names}),
                RealLoop.all(ManagementLevel.MANAGE), Duration.ofSeconds(10))) {
            loop.start();
            List<double[]> points = new ArrayList<>();
            long[] rss = new long[3];
            long started = System.nanoTime();
            int warmup = CYCLES / 10;
            int every = (CYCLES - warmup) / CHECKPOINTS;
            for (int i = 0; i < CYCLES; i++) {
                IntervalReport r = loop.controller.runInterval();
                assertThat(r.status().connected()).as("cycle %d: %s", i, r.status().describe()).isTrue();
                if (i >= warmup && (i - warmup) % every == 0 || i == CYCLES - 1) {
                    long kib = NativeMemoryTest.readRssKiB();
                    if (i >= CYCLES / 2) {
                        points.add(new double[]{i, kib * 1024.0});
                    }
                    if (rss[0] == 0) {
                        rss[0] = kib;
                    }
                    if (rss[1] == 0 && i >= CYCLES / 2) {
                        rss[1] = kib;
                    }
                    rss[2] = kib;
                }
                if (i == 0) {
                    assertThat(r.measurement().servers()).hasSizeGreaterThanOrEqualTo(GUESTS);
                }
            }
            double trend = NativeMemoryTest.theilSen(points);
            System.out.printf(Locale.ROOT, "CollectionMemoryTest: %d cycles against %d guests in %.0f s (%.1f ms each);"
                            + " JVM VmRSS KiB at start (after %d warm-up cycles) %d, middle %d, end %d; second-half trend %.1f bytes/cycle%n", CYCLES, GUESTS,
                    (System.nanoTime() - started) / 1e9, (System.nanoTime() - started) / 1e6 / CYCLES, warmup, rss[0], rss[1],
                    rss[2],
                    trend);
            assertThat(rss[2] - rss[1]).as("VmRSS growth over the second half, KiB").isLessThan(MAX_GROWTH_KIB);
            assertThat(trend).as("VmRSS trend over the second half, bytes per cycle").isLessThan(256);
        }
    }
}
