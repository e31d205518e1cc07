package dev.hpm.sim.pool;

import dev.hpm.core.dwm.DwmMode;
import dev.hpm.core.dwm.Plan;
import dev.hpm.core.dwm.PoolAction;
import dev.hpm.core.dwm.PoolPlanner;
import dev.hpm.core.dwm.PowerModel;
import dev.hpm.core.dwm.Reason;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.LongToDoubleFunction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Each of CloudSim's measures on a hand-worked pool: hosts A and B (2 CPU units, 100 W idle to
 * 200 W at full), v1 (1.0) and v2 (0.5, 625 MB) on A, v3 (0.5) on B. Decisions at 100 s and
 * 200 s; at 100 s v2 migrates A → B, 625 MB at 62.5 MB/s = 10 s.
 *
 * <pre>
 * 100–110 s  A: v1 1.0 + v2 0.45 (counted 0.5) = 1.5 of 1.5 requested; u 0.75, 175 W: 1750 J
 *            B: v3 0.5 + v2 moving in 0.05 = 0.55 of 1.0 requested (violation); u 0.275, 127.5 W: 1275 J
 * 110–200 s  A: 1.0, u 0.5, 150 W: 13500 J;  B: 1.0, u 0.5, 150 W: 13500 J
 * energy 30025 J = 0.00834028 kWh; active host time 200 s, violation 10 s: SLATAH 0.05
 * v2 short 0.05 for 10 s while migrating = 0.5; requested 1.0·100 + 0.5·100 + 0.5·100 = 200: PDM 0.0025
 * </pre>
 */
class PoolMetricsTest {
    static SimPool handWorked() {
        PowerModel linear = PowerModel.linear(100, 200);
        List<SimPool.HostSpec> hosts = List.of(new SimPool.HostSpec("A", 2, 2, 4096, linear, true),
                new SimPool.HostSpec("B", 2, 2, 4096, linear, true));
        List<SimPool.ServerSpec> servers = List.of(server("v1", 1.0, 870), server("v2", 0.5, 625), server("v3", 0.5, 870));
        SimPool pool = new SimPool(hosts, servers, PoolRules.cloudSim());
        pool.place(0, 0);
        pool.place(1, 0);
        pool.place(2, 1);
        return pool;
    }

    static SimPool.ServerSpec server(String id, double cpu, long mb) {
        LongToDoubleFunction constant = t -> cpu;
        return new SimPool.ServerSpec(id, 1.0, 1, mb, constant, null, 1024);
    }

    /** Moves v2 to B at the first decision, then nothing. */
    static PoolPlanner moveOnce() {
        return new PoolPlanner() {
            boolean done;

            @Override
            public Plan plan(dev.hpm.core.dwm.PoolView view) {
                List<PoolAction> actions = done ? List.of() : List.of(new PoolAction.Migrate("m1", "v2", "A", "B", List.of(),
                        new Reason(Reason.Kind.CONSOLIDATE, "test"), null));
                done = true;
                return new Plan(view.at(), DwmMode.AUTOMATIC, actions, null, List.of());
            }
        };
    }

    static PoolRun.Outcome run(SimPool pool) {
        long[] ticks = {0};
        return new PoolRun(pool, moveOnce(), PoolEvents.NONE, () -> ticks[0] += 2_000_000)
                .run(100_000_000_000L, 100_000_000_000L, 200_000_000_000L);
    }

    @Test
    void energy_handWorkedPool_isTheTrapezoidPerHostInterval() {
        PoolMetrics m = run(handWorked()).metrics();
        assertThat(m.energyKwh()).isCloseTo(30025 / 3.6e6, within(1e-12));
    }

    @Test
    void migrations_handWorkedPool_countedAtStart() {
        SimPool pool = handWorked();
        PoolRun.Outcome o = run(pool);
        assertThat(o.metrics().migrations()).isEqualTo(1);
        assertThat(pool.host[1]).as("v2 ends on B").isEqualTo(1);
        assertThat(o.maxMigrationsPerServerHour()).isEqualTo(1);
        assertThat(o.metrics().vmSecondsMigrating()).isCloseTo(10, within(1e-9));
    }

    @Test
    void slatah_handWorkedPool_destinationCountsWhileTheServerMovesIn() {
        assertThat(run(handWorked()).metrics().slatah()).isCloseTo(10.0 / 200, within(1e-12));
    }

    @Test
    void pdm_handWorkedPool_onlyTheSourceShortfallOfTheMovingServer() {
        assertThat(run(handWorked()).metrics().pdm()).isCloseTo(0.5 / 200, within(1e-12));
    }

    @Test
    void slavAndEsv_handWorkedPool_areProducts() {
        PoolMetrics m = run(handWorked()).metrics();
        assertThat(m.slav()).isCloseTo(0.05 * 0.0025, within(1e-15));
        assertThat(m.esv()).isCloseTo(30025 / 3.6e6 * 0.05 * 0.0025, within(1e-15));
    }

    @Test
    void plannerTime_injectedTicker_meanAndMax() {
        PoolRun.Outcome o = run(handWorked());
        assertThat(o.decisions()).isEqualTo(2);
        assertThat(o.plannerMeanMs()).isEqualTo(2.0);
        assertThat(o.plannerMaxMs()).isEqualTo(2.0);
    }

    @Test
    void energy_emptyHost_drawsNothingOnceItsUtilisationWasZero() {
        PowerModel linear = PowerModel.linear(100, 200);
        SimPool pool = new SimPool(List.of(new SimPool.HostSpec("A", 2, 2, 4096, linear, true)),
                List.of(server("v1", 0, 870)), PoolRules.cloudSim());
        pool.place(0, 0);
        pool.update(0);
        pool.update(100_000_000_000L);
        assertThat(pool.metrics().energyKwh()).isZero();
        assertThat(pool.alive[0]).as("a server requesting nothing leaves (CloudSim)").isFalse();
    }
}
