package dev.hpm.sim.run;

import dev.hpm.core.cpu.ShareChange;
import dev.hpm.core.cpu.ShareLedger;
import dev.hpm.core.dwm.DwmMode;
import dev.hpm.core.dwm.Efficacy;
import dev.hpm.core.dwm.Plan;
import dev.hpm.core.dwm.PoolAction;
import dev.hpm.core.dwm.PoolPlanner;
import dev.hpm.core.dwm.Reason;
import dev.hpm.core.loop.ControlSettings;
import dev.hpm.core.loop.HostController;
import dev.hpm.core.loop.IntervalReport;
import dev.hpm.core.measure.MeasurementSettings;
import dev.hpm.core.measure.SampleStatus;
import dev.hpm.core.pool.DwmStep;
import dev.hpm.core.pool.HostExecutor;
import dev.hpm.core.pool.PoolRunner;
import dev.hpm.sim.SimClock;
import dev.hpm.sim.SimScheduler;
import dev.hpm.sim.host.SimDriver;
import dev.hpm.sim.scenario.Scenario;
import dev.hpm.sim.scenario.ScenarioLoader;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A migration made by DwmStep through the simulated pool, with the production HostControllers: the
 * server's share history starts afresh on its new host, which adopts the settings it had before
 * HPM, and its first interval there is a baseline, not a false velocity.
 */
class DwmStepMigrationTest {
    @Test
    void afterHosts_movedServerStartsItsShareHistoryAfreshOnItsNewHost() {
        Scenario s = ScenarioLoader.load("""
                duration: 10m
                interval: 10s
                tick: 1s
                hosts:
                  - {name-prefix: h, count: 2, cpus: 4}
                servers:
                  - {name: s1, host: h1, vcpus: 2, memory: 500MiB, demand: {model: constant, cpus: 1.5}}
                dwm: {power-save: {enabled: false}}
                live-migration: {bandwidth: 100}
                """, "hook.yaml");
        SimClock clock = new SimClock();
        ScenarioPool pool = ScenarioPool.builder(s).build();
        SimPoolActuator actuator = new SimPoolActuator(pool, s.pool());
        Map<String, Scenario.ServerSpec> specs = new LinkedHashMap<>();
        s.servers().forEach(v -> specs.put(v.uuid(), v));
        ControlSettings settings = new ControlSettings(s.interval(), 6, 30, MeasurementSettings.DEFAULT, s.cpu());
        List<HostController> hosts = pool.hosts().stream().map(h -> new HostController(h.name(), new SimDriver(h, clock),
                clock, settings, ScenarioRunner.inputs(s.definition(), specs), PolicyKind.HPM.cpuPolicy(s))).toList();
        String uuid = s.servers().getFirst().uuid();
        hosts.getFirst().ledger().applied(new ShareChange(uuid, "s1", null, ShareChange.Role.RECEIVER, 1024, 2048,
                Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY), 1);
        PoolAction.Migrate move = new PoolAction.Migrate("migrate-1", "s1", "h1", "h2", List.of(),
                new Reason(Reason.Kind.LOADED_HOST, "test"), new PoolAction.Effect(0, 0, 0, 0, 0, 0, 5));
        List<Plan> plans = new ArrayList<>();
        PoolPlanner planner = view -> {
            Plan p = new Plan(view.at(), DwmMode.AUTOMATIC, plans.isEmpty() ? List.of(move) : List.of(),
                    new Efficacy(0, 0, 0, 0, 0, 0, 0, 0), List.of("done"));
            plans.add(p);
            return p;
        };
        DwmStep dwm = new DwmStep(planner, s.pool().policy(), actuator, actuator, hosts, () -> 0L);
        List<IntervalReport> onH2 = new ArrayList<>();
        SimScheduler scheduler = new SimScheduler(clock, s.tick(), actuator);
        PoolRunner runner = new PoolRunner(hosts, s.interval(), clock, scheduler, HostExecutor.sequential(),
                ((dev.hpm.core.pool.PoolStep) iv -> onH2.add(iv.reports().get(1))).andThen(dwm));
        runner.start(4);
        scheduler.runFor(s.tick().multipliedBy(40));
        assertEquals("h2", actuator.hostOf("s1"));
        assertEquals(Optional.of(new ShareLedger.Original(1024, Double.POSITIVE_INFINITY)),
                hosts.get(1).ledger().original(uuid), "the new host restores what the server had before HPM");
        assertFalse(hosts.get(1).ledger().raisedWithin(uuid, 4, 100), "no share history carried over");
        assertTrue(hosts.getFirst().ledger().original(uuid).isEmpty());
        var first = onH2.get(1).measurement().servers();
        assertEquals(1, first.size());
        assertEquals(SampleStatus.FIRST, first.getFirst().status(), "a baseline on the new host, no velocity");
        assertTrue(onH2.get(2).measurement().servers().getFirst().hasVelocity());
    }
}
