package dev.hpm.libvirt.pool;

import dev.hpm.core.pool.PoolActuator;
import dev.hpm.core.time.Timebase;
import dev.hpm.libvirt.LibvirtDriver;
import dev.hpm.libvirt.fixture.GuestFixture;
import dev.hpm.libvirt.fixture.LibvirtHosts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Live migrations between two libvirt daemons of this machine through {@link LibvirtPoolActuator}:
 * one throttled so that its progress can be watched, one that runs into its timeout and is
 * aborted, one the destination cannot take; what is where is checked with virsh.
 */
@Tag("libvirt")
class LibvirtPoolActuatorTest {
    static LibvirtHosts hosts;

    @BeforeAll
    static void startHosts() {
        hosts = LibvirtHosts.start(2);
    }

    @AfterAll
    static void stopHosts() {
        if (hosts != null) {
            hosts.close();
        }
    }

    @AfterEach
    void removeGuests() {
        hosts.removeAllGuests();
    }

    static LibvirtPoolActuator actuator(LiveMigrationSettings settings) {
        return new LibvirtPoolActuator(hosts.hosts().stream().map(h -> new LibvirtPoolActuator.MigrationHost(h.name(),
                h.uri(), h.migrationUri())).toList(), settings, Timebase.system());
    }

    /** Polls the handle every 50 ms until it finishes, as the pool runner would (more often); the progress seen. */
    static List<Double> await(PoolActuator.Handle handle, Duration limit) throws InterruptedException {
        List<Double> seen = new ArrayList<>();
        long deadline = System.nanoTime() + limit.toNanos();
        while (!handle.state().finished()) {
            assertThat(System.nanoTime()).as("migration still running after %s: %s", limit, handle.detail())
                    .isLessThan(deadline);
            seen.add(handle.progress());
            Thread.sleep(50);
        }
        return seen;
    }

    @Test
    void migrate_throttled_progressReadWhileRunningThenDone() throws Exception {
        GuestFixture.Guest guest = hosts.guests(0, 32).start(GuestFixture.Load.DIRTY);
        LiveMigrationSettings settings = LiveMigrationSettings.DEFAULT.withBandwidth(1).withMaxDowntime(
                Duration.ofMillis(123)).withPollInterval(Duration.ofMillis(100)).withTimeout(Duration.ofSeconds(60));
        long t0 = System.nanoTime();
        PoolActuator.Handle handle = actuator(settings).migrate(guest.name(), "host1", "host2");
        assertThat((System.nanoTime() - t0) / 1e6).as("migrate() returns at once (ms)").isLessThan(100);
        Duration downtimeDuringJob = null;
        try (LibvirtDriver source = LibvirtDriver.open(hosts.host(0).uri(), System::nanoTime)) {
            while (!handle.state().finished() && downtimeDuringJob == null) {
                if (handle.progress() > 0) {
                    downtimeDuringJob = source.domains().maxDowntime(guest.uuid());
                }
                Thread.sleep(20);
            }
        }
        List<Double> seen = await(handle, Duration.ofSeconds(90));
        LiveMigration m = (LiveMigration) handle;
        System.out.printf(Locale.ROOT, "LibvirtPoolActuatorTest: throttled (1 MiB/s) migration of a memory-dirtying"
                + " guest: %s; progress seen %s%n", handle.detail(), seen.stream().distinct().toList());
        assertThat(handle.state()).as(handle.detail()).isEqualTo(PoolActuator.State.DONE);
        assertThat(handle.progress()).isEqualTo(1.0);
        assertThat(downtimeDuringJob).as("max downtime read from the source while the job ran").isEqualTo(
                Duration.ofMillis(123));
        assertThat(seen).as("progress while running").anyMatch(p -> p > 0 && p < 1);
        assertThat(seen).as("progress never goes back").isSortedAccordingTo(Double::compare);
        assertThat(m.elapsed()).isPresent();
        assertThat(m.ended()).hasValueSatisfying(end -> assertThat(end).isAfter(m.started()));
        assertThat(LibvirtHosts.virsh(hosts.host(1).uri(), "list", "--name")).contains(guest.name());
        assertThat(LibvirtHosts.virsh(hosts.host(0).uri(), "list", "--all", "--name")).doesNotContain(guest.name());
        assertThat(LibvirtHosts.virsh(hosts.host(1).uri(), "domuuid", guest.name()).trim()).isEqualTo(guest.uuid());
    }

    @Test
    void migrate_timeoutAtLowBandwidth_abortedWithWhy_guestKeepsRunningOnSource() throws Exception {
        GuestFixture.Guest guest = hosts.guests(0, 64).start(GuestFixture.Load.DIRTY);
        LiveMigrationSettings settings = LiveMigrationSettings.DEFAULT.withBandwidth(1)
                .withPollInterval(Duration.ofMillis(100)).withTimeout(Duration.ofSeconds(1));
        PoolActuator.Handle handle = actuator(settings).migrate(guest.name(), "host1", "host2");
        List<Double> seen = await(handle, Duration.ofSeconds(30));
        System.out.printf(Locale.ROOT, "LibvirtPoolActuatorTest: timed out after %s: %s; progress seen %s%n",
                ((LiveMigration) handle).elapsed().orElseThrow(), handle.detail(), seen.stream().distinct().toList());
        assertThat(handle.state()).isEqualTo(PoolActuator.State.FAILED);
        assertThat(handle.detail()).contains("aborted after the timeout of PT1S")
                .contains("it keeps running on host1");
        assertThat(LibvirtHosts.virsh(hosts.host(0).uri(), "domstate", guest.name()).trim()).isEqualTo("running");
        assertThat(LibvirtHosts.virsh(hosts.host(1).uri(), "list", "--all", "--name")).doesNotContain(guest.name());
    }

    @Test
    void migrate_destinationDown_failsWithWhy_guestKeepsRunningOnSource() throws Exception {
        GuestFixture.Guest guest = hosts.guests(0, 32).start(GuestFixture.Load.SPIN);
        LiveMigrationSettings settings = LiveMigrationSettings.DEFAULT;
        hosts.stop(1);
        try {
            PoolActuator.Handle handle = actuator(settings).migrate(guest.name(), "host1", "host2");
            await(handle, Duration.ofSeconds(30));
            System.out.printf("LibvirtPoolActuatorTest: destination down: %s%n", handle.detail());
            assertThat(handle.state()).isEqualTo(PoolActuator.State.FAILED);
            assertThat(handle.detail()).contains("could not move from host1 to host2")
                    .contains("it keeps running on host1");
            assertThat(LibvirtHosts.virsh(hosts.host(0).uri(), "domstate", guest.name()).trim()).isEqualTo("running");
        } finally {
            hosts.restart(1);
        }
    }

    @Test
    void migrate_unknownHostOrServer_failedHandleSayingWhy() throws Exception {
        LibvirtPoolActuator actuator = actuator(LiveMigrationSettings.DEFAULT);
        PoolActuator.Handle unknownHost = actuator.migrate("g", "host1", "host9");
        assertThat(unknownHost.state()).isEqualTo(PoolActuator.State.FAILED);
        assertThat(unknownHost.detail()).contains("host host9 is not in this pool (hosts: host1, host2)");
        PoolActuator.Handle unknownServer = actuator.migrate("nosuchguest", "host1", "host2");
        await(unknownServer, Duration.ofSeconds(10));
        assertThat(unknownServer.state()).isEqualTo(PoolActuator.State.FAILED);
        assertThat(unknownServer.detail()).isEqualTo("server nosuchguest is not running on host1");
    }
}
