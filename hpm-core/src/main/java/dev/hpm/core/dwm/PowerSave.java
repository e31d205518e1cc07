package dev.hpm.core.dwm;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Power save (ConVirt DWM; VMware DPM; Beloglazov and Buyya 2012's under-load consolidation): when
 * the pool's utilisation stays below the threshold for the duration, hosts are emptied onto the
 * others and powered off, keeping {@code reserve-hosts} empty hosts powered (and any the forecast
 * demand needs); hosts are powered on
 * again before the demand's trend outgrows the powered hosts, and when the schedule ends.
 *
 * <p>Which host to empty: the most watts saved per CPU unit given up, per migration it takes
 * (an idle G4 saves 86 W for 3.72 units, a G5 93.7 W for 5.32, so G4s go first, and a host with
 * one server before one with ten). A host is emptied only if every server on it finds a
 * destination (which is never made loaded and, goal-aware, where no work at least as important
 * goes off its goal) and the pool's forecast demand still fits the hosts left; a host too big to
 * empty in one interval's migration limits is emptied over several and is not a destination
 * meanwhile. Which host to power on: the most CPU per idle watt, never one whose power-on failed.
 */
final class PowerSave {
    private final PoolState state;
    private final PlanBuilder plan;
    private final Placement placement;
    private final PlannerMemory memory;
    private final DwmPolicy.PowerSave settings;
    private final DwmPolicy policy;
    private final Instant at;
    private final boolean predictive;
    private final DemandHistory history;

    PowerSave(PoolState state, PlanBuilder plan, Placement placement, PlannerMemory memory, DemandHistory history,
              Instant at, boolean predictive) {
        this.state = state;
        this.plan = plan;
        this.placement = placement;
        this.memory = memory;
        this.history = history;
        this.policy = plan.policy;
        this.settings = policy.powerSave();
        this.at = at;
        this.predictive = predictive;
    }

    /**
     * Capacity (CPU units) of powered hosts that take work, booting ones included; with
     * {@code empty} false, only those carrying some (an empty powered host is reserve, whether or
     * not it can be powered off), which is what the pool's utilisation is measured against.
     */
    double poweredCapacity(boolean empty) {
        double c = 0;
        for (int h = 0; h < state.hosts.length; h++) {
            PoolHost host = state.hosts[h];
            if (state.powered[h] && host.reachable() && !host.maintenance() && !memory.draining.contains(host.id())
                    && (empty || !state.isEmpty(h) || host.power() == PowerState.BOOTING || plan.poweringOn(h))) {
                c += host.capacity();
            }
        }
        return c;
    }

    /** The pool's demand with headroom: its trend forecast (or its demand now) plus sigmas of its spread. */
    double required() {
        double now = 0;
        double mean = 0;
        double var = 0;
        for (int s = 0; s < state.servers.length; s++) {
            now += state.demand[s];
            mean += state.mean[s];
            var += state.variance[s];
        }
        double level = mean;
        if (predictive) {
            Duration interval = memory.lastAt == null ? Duration.ofMinutes(5) : Duration.between(memory.lastAt, at);
            level = Math.max(mean, history.poolForecast(interval.multipliedBy(2)) + (mean - now));
        }
        return level + state.sigmas * Math.sqrt(var);
    }

    /** Powers the best available host on; its index, or -1 when none is left. */
    int powerOnOne(String why) {
        int best = -1;
        for (int h = 0; h < state.hosts.length; h++) {
            PoolHost host = state.hosts[h];
            if (host.power() != PowerState.OFF || state.powered[h] || !host.reachable() || host.maintenance()
                    || memory.failedHosts.contains(host.id())) {
                continue;
            }
            if (best < 0 || efficiency(host) > efficiency(state.hosts[best])) {
                best = h;
            }
        }
        if (best >= 0) {
            plan.powerOn(best, new Reason(Reason.Kind.ADD_CAPACITY, why));
        }
        return best;
    }

    private static double efficiency(PoolHost h) {
        return h.capacity() / Math.max(h.powerModel().idleWatts(), 1);
    }

    /** Powers hosts on when the schedule ended or the forecast demand outgrows the powered hosts. */
    int addCapacity(boolean open) {
        int n = 0;
        if (!open && memory.powerSaveWasOpen) {
            while (powerOnOne("the power-save schedule ended") >= 0) {
                n++;
            }
            return n;
        }
        double need = required();
        double have = state.target * poweredCapacity(true);
        while (need > have) {
            int h = powerOnOne(String.format(Locale.ROOT, "projected demand %.2f CPU units outgrows the powered hosts' "
                    + "%.2f at %d %%", need, have, policy.evenDistribution().threshold()));
            if (h < 0) {
                break;
            }
            memory.draining.remove(state.hosts[h].id());
            have += state.target * state.hosts[h].capacity();
            n++;
        }
        return n;
    }

    /** Whether the pool has stayed under the threshold for the duration (updates the streak). */
    boolean under(double utilisation) {
        if (utilisation >= settings.fraction()) {
            memory.lowSince = null;
            return false;
        }
        if (memory.lowSince == null) {
            memory.lowSince = memory.streakStart(at);
        }
        return !memory.lowSince.plus(settings.duration()).isAfter(at);
    }

    /** Empties hosts while the pool allows it; returns the migrations planned. */
    int consolidate() {
        List<Integer> candidates = new ArrayList<>();
        for (int h = 0; h < state.hosts.length; h++) {
            if (state.open[h] && !state.members.get(h).isEmpty()) {
                candidates.add(h);
            }
        }
        candidates.sort(Comparator.comparing((Integer h) -> !memory.draining.contains(state.hosts[h].id()))
                .thenComparing(Comparator.comparingDouble(this::priority).reversed()));
        double need = required();
        double capacity = poweredCapacity(false);
        int planned = 0;
        for (int c : candidates) {
            if (!plan.poolHasRoom()) {
                break;
            }
            boolean draining = memory.draining.contains(state.hosts[c].id());
            double left = capacity - (draining ? 0 : state.hosts[c].capacity());
            if (need > state.target * left || !plan.hostHasRoom(c)) {
                continue;
            }
            int moved = drain(c);
            if (moved > 0 || draining) {
                if (!draining) {
                    capacity = left;
                }
                planned += moved;
            }
        }
        return planned;
    }

    /** Watts saved per CPU unit given up, per migration needed (plus one, the host itself). */
    private double priority(int h) {
        PoolHost host = state.hosts[h];
        return host.powerModel().idleWatts() / Math.max(host.capacity(), 1e-9) / (state.members.get(h).size() + 1);
    }

    /**
     * Moves every server off host {@code c} if each finds a destination, largest headroom first
     * (best-fit decreasing); within the migration limits, the rest follow in later intervals.
     */
    private int drain(int c) {
        List<Integer> on = new ArrayList<>(state.members.get(c));
        for (int s : on) {
            if (state.servers[s].migrating() || memory.coolingDown(state.servers[s].id(), at, policy.cooldown())) {
                return 0;
            }
        }
        on.sort(Comparator.comparingDouble((Integer s) -> state.mean[s] + state.sigmas * Math.sqrt(state.variance[s]))
                .reversed());
        state.setOpen(c, false);
        List<int[]> done = new ArrayList<>();
        boolean complete = true;
        for (int s : on) {
            int to = placement.destination(s, plan, d -> !memory.draining.contains(state.hosts[d].id()));
            if (to < 0) {
                complete = !plan.hostHasRoom(c) || !plan.poolHasRoom();
                if (complete && placement.destination(s, unlimited(), d -> true) < 0) {
                    complete = false;
                }
                break;
            }
            state.move(s, to);
            done.add(new int[]{s, to});
        }
        for (int i = done.size() - 1; i >= 0; i--) {
            state.undo(done.get(i)[0], c);
        }
        if (!complete || done.isEmpty()) {
            state.setOpen(c, !memory.draining.contains(state.hosts[c].id()) && state.hosts[c].acceptsWork());
            return 0;
        }
        String id = state.hosts[c].id();
        for (int[] m : done) {
            plan.migrate(m[0], m[1], new Reason(Reason.Kind.CONSOLIDATE, String.format(Locale.ROOT,
                    "pool CPU below %d %% for %s: %s is emptied to be powered off", settings.threshold(),
                    Words.duration(settings.duration()), id)));
            memory.moved(state.servers[m[0]].id(), id, at);
        }
        if (done.size() < on.size()) {
            memory.draining.add(id);
        } else {
            memory.draining.remove(id);
        }
        return done.size();
    }

    private PlanBuilder unlimited() {
        return new PlanBuilder(state, policy.withMigration(new DwmPolicy.MigrationLimits(Integer.MAX_VALUE,
                Integer.MAX_VALUE, policy.migration().bandwidthMbps())), false);
    }

    /**
     * Powers off empty hosts, keeping {@code reserve-hosts} of them (the most efficient) powered; a
     * host this plan empties is powered off after its migrations away ({@code after}). A host whose
     * power-off was refused while it was empty is not tried again for twice the cool-down.
     */
    int release() {
        List<Integer> empty = new ArrayList<>();
        for (int h = 0; h < state.hosts.length; h++) {
            PoolHost host = state.hosts[h];
            if (host.power().isOn() && state.powered[h] && host.reachable() && !host.maintenance()
                    && state.isEmpty(h) && !plan.poweringOn(h) && !memory.powerOffRefused(host.id(), at, policy.cooldown())) {
                empty.add(h);
            }
        }
        empty.sort(Comparator.comparingDouble((Integer h) -> efficiency(state.hosts[h])).reversed());
        int n = 0;
        double need = required();
        double have = state.target * poweredCapacity(true);
        for (int i = settings.reserveHosts(); i < empty.size(); i++) {
            int h = empty.get(i);
            if (have - state.target * state.hosts[h].capacity() < need) {
                continue;
            }
            have -= state.target * state.hosts[h].capacity();
            PoolAction.PowerOff off = plan.powerOff(h, new Reason(Reason.Kind.RELEASE_HOST, state.hosts[h].id() + " is empty; "
                    + settings.reserveHosts() + " empty host" + (settings.reserveHosts() == 1 ? " stays" : "s stay")
                    + " powered in reserve"));
            if (!state.emptyInView[h]) {
                memory.chainedPowerOffs.add(off.id());
            }
            memory.draining.remove(state.hosts[h].id());
            n++;
        }
        return n;
    }
}
