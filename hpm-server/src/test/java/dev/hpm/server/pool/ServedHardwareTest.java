package dev.hpm.server.pool;

import dev.hpm.core.cpu.CpuManager;
import dev.hpm.core.cpu.CpuManagerSettings;
import dev.hpm.core.loop.ControlInputs;
import dev.hpm.core.loop.ControlSettings;
import dev.hpm.core.loop.HostController;
import dev.hpm.core.loop.IntervalReport;
import dev.hpm.core.model.ManagementLevel;
import dev.hpm.core.model.ManagementLevels;
import dev.hpm.core.model.ServiceDefinition;
import dev.hpm.core.model.VelocityMapping;
import dev.hpm.core.model.VirtualServerInfo;
import dev.hpm.sim.host.CfsScheduler;
import dev.hpm.sim.demand.DemandModel;
import dev.hpm.sim.host.SimDomain;
import dev.hpm.sim.host.SimDriver;
import dev.hpm.sim.host.SimHost;
import dev.hpm.core.dwm.PowerState;
import dev.hpm.core.pool.PoolActuator;
import dev.hpm.core.pool.PoolInventory.HostFacts;
import dev.hpm.server.runtime.ManagedHost;
import dev.hpm.server.security.SecretBox;
import dev.hpm.sim.SimClock;
import dev.hpm.store.PoolRepository.Driver;
import dev.hpm.store.PoolRepository.Power;
import dev.hpm.store.PoolRepository.PowerSettings;
import dev.hpm.store.Store;
import dev.hpm.store.StoreSettings;
import dev.hpm.store.Stores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The seam of real pools: {@link ServedHardware} composes the {@link PoolDrivers}' migration part and
 * each host's power part from its stored settings, unseals the BMC password only when the driver asks,
 * makes the power part again when the settings change, and reports power state and maintenance.
 */
class ServedHardwareTest {
    static final String A = "qemu+tcp://a.example/system";
    static final String B = "qemu+tcp://b.example/system";

    /** A power driver that records what it was asked and says the state it is told. */
    static final class FakePower implements HostPower {
        final PowerSettings settings;
        final Supplier<String> password;
        final List<String> calls = new ArrayList<>();
        PowerState state;

        FakePower(PowerSettings settings, Supplier<String> password) {
            this.settings = settings;
            this.password = password;
        }

        @Override
        public String driver() {
            return settings.driver().label();
        }

        @Override
        public PoolActuator.Handle powerOn() {
            calls.add("on with " + password.get());
            return PoolActuator.Handle.done();
        }

        @Override
        public PoolActuator.Handle powerOff() {
            calls.add("off");
            return PoolActuator.Handle.done();
        }

        @Override
        public PowerState state() {
            return state;
        }
    }

