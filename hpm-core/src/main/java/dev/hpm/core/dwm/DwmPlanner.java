package dev.hpm.core.dwm;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.IntSupplier;

/**
 * HPM's DWM planner: ConVirt's four functions (placement, even distribution, power save,
 * maintenance mode) with VMware DRS's rules, made goal-aware. Each interval it runs, in order,
 * maintenance (evacuate, bring back), must-rule repair, even distribution and goal rescue, then
 * power save (power on before demand outgrows the powered hosts, consolidate, power emptied hosts
 * off), all on one {@link PoolState} so that every decision sees the ones before it. Design,
 * defaults and why: docs/dwm.md.
 *
 * <p>Two variants share the machinery: {@link #goalAware} packs with demand headroom (mean plus
 * sigmas of each server's recent demand), powers on from the demand's trend and projects every
 * destination with the CPU manager's CFS model so that no move puts important work off its goal;
 * {@link #threshold} is ConVirt's thresholds alone (last demand, no projection of goals, power on
 * only when a loaded host has nowhere to shed).
 *
 * <p>Time comes only from the view. Not thread-safe: one planner per pool.
 */
public final class DwmPlanner implements PoolPlanner {
    private final DwmPolicy policy;
    private final boolean goalAware;
    private final PlannerMemory memory = new PlannerMemory();
    private final DemandHistory history;
    private final RuleBook rules;

    private DwmPlanner(DwmPolicy policy, boolean goalAware) {
        this.policy = policy;
        this.goalAware = goalAware;
        this.history = new DemandHistory(policy.headroom().window());
        this.rules = new RuleBook(policy.rules());
    }

    /** HPM's planner: goal-aware, with demand headroom and power-on from the trend. */
    public static DwmPlanner goalAware(DwmPolicy policy) {
        return new DwmPlanner(policy, true);
    }

    /** ConVirt-style thresholds with HPM's defaults; not goal-aware, no prediction. */
    public static DwmPlanner threshold(DwmPolicy policy) {
        return new DwmPlanner(policy, false);
    }

    public DwmPolicy policy() {
        return policy;
    }

    @Override
    public Plan plan(PoolView view) {
        Instant at = view.at();
        memory.observe(view);
        double total = 0;
        for (PoolServer s : view.servers()) {
            history.observe(s.id(), at, s.demand());
            total += s.demand();
        }
        history.observePool(at, total);
        if (history.size() > 2 * view.servers().size() + 16) {
            history.retain(memory.lastHost.keySet());
        }
        if (policy.mode() == DwmMode.OFF) {
            memory.lastAt = at;
            return new Plan(at, policy.mode(), List.of(), new Efficacy(0, 0, 0, 0, 0, 0, 0, 0),
                    List.of("DWM is off for this pool"));
        }
        Snapshot before = policy.mode() == DwmMode.RECOMMEND ? new Snapshot(memory) : null;
        PoolState state = new PoolState(view, policy, history, goalAware ? policy.headroom().sigmas() : 0);
        double watts = state.watts();
        int loaded = state.loadedNow();
        double std = state.cpuStdDev();
        PlanBuilder plan = new PlanBuilder(state, policy, goalAware);
        Placement placement = new Placement(state, rules, goalAware);
        PowerSave power = new PowerSave(state, plan, placement, memory, history, at, goalAware);
        IntSupplier addHost = () -> power.powerOnOne("no powered host can take the work");
        MaintenanceMode maintenance = new MaintenanceMode(state, plan, placement, memory, at, addHost);
        List<MaintenanceProgress> progress = maintenance.evacuate();
        maintenance.bringBack();
        EvenDistribution even = new EvenDistribution(state, plan, placement, memory, rules, at, goalAware, addHost);
        even.repairRules();
        distribute(even, plan, at);
        saveEnergy(power, state, plan, at);
        Efficacy efficacy = plan.efficacy(watts, loaded, std);
        if (before != null) {
            before.restore(memory);
        }
        memory.lastAt = at;
        return new Plan(at, policy.mode(), plan.actions, efficacy, plan.actions.isEmpty() ? plan.idle : List.of(),
                progress);
    }

