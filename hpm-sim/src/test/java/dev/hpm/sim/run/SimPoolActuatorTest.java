package dev.hpm.sim.run;

import dev.hpm.core.dwm.PowerState;
import dev.hpm.core.pool.PoolActuator;
import dev.hpm.core.pool.PoolInventory;
import dev.hpm.sim.host.SimDomain;
import dev.hpm.sim.host.SimHost;
import dev.hpm.sim.scenario.Scenario;
import dev.hpm.sim.scenario.ScenarioLoader;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The simulated pool's migrations, power states, energy and events, against hand-worked numbers. */
class SimPoolActuatorTest {
    private static final long SECOND = 1_000_000_000L;

    private static Scenario scenario(String extra) {
        return ScenarioLoader.load("""
                duration: 2h
                interval: 10s
                tick: 1s
                hosts:
                  - {name-prefix: h, count: 2, cpus: 4}
                servers:
                  - {name: s1, host: h1, vcpus: 2, memory: 1600MiB, demand: {model: constant, cpus: 2}}
                dwm: {power-save: {enabled: false}}
                power:
                  boot: 2m
                  shutdown: 1m
                  models: [{hosts: ["h*"], model: {idle: 100, max: 200}}]
                live-migration: {bandwidth: 100, dirty-rate: 0}
                """ + extra, "actuator.yaml");
    }

    private final long[] now = {0};

    private void run(SimPoolActuator a, int seconds) {
        for (int i = 0; i < seconds; i++) {
            a.fireDue(now[0]);
            a.tick(now[0], SECOND);
            now[0] += SECOND;
        }
    }

    @Test
    void migrate_lastsMemoryOverBandwidthCostsCpuOnBothHostsAndRestartsCounters() {
        Scenario s = scenario("");
        ScenarioPool pool = ScenarioPool.builder(s).build();
        SimPoolActuator a = new SimPoolActuator(pool, s.pool());
        run(a, 5);
        SimDomain d = pool.domain("s1");
        PoolActuator.Handle h = a.migrate("s1", "h1", "h2");
        run(a, 15);
        assertEquals(PoolActuator.State.RUNNING, h.state());
        assertEquals(15 / 16.0, h.progress(), 1e-9, "1600 MB at 100 MB/s: 16 s");
        SimHost h1 = pool.host("h1");
        SimHost h2 = pool.host("h2");
        assertEquals(2 * 0.9 + 0.2, h1.lastUsedCpus(), 1e-9, "the server loses 10 %; the source spends 10 % of its demand");
        assertEquals(0.2, h2.lastUsedCpus(), 1e-9, "the destination spends 10 % of its demand");
        assertEquals(0.2, d.lastDemand() - d.lastAllocation(), 1e-9);
        run(a, 1);
        assertEquals(PoolActuator.State.DONE, h.state());
        assertEquals("h2", a.hostOf("s1"));
        assertTrue(h2.domains().contains(d));
        assertEquals(2.0, d.lastAllocation(), 1e-9, "no degradation once moved");
        assertEquals(1, a.migrations());
    }

    @Test
    void migrate_failsHalfWayAfterAMigrationFailsEvent() {
        Scenario s = scenario("events: [{at: 0s, migration-fails: s1}]");
        ScenarioPool pool = ScenarioPool.builder(s).build();
        SimPoolActuator a = new SimPoolActuator(pool, s.pool());
        run(a, 1);
        PoolActuator.Handle h = a.migrate("s1", "h1", "h2");
        run(a, 8);
        assertEquals(PoolActuator.State.FAILED, h.state());
        assertEquals("h1", a.hostOf("s1"));
        assertEquals(PoolActuator.State.RUNNING, a.migrate("s1", "h1", "h2").state(), "the next one is not made to fail");
    }

    @Test
    void power_offBootingOnWithDelaysAndEnergyFromThePowerModel() {
        Scenario s = scenario("");
        ScenarioPool pool = ScenarioPool.builder(s).build();
        SimPoolActuator a = new SimPoolActuator(pool, s.pool());
        assertEquals(PoolActuator.State.FAILED, a.powerOff("h1").state(), "h1 still runs s1");
        PoolActuator.Handle off = a.powerOff("h2");
        assertFalse(pool.host("h2").reachable());
        run(a, 60);
        assertEquals(PoolActuator.State.DONE, off.state());
        assertEquals(PowerState.OFF, a.power().state("h2"));
        // 60 s: h1 at 2 of 4 CPUs (150 W), h2 shutting down at idle (100 W)
        assertEquals((150 + 100) * 60 / 3.6e6, a.power().kwh(), 1e-9);
        run(a, 60);
        assertEquals((150 * 120 + 100 * 60) / 3.6e6, a.power().kwh(), 1e-9, "an off host draws nothing");
        PoolActuator.Handle on = a.powerOn("h2");
        assertEquals(PowerState.BOOTING, a.power().state("h2"));
        run(a, 119);
        assertEquals(PoolActuator.State.RUNNING, on.state());
        run(a, 1);
        assertEquals(PoolActuator.State.DONE, on.state());
        assertTrue(pool.host("h2").reachable());
    }

    @Test
    void powerOn_failsAfterItsBootTimeAfterAPowerOnFailsEvent() {
        Scenario off = ScenarioLoader.load("""
                duration: 1h
                hosts:
                  - {name-prefix: h, count: 2, cpus: 4}
                servers:
                  - {name: s1, host: h1, demand: {model: constant, cpus: 1}}
                dwm: {}
                power: {boot: 1m, off: [h2]}
                events: [{at: 0s, power-on-fails: h2}]
                """, "off.yaml");
        ScenarioPool pool = ScenarioPool.builder(off).build();
        SimPoolActuator a = new SimPoolActuator(pool, off.pool());
        assertFalse(pool.host("h2").reachable(), "an off host does not answer");
        run(a, 1);
        PoolActuator.Handle on = a.powerOn("h2");
        run(a, 60);
        assertEquals(PoolActuator.State.FAILED, on.state());
        assertEquals(PowerState.OFF, a.power().state("h2"));
    }

    @Test
    void fireDue_maintenanceEventSetsAndClearsTheFlag() {
        Scenario s = scenario("events: [{at: 10s, maintenance: h2, for: 20s}]");
        SimPoolActuator a = new SimPoolActuator(ScenarioPool.builder(s).build(), s.pool());
        run(a, 11);
        assertTrue(a.hosts().stream().filter(f -> f.id().equals("h2")).allMatch(PoolInventory.HostFacts::maintenance));
        run(a, 20);
        assertTrue(a.hosts().stream().noneMatch(PoolInventory.HostFacts::maintenance));
        assertEquals(1600, a.serverMemoryMb("s1"));
    }
}