    @Test
    void actuator_composesMigrationAndPerHostPower_fromTheStoredSettings(@TempDir Path dir) {
        SimClock clock = new SimClock();
        try (Store store = Stores.open(StoreSettings.embedded(dir), clock)) {
            store.inventory().registerHost(A, "a", A);
            store.inventory().registerHost(B, "b", B);
            SecretBox box = SecretBox.in(dir);
            store.pools().setPowerSettings(new PowerSettings(A, Driver.IPMI, "10.0.0.1", 623, "admin",
                    box.seal("bmc-secret"), null, Duration.ofMinutes(3), 80, 240));
            List<String> migrations = new ArrayList<>();
            List<FakePower> made = new ArrayList<>();
            PoolDrivers drivers = new PoolDrivers() {
                @Override
                public Migrator migrator(List<ManagedHost> hosts, Supplier<PoolPolicy.Migration> settings) {
                    return (server, from, to) -> {
                        migrations.add(server + " " + from + " -> " + to + " downtime " + settings.get().maxDowntimeMs());
                        return PoolActuator.Handle.done();
                    };
                }

                @Override
                public HostPower power(ManagedHost host, PowerSettings settings, Supplier<String> password) {
                    FakePower p = new FakePower(settings, password);
                    made.add(p);
                    return p;
                }
            };
            List<ManagedHost> hosts = List.of(new ManagedHost(A, "a", A, null, null), new ManagedHost(B, "b", B, null, null));
            ServedHardware hw = new ServedHardware(hosts, Map::of, store.pools(), clock, drivers, box,
                    () -> PoolPolicy.Migration.DEFAULT);

            assertThat(hw.actuator().migrate("web-1", A, B).state()).isEqualTo(PoolActuator.State.DONE);
            assertThat(migrations).containsExactly("web-1 " + A + " -> " + B + " downtime 300");
            assertThat(hw.driver(A)).isEqualTo("ipmi");
            assertThat(made).hasSize(1).allSatisfy(p -> assertThat(p.calls).isEmpty());
            hw.actuator().powerOn(A);
            assertThat(made.getFirst().calls).containsExactly("on with bmc-secret");

            made.getFirst().state = PowerState.OFF;
            store.pools().setPower(B, Power.POWERING_ON, "", clock.now());
            hw.maintenance(Set.of(B));
            List<HostFacts> facts = hw.hosts();
            assertThat(facts).extracting(HostFacts::id).containsExactly(A, B);
            assertThat(facts.get(0).power()).as("the driver's state").isEqualTo(PowerState.OFF);
            assertThat(facts.get(1).power()).as("no driver state: the stored one").isEqualTo(PowerState.BOOTING);
            assertThat(facts.get(1).maintenance()).isTrue();
            assertThat(facts.get(0).powerModel().idleWatts()).isEqualTo(80);
            assertThat(hw.driver(B)).isEqualTo("none");

            store.pools().setPowerSettings(store.pools().powerSettings(A).withPasswordSecret(null));
            assertThat(hw.driver(A)).isEqualTo("ipmi");
            assertThat(made).as("the same settings (the password kept): the same driver").hasSize(2);
            store.pools().setPowerSettings(new PowerSettings(A, Driver.WOL, null, 9, null, null, "52:54:00:12:34:56",
                    Duration.ofMinutes(3), 80, 240));
            assertThat(hw.driver(A)).as("new settings, a new driver").isEqualTo("wol");
            assertThat(made).hasSize(3);
        }
    }

    @Test
    void hosts_memoryOfHostsAndServers_fromNodeInfoAndFullStatistics(@TempDir Path dir) {
        SimClock clock = new SimClock();
        SimHost host = new SimHost("h1", 2, 8L << 20, CfsScheduler.exact());
        host.add(new SimDomain("u-web", "web-1", 1, 512 << 10, new DemandModel.Constant(0.5), 1024));
        ServiceDefinition definition = new ServiceDefinition(VelocityMapping.DEFAULT, List.of());
        ControlInputs inputs = ControlInputs.of(() -> definition, () -> ManagementLevels.all(ManagementLevel.MONITOR),
                (h, uuid, name) -> new VirtualServerInfo(uuid, name, h, Set.of(), "linux"));
        SimDriver driver = new SimDriver(host, clock);
        HostController controller = new HostController(driver.uri(), driver, clock, ControlSettings.DEFAULT, inputs,
                new CpuManager(CpuManagerSettings.DEFAULT));
        controller.start();
        for (int t = 0; t < 10; t++) {
            host.tick(clock.nanos(), 1_000_000_000L);
            clock.advance(1_000_000_000L);
        }
        IntervalReport report = controller.runInterval();
        try (Store store = Stores.open(StoreSettings.embedded(dir), clock)) {
            store.inventory().registerHost(driver.uri(), "h1", driver.uri());
            ServedHardware hw = new ServedHardware(List.of(new ManagedHost(driver.uri(), "h1", driver.uri(), driver,
                    controller)), () -> Map.of(driver.uri(), report), store.pools(), clock, PoolDrivers.NONE,
                    SecretBox.in(dir), () -> PoolPolicy.Migration.DEFAULT);
            assertThat(hw.serverMemoryMb("web-1")).as("unknown before a report was read").isZero();
            assertThat(hw.hosts().getFirst().memoryMb()).as("the host's 8 GiB").isEqualTo(8192);
            assertThat(hw.serverMemoryMb("web-1")).as("the guest's 512 MiB, what a migration copies").isEqualTo(512);
        }
    }
}