    private void distribute(EvenDistribution even, PlanBuilder plan, Instant at) {
        DwmPolicy.EvenDistribution ed = policy.evenDistribution();
        if (!ed.enabled()) {
            plan.idle.add("even distribution is off");
            return;
        }
        if (!TimeWindow.open(ed.schedule(), at)) {
            plan.idle.add("even distribution: outside its schedule");
            return;
        }
        List<Integer> loaded = even.loadedHosts();
        int moved = even.relieve(loaded);
        moved += even.rescueGoals();
        if (loaded.isEmpty()) {
            plan.idle.add("even distribution: no host at or above " + ed.threshold() + " % CPU for " + Words.duration(ed.duration()));
        } else if (moved == 0) {
            plan.idle.add("even distribution: " + loaded.size() + " loaded host" + (loaded.size() == 1 ? "" : "s")
                    + " but no server may move (cool-down, limits, or no destination stays below the threshold)");
        }
    }

    private void saveEnergy(PowerSave power, PoolState state, PlanBuilder plan, Instant at) {
        DwmPolicy.PowerSave ps = policy.powerSave();
        if (!ps.enabled()) {
            plan.idle.add("power save is off");
            return;
        }
        boolean open = TimeWindow.open(ps.schedule(), at);
        int added = goalAware || !open ? power.addCapacity(open) : 0;
        memory.powerSaveWasOpen = open;
        if (!open) {
            plan.idle.add("power save: outside its schedule");
            return;
        }
        double demand = 0;
        for (int h = 0; h < state.hosts.length; h++) {
            demand += state.load[h];
        }
        double capacity = power.poweredCapacity(false);
        double utilisation = capacity > 0 ? demand / capacity : 1;
        boolean under = power.under(utilisation);
        if (added > 0) {
            return;
        }
        if (under) {
            if (power.consolidate() == 0) {
                plan.idle.add("power save: no host can be emptied without making another loaded, breaking a rule "
                        + "or putting goals at risk");
            }
        } else {
            plan.idle.add(String.format(Locale.ROOT, "power save: pool CPU %.0f %% is not below %d %% for %s",
                    100 * utilisation, ps.threshold(), Words.duration(ps.duration())));
        }
        power.release();
    }

    @Override
    public void outcome(PoolAction action, boolean succeeded, String detail) {
        switch (action) {
            case PoolAction.PowerOn on when !succeeded -> memory.failedHosts.add(on.host());
            case PoolAction.PowerOff off when !succeeded && !memory.chainedPowerOffs.remove(off.id()) ->
                    memory.powerOffRefused.put(off.host(), memory.lastAt != null ? memory.lastAt : Instant.EPOCH);
            case PoolAction.PowerOff off -> memory.chainedPowerOffs.remove(off.id());
            case PoolAction.Migrate m when !succeeded -> {
                memory.movedAt.remove(m.server());
                memory.movedFrom.remove(m.server());
            }
            default -> {
            }
        }
    }

    /** Hosts whose power-on failed; power save does not choose them until {@link #clearFailed}. */
    public Set<String> failedHosts() {
        return Set.copyOf(memory.failedHosts);
    }

    /** An operator cleared a host marked after a failed power-on. */
    public void clearFailed(String host) {
        memory.failedHosts.remove(host);
    }

    /**
     * Ranks the pool's hosts for a described new server and explains each rank; hosts that are not
     * candidates (maintenance, powered off, booting, unreachable, too full, a must rule) say why.
     */
    public Placement.Ranking rank(PoolView view, Placement.NewServer server) {
        List<PoolServer> servers = new ArrayList<>(view.servers());
        servers.add(new PoolServer(server.id(), "", server.vcpus(), server.maxCpu(), server.memoryMb(),
                server.demand(), server.shares(), server.serviceClass(), Double.NaN, false));
        PoolView with = new PoolView(view.at(), view.hosts(), servers, view.inFlight(), view.classPis());
        PoolState state = new PoolState(with, policy, history, goalAware ? policy.headroom().sigmas() : 0);
        return new Placement(state, rules, goalAware).rank(servers.size() - 1);
    }

    /** The cool-down and draining state a recommended (not executed) plan must not leave behind. */
    private record Snapshot(Map<String, Instant> movedAt, Map<String, String> movedFrom, Set<String> draining) {
        Snapshot(PlannerMemory m) {
            this(new HashMap<>(m.movedAt), new HashMap<>(m.movedFrom), new HashSet<>(m.draining));
        }

        void restore(PlannerMemory m) {
            m.movedAt.clear();
            m.movedAt.putAll(movedAt);
            m.movedFrom.clear();
            m.movedFrom.putAll(movedFrom);
            m.draining.clear();
            m.draining.addAll(draining);
        }
    }
}
