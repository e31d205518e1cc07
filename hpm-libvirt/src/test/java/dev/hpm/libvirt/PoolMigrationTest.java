package dev.hpm.libvirt;

import dev.hpm.core.dwm.DwmMode;
import dev.hpm.core.dwm.DwmPolicy;
import dev.hpm.core.dwm.Efficacy;
import dev.hpm.core.dwm.Plan;
import dev.hpm.core.dwm.PoolAction;
import dev.hpm.core.dwm.PoolPlanner;
import dev.hpm.core.dwm.PowerModel;
import dev.hpm.core.dwm.PowerState;
import dev.hpm.core.dwm.Reason;
import dev.hpm.core.loop.HostController;
import dev.hpm.core.loop.IntervalReport;
import dev.hpm.core.measure.VsMeasurement;
import dev.hpm.core.model.ManagementLevel;
import dev.hpm.core.model.ManagementLevels;
import dev.hpm.core.pool.DwmRecords;
import dev.hpm.core.pool.DwmStep;
import dev.hpm.core.pool.HostExecutor;
import dev.hpm.core.pool.PoolActuator;
import dev.hpm.core.pool.PoolInventory;
import dev.hpm.core.pool.PoolRunner;
import dev.hpm.core.pool.Scheduler;
import dev.hpm.libvirt.fixture.GuestFixture;
import dev.hpm.libvirt.fixture.LibvirtHosts;
import dev.hpm.libvirt.pool.LibvirtPoolActuator;
import dev.hpm.libvirt.pool.LiveMigration;
import dev.hpm.libvirt.pool.LiveMigrationSettings;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 10, point 1: a spinning guest moves between two libvirt daemons of this machine, driven by
 * HPM: both hosts' {@link HostController}s in one {@link PoolRunner}, HPM's CPU manager raising the
 * guest's shares on its first host, and {@link DwmStep} executing a plan whose migration goes
 * through {@link LibvirtPoolActuator}. Checked as an operator would: {@code virsh list} on both
 * hosts before and after, the same UUID on the new host, HPM's velocity for the guest with at most
 * one interval without a value, the shares HPM set shown by {@code virsh schedinfo} on the
 * destination.
 */
@Tag("libvirt")
class PoolMigrationTest {
    static final Duration INTERVAL = Duration.ofSeconds(5);
    static final Scheduler OWN_PACE = (task, delay, period) -> {
        throw new UnsupportedOperationException("this test runs the intervals itself");
    };

