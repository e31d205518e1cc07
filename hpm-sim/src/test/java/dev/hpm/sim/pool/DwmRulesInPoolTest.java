package dev.hpm.sim.pool;

import dev.hpm.core.dwm.DwmPolicy;
import dev.hpm.core.dwm.DwmPolicy.HostRule;
import dev.hpm.core.dwm.DwmPolicy.ServerGroup;
import dev.hpm.core.dwm.DwmPolicy.Strength;
import dev.hpm.core.dwm.Plan;
import dev.hpm.core.dwm.PoolAction;
import dev.hpm.core.dwm.PoolPlanner;
import dev.hpm.core.dwm.PoolServer;
import dev.hpm.core.dwm.PoolView;
import dev.hpm.core.dwm.PowerModel;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Point 6 of issue 9: with anti-affinity pairs and must/should host rules, no must rule is ever
 * broken under either DWM policy, through maintenance, a failed power-on and failed migrations, on
 * a 16-host pool under HPM's own rules (CFS, boot delays, bounded migrations) whose demand swings
 * over the day.
 */
class DwmRulesInPoolTest {
    static final long MIN = 60_000_000_000L;
    static final int HOSTS = 16;
    static final int SERVERS = 64;

    static final DwmPolicy.Rules RULES = new DwmPolicy.Rules(List.of(
            new ServerGroup("apart-0", Set.of("vs-0", "vs-1"), true, Strength.MUST),
            new ServerGroup("apart-2", Set.of("vs-2", "vs-3", "vs-4"), true, Strength.MUST),
            new ServerGroup("near-5", Set.of("vs-5", "vs-6"), false, Strength.SHOULD)), List.of(
            new HostRule("pin-10", "vs-10", Set.of("host-0", "host-1"), false, Strength.MUST),
            new HostRule("not-11", "vs-11", Set.of("host-11", "host-12"), true, Strength.MUST),
            new HostRule("prefer-12", "vs-12", Set.of("host-5"), false, Strength.SHOULD)));

    @ParameterizedTest
    @ValueSource(strings = {"hpm", "threshold"})
    void rules_noMustRuleBroken_underEveryEvent(String name) {
        List<SimPool.HostSpec> hosts = new ArrayList<>();
        for (int h = 0; h < HOSTS; h++) {
            hosts.add(new SimPool.HostSpec("host-" + h, 8, 8, 65_536, PowerModel.HP_PROLIANT_ML110_G5, true));
        }
        List<SimPool.ServerSpec> servers = new ArrayList<>();
        for (int s = 0; s < SERVERS; s++) {
            double base = 0.3 + 0.02 * (s % 7);
            double phase = s * 0.4;
            servers.add(new SimPool.ServerSpec("vs-" + s, 2, 2, 2048,
                    t -> base * (1.6 + 1.4 * Math.sin(2 * Math.PI * t / (24 * 60 * MIN) + phase)), null, 1024));
        }
        SimPool pool = new SimPool(hosts, servers, PoolRules.hpm());
        for (int s = 0; s < SERVERS; s++) {
            pool.place(s, s == 10 ? 0 : s == 11 ? 3 : s % HOSTS);
        }
        List<PoolEvents.Event> events = List.of(new PoolEvents.Event.Maintenance(120 * MIN, 0, 60 * MIN),
                new PoolEvents.Event.PowerOnFails(180 * MIN, 7), new PoolEvents.Event.MigrationsFail(240 * MIN, 2),
                new PoolEvents.Event.Maintenance(300 * MIN, 3, 45 * MIN));
        DwmPolicy policy = DwmPolicy.DEFAULT.withRules(RULES);
        Checked planner = new Checked(DwmStudyPlanners.create(name, policy, PoolRules.hpm()).orElseThrow());
        new PoolRun(pool, planner, new PoolEvents(events, PoolRules.hpm().bootDelay()), System::nanoTime)
                .run(5 * MIN, 5 * MIN, 16 * 60 * MIN);
        assertThat(planner.views).isGreaterThan(180);
        assertThat(planner.migrations).as("the pool was managed").isPositive();
        assertThat(planner.broken).as("must rules broken at some interval").isEmpty();
    }

    /** Checks every view the planner is given against the must rules. */
    static final class Checked implements PoolPlanner {
        final PoolPlanner planner;
        final List<String> broken = new ArrayList<>();
        int views;
        int migrations;

        Checked(PoolPlanner planner) {
            this.planner = planner;
        }

        @Override
        public Plan plan(PoolView view) {
            views++;
            Map<String, String> where = new HashMap<>();
            for (PoolServer s : view.servers()) {
                where.put(s.id(), s.host());
            }
            for (HostRule r : RULES.hostRules()) {
                String h = where.get(r.server());
                if (r.strength() == Strength.MUST && h != null && !r.allows(h)) {
                    broken.add(view.at() + ": " + r.name() + " with " + r.server() + " on " + h);
                }
            }
            for (ServerGroup g : RULES.groups()) {
                if (g.anti() && g.strength() == Strength.MUST
                        && g.servers().stream().map(where::get).distinct().count() < g.servers().size()) {
                    broken.add(view.at() + ": " + g.name());
                }
            }
            Plan plan = planner.plan(view);
            migrations += (int) plan.actions().stream().filter(a -> a instanceof PoolAction.Migrate).count();
            return plan;
        }

        @Override
        public void outcome(PoolAction action, boolean succeeded, String detail) {
            planner.outcome(action, succeeded, detail);
        }
    }
}
