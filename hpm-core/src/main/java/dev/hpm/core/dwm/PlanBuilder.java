package dev.hpm.core.dwm;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Collects one plan's actions while the functions run: gives them ids, applies each to the
 * {@link PoolState} so that later decisions see it, enforces the migration limits (in flight and
 * planned, per host and per pool), and chains dependencies: a migration onto a host waits for
 * its power-on, a power-off for the host's last migration away.
 */
final class PlanBuilder {
    final PoolState state;
    final DwmPolicy policy;
    final List<PoolAction> actions = new ArrayList<>();
    final List<String> idle = new ArrayList<>();
    final Set<String> moved = new LinkedHashSet<>();
    private final Map<Integer, String> powerOns = new HashMap<>();
    private final Map<Integer, List<String>> away = new HashMap<>();
    /** Per server, this plan's last migration of it: a later one waits for it. */
    private final Map<String, String> lastMove = new HashMap<>();
    private final boolean goalAware;
    private int next;
    int released;

    PlanBuilder(PoolState state, DwmPolicy policy, boolean goalAware) {
        this.state = state;
        this.policy = policy;
        this.goalAware = goalAware;
    }

    /** True if one more migration from {@code from} to {@code to} keeps within the limits. */
    boolean canMigrate(int from, int to) {
        DwmPolicy.MigrationLimits m = policy.migration();
        return state.poolMigrations < m.perPool()
                && (from < 0 || state.migrations[from] < m.perHost())
                && state.migrations[to] < m.perHost();
    }

    /** True if the pool-wide limit still allows a migration. */
    boolean poolHasRoom() {
        return state.poolMigrations < policy.migration().perPool();
    }

    boolean hostHasRoom(int h) {
        return state.migrations[h] < policy.migration().perHost();
    }

    /** Plans server {@code s} to move to host {@code to}; returns the action. */
    PoolAction.Migrate migrate(int s, int to, Reason reason) {
        int from = state.hostOf[s];
        PoolServer v = state.servers[s];
        double srcBefore = from >= 0 ? state.utilisation(from) : 0;
        double dstBefore = state.utilisation(to);
        double piBefore = Math.max(from >= 0 ? pi(from, -1, -1) : 0, pi(to, -1, -1));
        double piSourceAfter = from >= 0 ? pi(from, -1, s) : 0;
        double piAfter = Math.max(piSourceAfter, pi(to, s, -1));
        state.move(s, to);
        PoolAction.Effect effect = new PoolAction.Effect(srcBefore, from >= 0 ? state.utilisation(from) : 0,
                dstBefore, state.utilisation(to), piBefore, piAfter, policy.migration().seconds(v.memoryMb()));
        List<String> after = new ArrayList<>(2);
        if (powerOns.containsKey(to)) {
            after.add(powerOns.get(to));
        }
        String earlier = lastMove.get(v.id());
        if (earlier != null) { // moved again by this plan (a chained power save): from where the first move took it
            after.add(earlier);
        }
        PoolAction.Migrate m = new PoolAction.Migrate(id("migrate"), v.id(), from >= 0 ? state.hosts[from].id() : "",
                state.hosts[to].id(), List.copyOf(after), reason, effect);
        actions.add(m);
        moved.add(v.id());
        lastMove.put(v.id(), m.id());
        if (from >= 0) {
            away.computeIfAbsent(from, k -> new ArrayList<>()).add(m.id());
        }
        return m;
    }

    /** The worst projected PI of goal work on host {@code h}; NaN when the planner does not project goals. */
    private double pi(int h, int plus, int minus) {
        return goalAware ? state.worstPi(h, plus, minus, null) : Double.NaN;
    }

    /** Plans a power-on of host {@code h}; it becomes a destination of this plan. */
    PoolAction.PowerOn powerOn(int h, Reason reason) {
        PoolAction.PowerOn on = new PoolAction.PowerOn(id("power-on"), state.hosts[h].id(), List.of(), reason);
        actions.add(on);
        powerOns.put(h, on.id());
        state.powered[h] = true;
        state.setOpen(h, true);
        return on;
    }

    boolean poweringOn(int h) {
        return powerOns.containsKey(h);
    }

    /** Plans a power-off of host {@code h} after its planned migrations away. */
    PoolAction.PowerOff powerOff(int h, Reason reason) {
        PoolAction.PowerOff off = new PoolAction.PowerOff(id("power-off"), state.hosts[h].id(),
                away.getOrDefault(h, List.of()), reason);
        actions.add(off);
        state.powered[h] = false;
        state.setOpen(h, false);
        released++;
        return off;
    }

    /** Plans a shut-down of server {@code s} (maintenance with the shut-down setting). */
    PoolAction.Shutdown shutdown(int s, Reason reason) {
        PoolServer v = state.servers[s];
        PoolAction.Shutdown a = new PoolAction.Shutdown(id("shutdown"), v.id(), v.host(), List.of(), reason);
        actions.add(a);
        return a;
    }

    private String id(String kind) {
        return kind + "-" + (++next);
    }

    /**
     * The plan's projected indicators. Only hosts this plan powers off are released and draw
     * nothing after it; an emptied host that stays powered (the reserve, or capacity the forecast
     * needs) is projected at its idle watts, as it will draw them.
     */
    Efficacy efficacy(double wattsBefore, int loadedBefore, double stdBefore) {
        double after = state.watts();
        int migrations = (int) actions.stream().filter(a -> a instanceof PoolAction.Migrate).count();
        return new Efficacy(after, wattsBefore - after, migrations, released, loadedBefore,
                state.loadedNow(), stdBefore, state.cpuStdDev());
    }
}
