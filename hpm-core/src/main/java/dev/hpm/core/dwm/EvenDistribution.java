package dev.hpm.core.dwm;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.IntPredicate;
import java.util.function.IntSupplier;

/**
 * Even distribution (ConVirt DWM; VMware DRS load balancing): a host whose CPU utilisation stayed
 * at or above the threshold for the duration sheds servers until its projected utilisation is
 * below the threshold. Which server: one whose demand alone brings the host below the threshold,
 * the cheapest to migrate (least memory, as minimum-migration-time selection does: Beloglazov and
 * Buyya 2012); otherwise the one with the most CPU per migrated MB, and again. Where: the
 * {@link Placement} destination, which is never made loaded. Servers cooling down, in flight or
 * with nowhere to go stay. Goal-aware, a server of a goal class that misses its goal because its
 * host is full of equal or more important work (which the CPU manager cannot fix by moving
 * shares) is moved too; and a server on a host a must rule forbids is moved back into the rule.
 */
final class EvenDistribution {
    private final PoolState state;
    private final PlanBuilder plan;
    private final Placement placement;
    private final PlannerMemory memory;
    private final RuleBook rules;
    private final DwmPolicy policy;
    private final Instant at;
    private final boolean goalAware;
    private final IntSupplier addHost;

    /** {@code addHost} powers a host on for this plan and returns it, or -1 when none can be. */
    EvenDistribution(PoolState state, PlanBuilder plan, Placement placement, PlannerMemory memory, RuleBook rules,
                     Instant at, boolean goalAware, IntSupplier addHost) {
        this.addHost = addHost;
        this.state = state;
        this.plan = plan;
        this.placement = placement;
        this.memory = memory;
        this.rules = rules;
        this.policy = plan.policy;
        this.at = at;
        this.goalAware = goalAware;
    }

    /** Updates the loaded streaks and returns the hosts loaded for the duration, most utilised first. */
    List<Integer> loadedHosts() {
        Duration duration = policy.evenDistribution().duration();
        List<Integer> loaded = new ArrayList<>();
        for (int h = 0; h < state.hosts.length; h++) {
            String id = state.hosts[h].id();
            if (!state.hosts[h].power().isOn() || !state.hosts[h].reachable() || state.utilisation(h) < state.target) {
                memory.loadedSince.remove(id);
                continue;
            }
            Instant since = memory.loadedSince.computeIfAbsent(id, k -> memory.streakStart(at));
            if (!since.plus(duration).isAfter(at) && !state.hosts[h].maintenance()) {
                loaded.add(h);
            }
        }
        loaded.sort(Comparator.comparingDouble(state::utilisation).reversed());
        return loaded;
    }

    /** Moves servers off each loaded host; returns the number planned. */
    int relieve(List<Integer> loaded) {
        int planned = 0;
        for (int h : loaded) {
            double limit = state.target * state.hosts[h].capacity();
            boolean progress = true;
            while (progress && state.load[h] + state.reserved[h] >= limit && plan.poolHasRoom() && plan.hostHasRoom(h)) {
                progress = false;
                double before = state.utilisation(h);
                for (int s : candidates(h, state.load[h] + state.reserved[h] - limit)) {
                    IntPredicate notBack = d -> !memory.wouldReturn(state.servers[s].id(), state.hosts[d].id(), at,
                            policy.cooldown());
                    int to = placement.destination(s, plan, notBack);
                    if (to < 0 && addHost.getAsInt() >= 0) {
                        to = placement.destination(s, plan, notBack);
                    }
                    if (to < 0) {
                        continue;
                    }
                    plan.migrate(s, to, new Reason(Reason.Kind.LOADED_HOST, String.format(Locale.ROOT,
                            "%s stayed at or above %d %% CPU for %s (now %.0f %%)", state.hosts[h].id(),
                            policy.evenDistribution().threshold(), Words.duration(policy.evenDistribution().duration()), 100 * before)));
                    memory.moved(state.servers[s].id(), state.hosts[h].id(), at);
                    planned++;
                    progress = true;
                    break;
                }
            }
        }
        return planned;
    }

