package dev.hpm.core.dwm;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class PlanBuilderTest {

    @Test
    void migrate_aServerMovedTwiceInOnePlan_secondMoveWaitsForTheFirst() {
        TestPool pool = new TestPool().host("h1", 4).host("h2", 4).host("h3", 4).server("a", "h1", 0.5);
        PoolState state = new PoolState(pool.at(0), TestPool.POLICY, new DemandHistory(Duration.ofHours(1)), 0);
        PlanBuilder plan = new PlanBuilder(state, TestPool.POLICY, true);
        int a = state.serverIndex.get("a");
        Reason reason = new Reason(Reason.Kind.CONSOLIDATE, "test");
        PoolAction.Migrate first = plan.migrate(a, state.hostIndex.get("h2"), reason);
        PoolAction.Migrate second = plan.migrate(a, state.hostIndex.get("h3"), reason);
        assertThat(first.after()).isEmpty();
        assertThat(second.from()).isEqualTo("h2");
        assertThat(second.after()).as("run in order: it starts from where the first took it").containsExactly(first.id());
    }
}
