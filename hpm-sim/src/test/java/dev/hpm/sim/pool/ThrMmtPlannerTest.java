package dev.hpm.sim.pool;

import dev.hpm.core.dwm.Plan;
import dev.hpm.core.dwm.PoolAction;
import dev.hpm.core.dwm.PoolHost;
import dev.hpm.core.dwm.PoolServer;
import dev.hpm.core.dwm.PoolView;
import dev.hpm.core.dwm.PowerModel;
import dev.hpm.core.dwm.PowerState;
import dev.hpm.core.dwm.Reason;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** One method per rule of CloudSim's THR-MMT as rebuilt in {@link ThrMmtPlanner}. */
class ThrMmtPlannerTest {
    static final PowerModel LINEAR = PowerModel.linear(100, 200);

    static PoolHost host(String id, double capacity, double used, PowerModel power) {
        return new PoolHost(id, capacity, 2, 4096, PowerState.ON, false, true, power, used);
    }

    static PoolServer server(String id, String host, double demand, long mb) {
        return new PoolServer(id, host, 1, 2, mb, demand, 1024, SimPool.UNCLASSIFIED, Double.NaN, false);
    }

    static List<String> moves(Plan plan) {
        return plan.actions().stream().map(a -> (PoolAction.Migrate) a)
                .map(m -> m.server() + ":" + m.from() + ">" + m.to() + ":" + m.reason().kind()).toList();
    }

    static PoolView view(List<PoolHost> hosts, List<PoolServer> servers) {
        return new PoolView(Instant.EPOCH, hosts, servers, List.of());
    }

    @Test
    void plan_overloadedHost_movesTheLeastMemoryServerUntilAtOrBelowThreshold() {
        // h0 requests 1.8 of 2 (90 % > 80 %): b (613 MB) is picked; 1.2 left (60 %) ends the selection.
        // b goes to h1, the first of equal power increases (h1 and h2 both rise 30 W); then the
        // under-load pass tries h2 (d fits nowhere: cancelled) and h1 (e fits nowhere: cancelled).
        Plan plan = new ThrMmtPlanner(0.8, 1000).plan(view(
                List.of(host("h0", 2, 1.8, LINEAR), host("h1", 2, 1.0, LINEAR), host("h2", 2, 0.4, LINEAR)),
                List.of(server("a", "h0", 0.6, 1740), server("b", "h0", 0.6, 613), server("c", "h0", 0.6, 870),
                        server("e", "h1", 1.0, 870), server("d", "h2", 0.4, 870))));
        assertThat(moves(plan)).containsExactly("b:h0>h1:LOADED_HOST");
    }

    @Test
    void plan_placement_prefersTheLeastPowerIncrease() {
        // as above, but h2's power rises half as fast: b goes to h2 (15 W) rather than h1 (30 W)
        PowerModel flat = PowerModel.linear(100, 150);
        Plan plan = new ThrMmtPlanner(0.8, 1000).plan(view(
                List.of(host("h0", 2, 1.8, LINEAR), host("h1", 2, 1.0, LINEAR), host("h2", 2, 0.8, flat)),
                List.of(server("a", "h0", 0.6, 1740), server("b", "h0", 0.6, 613), server("c", "h0", 0.6, 870),
                        server("e", "h1", 1.0, 870), server("d", "h2", 0.8, 870))));
        assertThat(moves(plan).getFirst()).isEqualTo("b:h0>h2:LOADED_HOST");
    }

    @Test
    void plan_placement_neverOverloadsADestination() {
        // b (0.6) on h1 would make it (1.0 + 0.6 + 0.2) / 2 = 90 %: h2 instead
        Plan plan = new ThrMmtPlanner(0.8, 1000).plan(view(
                List.of(host("h0", 2, 1.8, LINEAR), host("h1", 2, 1.2, LINEAR), host("h2", 2, 1.0, LINEAR)),
                List.of(server("a", "h0", 0.6, 1740), server("b", "h0", 0.6, 613), server("c", "h0", 0.6, 870),
                        server("e", "h1", 1.2, 870), server("d", "h2", 1.0, 870))));
        assertThat(moves(plan).getFirst()).isEqualTo("b:h0>h2:LOADED_HOST");
    }

    @Test
    void plan_underloadedHost_isEmptiedOntoTheOthers() {
        Plan plan = new ThrMmtPlanner(0.8, 1000).plan(view(
                List.of(host("h0", 2, 0.4, LINEAR), host("h1", 2, 1.0, LINEAR)),
                List.of(server("x", "h0", 0.4, 870), server("y", "h1", 1.0, 870))));
        assertThat(moves(plan)).containsExactly("x:h0>h1:CONSOLIDATE");
        assertThat(plan.actions().getFirst().reason().kind()).isEqualTo(Reason.Kind.CONSOLIDATE);
    }

    @Test
    void plan_underloadedHostThatCannotBeEmptied_isCancelledWhole() {
        // h1 (40 %) first: y (0.8) would make h0 100 %: cancelled. Then h0 (60 %): x fits on h1
        // (70 %) but z then would not (100 %): x's placement is undone and nothing moves
        Plan plan = new ThrMmtPlanner(0.8, 1000).plan(view(
                List.of(host("h0", 2, 1.2, LINEAR), host("h1", 2, 0.8, LINEAR)),
                List.of(server("x", "h0", 0.6, 870), server("z", "h0", 0.6, 870), server("y", "h1", 0.8, 870))));
        assertThat(plan.actions()).isEmpty();
    }

    @Test
    void plan_switchedOffHost_isNeitherEmptiedNorAConsolidationTarget() {
        Plan plan = new ThrMmtPlanner(0.8, 1000).plan(view(
                List.of(host("h0", 2, 0, LINEAR), host("h1", 2, 0.4, LINEAR)),
                List.of(server("y", "h1", 0.4, 870))));
        assertThat(plan.actions()).isEmpty();
        assertThat(plan.idle()).isNotEmpty();
    }

    @Test
    void plan_overloadTargetEmptiedInTheSameRound_plansTheServerTwiceAsCloudSimDoes() {
        // b leaves overloaded h0 for h1 (30 W against 45 W on h2); h1 (5 %) is then the least utilised
        // host, and CloudSim does not exclude overload targets: b and x are both moved on to h2
        PowerModel steep = PowerModel.linear(100, 400);
        Plan plan = new ThrMmtPlanner(0.8, 1000).plan(view(
                List.of(host("h0", 2, 1.8, LINEAR), host("h1", 2, 0.2, LINEAR), host("h2", 4, 0.9, steep)),
                List.of(server("a", "h0", 0.6, 1740), server("b", "h0", 0.6, 613), server("c", "h0", 0.6, 870),
                        server("x", "h1", 0.2, 870), server("y", "h2", 0.9, 870))));
        assertThat(moves(plan)).containsExactly("b:h0>h1:LOADED_HOST", "b:h1>h2:CONSOLIDATE", "x:h1>h2:CONSOLIDATE");
    }

    @Test
    void constructor_thresholdOutOfRange_namesIt() {
        assertThatThrownBy(() -> new ThrMmtPlanner(1.2, 1000)).hasMessage("threshold must be in (0, 1], was 1.2");
    }
}