    @Test
    void dwmPlan_spinningGuestMovesLiveToOtherDaemon_velocityContinuesAndSharesFollow() throws Exception {
        long t0 = System.nanoTime();
        try (LibvirtHosts hosts = LibvirtHosts.start(2)) {
            LibvirtHosts.Host a = hosts.host(0);
            LibvirtHosts.Host b = hosts.host(1);
            List<GuestFixture.Guest> guests = hosts.guests(0, 32).start(GuestFixture.Load.SPIN, 3);
            GuestFixture.Guest gold = guests.getFirst();
            assertThat(LibvirtHosts.virsh(a.uri(), "list", "--name")).contains(gold.name());
            assertThat(LibvirtHosts.virsh(b.uri(), "list", "--all", "--name")).doesNotContain(gold.name());

            List<HostConnection<LibvirtDriver>> connections = new ArrayList<>();
            List<HostController> controllers = new ArrayList<>();
            ManagementLevels manage = ManagementLevels.all(ManagementLevel.MANAGE);
            for (LibvirtHosts.Host h : hosts.hosts()) {
                HostConnection<LibvirtDriver> c = HostConnection.libvirt(h.name(), ConnectOptions.of(h.uri()),
                        RealLoop.SYSTEM, HostConnection.Settings.defaults());
                connections.add(c);
                controllers.add(RealLoop.controller(h.name(), c,
                        ManagedGuestsTest.goldAndBatch(gold, guests.get(1), guests.get(2)), () -> manage, INTERVAL));
            }
            int cpus = connections.getFirst().nodeInfo().cpus();
            PoolInventory inventory = new PoolInventory() {
                @Override
                public List<HostFacts> hosts() {
                    return hosts.hosts().stream().map(h -> new HostFacts(h.name(), cpus, cpus, 1024, PowerState.ON,
                            false, PowerModel.linear(100, 200))).toList();
                }

                @Override
                public long serverMemoryMb(String server) {
                    return 32;
                }
            };
            AtomicBoolean move = new AtomicBoolean();
            PoolPlanner planner = view -> {
                boolean now = move.getAndSet(false);
                List<PoolAction> actions = now ? List.of(new PoolAction.Migrate("migrate-1", gold.name(), a.name(),
                        b.name(), List.of(), new Reason(Reason.Kind.LOADED_HOST, "test: move gold to " + b.name()),
                        new PoolAction.Effect(0, 0, 0, 0, 0, 0, 2))) : List.of();
                return new Plan(view.at(), DwmMode.AUTOMATIC, actions, new Efficacy(0, 0, 0, 0, 0, 0, 0, 0),
                        now ? List.of() : List.of("waiting for the test"));
            };
            LibvirtPoolActuator libvirt = new LibvirtPoolActuator(hosts.hosts().stream().map(h ->
                    new LibvirtPoolActuator.MigrationHost(h.name(), h.uri(), h.migrationUri())).toList(),
                    LiveMigrationSettings.DEFAULT, RealLoop.SYSTEM);
            AtomicReference<PoolActuator.Handle> started = new AtomicReference<>();
            AtomicReference<String> sharesAtStart = new AtomicReference<>();
            PoolActuator actuator = (server, from, to) -> {
                sharesAtStart.set(shares(a.uri(), server));
                PoolActuator.Handle h = libvirt.migrate(server, from, to);
                started.set(h);
                return h;
            };
            DwmStep dwm = new DwmStep(planner, DwmPolicy.DEFAULT, inventory, actuator, controllers, System::nanoTime);
            PoolRunner runner = new PoolRunner(controllers, INTERVAL, RealLoop.SYSTEM, OWN_PACE,
                    HostExecutor.sequential(), dwm);
            try {
                controllers.forEach(HostController::start);
                long next = System.nanoTime() + INTERVAL.toNanos();
                List<Optional<VsMeasurement>> goldSeen = new ArrayList<>();
                List<String> hostOfGold = new ArrayList<>();
                String destinationShares = null;
                String sourceListAfter = null;
                String destinationListAfter = null;
                int doneAt = -1;
                for (int i = 1; i <= 16 && (doneAt < 0 || i <= doneAt + 3); i++) {
                    while (System.nanoTime() < next) {
                        PoolActuator.Handle h = started.get();
                        if (destinationShares == null && h != null && h.state().finished()) {
                            // what an operator sees the moment the move is over, before HPM runs on the new host
                            destinationShares = shares(b.uri(), gold.name());
                            sourceListAfter = LibvirtHosts.virsh(a.uri(), "list", "--all", "--name");
                            destinationListAfter = LibvirtHosts.virsh(b.uri(), "list", "--name");
                        }
                        Thread.sleep(50);
                    }
                    next += INTERVAL.toNanos();
                    List<IntervalReport> reports = runner.runInterval();
                    Optional<VsMeasurement> m = Optional.empty();
                    String on = "-";
                    for (IntervalReport r : reports) {
                        for (VsMeasurement s : r.measurement() == null ? List.<VsMeasurement>of() : r.measurement().servers()) {
                            if (s.uuid().equals(gold.uuid()) && s.hasVelocity()) {
                                m = Optional.of(s);
                                on = r.host();
                            }
                        }
                    }
                    hostOfGold.add(on);
                    goldSeen.add(m);
                    String sharesOnA = started.get() == null ? shares(a.uri(), gold.name()) : null;
                    System.out.printf(Locale.ROOT, "PoolMigrationTest interval %d: gold %s%s; %s%n", i,
                            m.map(v -> String.format(Locale.ROOT, "velocity %.1f PI %.2f on %s", v.velocity(), v.pi(),
                                    hostOfGold.getLast())).orElse("no velocity"),
                            sharesOnA == null ? "" : ", cpu_shares on " + a.name() + " " + sharesOnA,
                            dwm.intervals().getLast().why());
                    if (started.get() == null && sharesOnA != null && !sharesOnA.equals("1024") && doneAt < 0) {
                        move.set(true);
                    }
                    if (doneAt < 0 && destinationShares != null) {
                        doneAt = i;
                    }
                }
                PoolActuator.Handle handle = started.get();
                assertThat(handle).as("HPM raised gold's shares on host1 and the plan started a migration").isNotNull();
                LiveMigration migration = (LiveMigration) handle;
                System.out.printf(Locale.ROOT, "PoolMigrationTest: %s; shares at the start on %s %s, on %s after %s;"
                                + " %s list after: [%s], %s list after: [%s]; test %.0f s%n", handle.detail(), a.name(),
                        sharesAtStart.get(), b.name(), destinationShares, a.name(), sourceListAfter.strip(), b.name(),
                        destinationListAfter.strip(), (System.nanoTime() - t0) / 1e9);
                assertThat(handle.state()).as(handle.detail()).isEqualTo(PoolActuator.State.DONE);
                assertThat(dwm.plans()).singleElement().satisfies(p -> {
                    assertThat(p.status()).isEqualTo(DwmRecords.Status.EXECUTED);
                    assertThat(p.outcomes()).singleElement().satisfies(o ->
                            assertThat(o.state()).isEqualTo(PoolActuator.State.DONE));
                });
                assertThat(sourceListAfter).doesNotContain(gold.name()).contains(guests.get(1).name());
                assertThat(destinationListAfter).contains(gold.name());
                assertThat(LibvirtHosts.virsh(b.uri(), "domuuid", gold.name()).strip()).isEqualTo(gold.uuid());
                assertThat(sharesAtStart.get()).as("shares HPM set on host1").isNotEqualTo("1024");
                assertThat(destinationShares).as("cpu_shares on host2 right after the move").isEqualTo(sharesAtStart.get());
                int first = 0;
                while (goldSeen.get(first).isEmpty()) {
                    first++;
                }
                long gaps = goldSeen.subList(first, goldSeen.size()).stream().filter(Optional::isEmpty).count();
                assertThat(gaps).as("intervals without a velocity for gold after its first: %s", hostOfGold)
                        .isLessThanOrEqualTo(1);
                assertThat(hostOfGold.getLast()).isEqualTo(b.name());
                VsMeasurement last = goldSeen.getLast().orElseThrow();
                assertThat(last.velocity()).isBetween(1.0, 100.0);
                assertThat(last.serviceClass().key().group()).isEqualTo("Gold");
                assertThat(migration.uuid()).isEqualTo(gold.uuid());
            } finally {
                connections.forEach(HostConnection::close);
            }
        }
    }

    /** {@code cpu_shares} as {@code virsh schedinfo} on {@code uri} shows it. */
    static String shares(String uri, String domain) {
        try {
            return Long.toString(RealLoop.virshShares(uri, domain));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
