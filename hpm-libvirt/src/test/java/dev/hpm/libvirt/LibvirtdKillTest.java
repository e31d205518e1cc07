package dev.hpm.libvirt;

import dev.hpm.core.loop.IntervalReport;
import dev.hpm.core.measure.SampleStatus;
import dev.hpm.core.measure.VsMeasurement;
import dev.hpm.core.model.ManagementLevel;
import dev.hpm.libvirt.fixture.GuestFixture;
import dev.hpm.libvirt.fixture.GuestFixtureExtension;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code kill -9} of libvirtd while HPM manages guests: HPM reports the host unreachable, keeps
 * running, reconnects when the daemon is back and resumes without false velocities from the gap.
 * The daemon is found by its pid file ({@code /run/libvirtd.pid}, where {@code libvirtd -d} writes
 * it) and started again with {@code libvirtd -d}; the test leaves a running daemon behind in any case.
 */
@Tag("libvirt")
@ExtendWith(GuestFixtureExtension.class)
class LibvirtdKillTest {
    static final Path PID_FILE = Path.of("/run/libvirtd.pid");

    @Test
    void killDashNine_reportsUnreachable_keepsRunning_reconnects_withoutFalseVelocities(GuestFixture fixture)
            throws Exception {
        List<GuestFixture.Guest> guests = fixture.start(GuestFixture.Load.SPIN, 2);
        Thread.sleep(2000);
        HostConnection.Settings quick = new HostConnection.Settings(Duration.ofSeconds(10), Duration.ofSeconds(10),
                new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(2), 2));
        List<IntervalReport> reports = new ArrayList<>();
        try (RealLoop loop = new RealLoop(fixture.uri(), ManagedGuestsTest.goldAndBatch(guests.get(0), guests.get(1)),
                RealLoop.all(ManagementLevel.MANAGE), Duration.ofSeconds(3), quick)) {
            loop.start();
            reports.add(loop.interval());
            reports.add(loop.interval());

            long pid = Long.parseLong(Files.readString(PID_FILE).trim());
            ProcessHandle daemon = ProcessHandle.of(pid).orElseThrow(() -> new AssertionError("no libvirtd with pid " + pid));
            try {
                new ProcessBuilder("kill", "-9", Long.toString(pid)).inheritIO().start().waitFor();
                daemon.onExit().get(10, TimeUnit.SECONDS);
                reports.add(loop.interval());
                reports.add(loop.interval());
            } finally {
                startDaemon();
            }
            for (int i = 0; i < 10 && !reports.getLast().status().connected() || reports.getLast().measurement() == null; i++) {
                reports.add(loop.interval());
            }
            reports.add(loop.interval());
            reports.add(loop.interval());
        }
        for (IntervalReport r : reports) {
            System.out.printf(Locale.ROOT, "LibvirtdKillTest interval %d: %s%s%n", r.interval(), r.status().describe(),
                    r.measurement() == null ? "" : r.measurement().servers().stream().map(m -> " " + m.name()
                            .replaceAll(".*-", "#") + " " + m.status() + " " + String.format(Locale.ROOT, "%.1f", m.velocity())).toList());
        }
        assertThat(reports.get(1).measurement().servers()).allSatisfy(m -> assertThat(m.hasVelocity()).isTrue());
        IntervalReport down = reports.get(2);
        assertThat(down.status().connected()).isFalse();
        assertThat(down.measurement()).isNull();
        assertThat(down.errors()).isNotEmpty();
        int back = indexOfFirstConnectedAfter(reports, 2);
        assertThat(back).as("reconnected within the run").isPositive();
        assertThat(reports.get(back).measurement().servers()).isNotEmpty().allSatisfy(m -> {
            assertThat(m.status()).isEqualTo(SampleStatus.FIRST);
            assertThat(m.hasVelocity()).isFalse();
        });
        for (IntervalReport r : reports.subList(back + 1, reports.size())) {
            assertThat(r.status().connected()).isTrue();
            for (VsMeasurement m : r.measurement().servers()) {
                assertThat(m.status()).isEqualTo(SampleStatus.MEASURED);
                assertThat(m.velocity()).isBetween(0.0, 100.0);
                assertThat(m.usingCpus()).isBetween(0.0, 1.25);
            }
        }
    }

    private static int indexOfFirstConnectedAfter(List<IntervalReport> reports, int from) {
        for (int i = from; i < reports.size(); i++) {
            if (reports.get(i).status().connected() && reports.get(i).measurement() != null) {
                return i;
            }
        }
        return -1;
    }

    /** Starts libvirtd as .ci/run does, unless it is running, and waits until it answers. */
    static void startDaemon() throws IOException, InterruptedException {
        if (!running()) {
            new ProcessBuilder("libvirtd", "-d").inheritIO().start().waitFor(30, TimeUnit.SECONDS);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            Process p = new ProcessBuilder("virsh", "-c", "qemu:///system", "version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            if (p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("libvirtd did not come back within 30 s");
    }

    private static boolean running() throws IOException {
        if (!Files.exists(PID_FILE)) {
            return false;
        }
        String text = Files.readString(PID_FILE).trim();
        return !text.isEmpty() && ProcessHandle.of(Long.parseLong(text)).map(ProcessHandle::isAlive).orElse(false);
    }
}
