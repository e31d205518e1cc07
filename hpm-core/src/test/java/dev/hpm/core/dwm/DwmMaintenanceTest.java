package dev.hpm.core.dwm;

import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.hpm.core.dwm.TestPool.BATCH;
import static dev.hpm.core.dwm.TestPool.GOLD;
import static dev.hpm.core.dwm.TestPool.SILVER;
import static dev.hpm.core.dwm.TestPool.actions;
import static dev.hpm.core.dwm.TestPool.migrations;
import static org.assertj.core.api.Assertions.assertThat;

/** Maintenance mode: evacuation order, limits, progress, shut-down, the return. */
class DwmMaintenanceTest {
    static final DwmPolicy POLICY = DwmPlannerRulesTest.EVEN;

    /** h1 with two servers of each class, entering maintenance; two empty-ish 8-unit hosts. */
    static TestPool pool() {
        return new TestPool().host("h1", 8).host("h2", 8).host("h3", 8).server("x", "h2", 0.5).server("y", "h3", 0.5)
                .server("batch1", "h1", 0.5, BATCH, 1024).server("silver1", "h1", 0.5, SILVER, 1024)
                .server("gold1", "h1", 0.5, GOLD, 1024).server("batch2", "h1", 0.5, BATCH, 1024)
                .server("silver2", "h1", 0.5, SILVER, 1024).server("gold2", "h1", 0.5, GOLD, 1024)
                .change("h1", h -> h.withMaintenance(true));
    }

    @Test
    void maintenance_mostImportantLeaveFirst_withinTheLimit_progressEachInterval() {
        DwmPlanner planner = DwmPlanner.goalAware(POLICY);
        TestPool pool = pool();
        Plan first = planner.plan(pool.at(0));
        assertThat(migrations(first)).extracting(PoolAction.Migrate::server)
                .containsExactly("gold1", "gold2", "silver1", "silver2");
        assertThat(migrations(first)).allMatch(m -> m.reason().kind() == Reason.Kind.MAINTENANCE)
                .noneMatch(m -> m.to().equals("h1"));
        MaintenanceProgress p = first.maintenance().getFirst();
        assertThat(p.moved()).isEqualTo(4);
        assertThat(p.total()).isEqualTo(6);
        assertThat(p.left()).extracting(MaintenanceProgress.Left::server).containsExactly("batch1", "batch2");
        assertThat(p.left()).allMatch(l -> l.why().startsWith("waiting: at most 4 migrations per host"));

        Plan second = planner.plan(pool.apply(first).at(5));
        assertThat(migrations(second)).extracting(PoolAction.Migrate::server).containsExactly("batch1", "batch2");
        Plan third = planner.plan(pool.apply(second).at(10));
        assertThat(third.maintenance().getFirst()).satisfies(q -> {
            assertThat(q.moved()).isEqualTo(6);
            assertThat(q.done()).isTrue();
        });
    }

    @Test
    void maintenance_shutdownSetting_shutsServersDown() {
        DwmPolicy policy = POLICY.withMaintenance(new DwmPolicy.Maintenance(DwmPolicy.Maintenance.Action.SHUTDOWN, false));
        Plan plan = DwmPlanner.goalAware(policy).plan(pool().at(0));
        assertThat(actions(plan, PoolAction.Shutdown.class)).hasSize(6).allMatch(s -> s.host().equals("h1"));
        assertThat(migrations(plan)).isEmpty();
    }

    @Test
    void maintenance_leavingIt_bringsTheServersBack() {
        DwmPlanner planner = DwmPlanner.goalAware(POLICY);
        TestPool pool = pool();
        for (int t = 0; t <= 10; t += 5) {
            pool.apply(planner.plan(pool.at(t)));
        }
        assertThat(pool.servers).filteredOn(s -> s.host().equals("h1")).isEmpty();
        pool.change("h1", h -> h.withMaintenance(false));
        Plan back = planner.plan(pool.at(15));
        assertThat(migrations(back)).hasSize(4).allMatch(m -> m.to().equals("h1"))
                .allMatch(m -> m.reason().kind() == Reason.Kind.RETURN_FROM_MAINTENANCE);
        Plan rest = planner.plan(pool.apply(back).at(20));
        assertThat(migrations(rest)).hasSize(2).allMatch(m -> m.to().equals("h1"));
    }

    @Test
    void maintenance_aHostInMaintenanceIsNoDestination() {
        TestPool pool = DwmPlannerRulesTest.loaded().host("h3", 4).change("h2", h -> h.withMaintenance(true));
        DwmPlanner planner = DwmPlanner.goalAware(POLICY);
        planner.plan(pool.at(0));
        List<PoolAction.Migrate> moves = migrations(planner.plan(pool.at(5)));
        assertThat(moves).noneMatch(m -> m.to().equals("h2"));
    }
}