    /**
     * Servers of {@code h} that may move, in the order they are tried to shed {@code excess} CPU
     * units: those whose demand alone is enough, least memory first (then least demand), then the
     * rest by CPU per migrated MB, most first.
     */
    private List<Integer> candidates(int h, double excess) {
        List<Integer> enough = new ArrayList<>();
        List<Integer> rest = new ArrayList<>();
        for (int s : state.members.get(h)) {
            if (movable(s)) {
                (state.demand[s] > excess ? enough : rest).add(s);
            }
        }
        enough.sort(Comparator.comparingLong((Integer s) -> state.servers[s].memoryMb())
                .thenComparingDouble(s -> state.demand[s]));
        rest.sort(Comparator.comparingDouble((Integer s) -> state.demand[s] / Math.max(state.servers[s].memoryMb(), 1))
                .reversed());
        enough.addAll(rest);
        return enough;
    }

    boolean movable(int s) {
        PoolServer v = state.servers[s];
        return !v.migrating() && state.hostOf[s] == state.originalHost[s] && state.demand[s] > 0
                && !memory.coolingDown(v.id(), at, policy.cooldown());
    }

    /**
     * Goal-aware: servers of goal classes projected off their goal on a host whose equal or more
     * important work alone exceeds it, moved to a host where they meet it.
     */
    int rescueGoals() {
        if (!goalAware) {
            return 0;
        }
        int planned = 0;
        for (int h = 0; h < state.hosts.length; h++) {
            if (!state.hosts[h].power().isOn() || !state.hosts[h].reachable() || state.load[h] <= state.hosts[h].capacity()) {
                continue;
            }
            for (int s : List.copyOf(state.members.get(h))) {
                PoolServer v = state.servers[s];
                if (v.serviceClass().isDiscretionary() || !movable(s) || !plan.poolHasRoom() || !plan.hostHasRoom(h)) {
                    continue;
                }
                double important = 0;
                for (int o : state.members.get(h)) {
                    if (!state.servers[o].serviceClass().isDiscretionary()
                            && state.servers[o].serviceClass().importanceOrder() <= v.serviceClass().importanceOrder()) {
                        important += state.demand[o];
                    }
                }
                GoalProjection.Worst worst = state.worst(h, -1, -1, v.serviceClass());
                if (important <= state.hosts[h].capacity() || worst.pi() <= 1) {
                    continue;
                }
                int to = placement.forcedDestination(s, plan, d -> true);
                if (to >= 0) {
                    plan.migrate(s, to, new Reason(Reason.Kind.GOAL_MISSED, String.format(Locale.ROOT,
                            "%s (%s) misses its goal (projected PI %.2f) on %s, full of work of equal or higher importance "
                                    + "(%.2f of %.2f CPU units)", worst.serviceClass().key(), worst.serviceClass().goalText(),
                            worst.pi(), state.hosts[h].id(), important, state.hosts[h].capacity())));
                    memory.moved(v.id(), state.hosts[h].id(), at);
                    planned++;
                }
            }
        }
        return planned;
    }

    /** Servers on a host a must rule forbids are moved into the rule. */
    int repairRules() {
        if (rules.isEmpty()) {
            return 0;
        }
        int planned = 0;
        for (int s = 0; s < state.servers.length; s++) {
            int h = state.hostOf[s];
            if (h < 0 || state.servers[s].migrating() || !state.hosts[h].reachable() || !plan.poolHasRoom()) {
                continue;
            }
            var broken = rules.mustBreak(state, state.servers[s].id(), h);
            if (broken.isEmpty()) {
                continue;
            }
            int to = placement.forcedDestination(s, plan, d -> true);
            if (to >= 0) {
                plan.migrate(s, to, new Reason(Reason.Kind.RULE, state.servers[s].id() + " on " + state.hosts[h].id()
                        + " breaks " + broken.get()));
                memory.moved(state.servers[s].id(), state.hosts[h].id(), at);
                planned++;
            }
        }
        return planned;
    }
}
