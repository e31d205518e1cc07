package dev.hpm.core.dwm;

import dev.hpm.core.model.ClassInfo;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Maintenance mode (VMware's "enter maintenance mode", ConVirt's and oVirt's alike): a host in
 * maintenance is no destination and no automation touches it; its servers leave, most important
 * first so that the work that matters most is off the host soonest, each to the best
 * {@link Placement} destination (cool-downs do not hold them back), within the migration limits,
 * or are shut down when the policy says so. Progress is reported every interval: n of m moved and
 * why each one left is still there. When the host leaves maintenance, its servers are brought back
 * if the policy asks for it, as far as they fit and the rules allow.
 */
final class MaintenanceMode {
    private final PoolState state;
    private final PlanBuilder plan;
    private final Placement placement;
    private final PlannerMemory memory;
    private final DwmPolicy.Maintenance settings;
    private final Instant at;
    private final java.util.function.IntSupplier addHost;

    MaintenanceMode(PoolState state, PlanBuilder plan, Placement placement, PlannerMemory memory, Instant at,
                    java.util.function.IntSupplier addHost) {
        this.state = state;
        this.plan = plan;
        this.placement = placement;
        this.memory = memory;
        this.settings = plan.policy.maintenance();
        this.at = at;
        this.addHost = addHost;
    }

    /** Plans the evacuation of every host in maintenance; returns each one's progress. */
    List<MaintenanceProgress> evacuate() {
        List<MaintenanceProgress> progress = new ArrayList<>();
        Set<String> inMaintenance = new HashSet<>();
        for (int index = 0; index < state.hosts.length; index++) {
            int h = index;
            PoolHost host = state.hosts[h];
            if (!host.maintenance()) {
                continue;
            }
            inMaintenance.add(host.id());
            memory.returning.remove(host.id());
            Set<String> original = memory.maintenance.computeIfAbsent(host.id(), k -> {
                Set<String> ids = new LinkedHashSet<>();
                state.members.get(h).forEach(s -> ids.add(state.servers[s].id()));
                return ids;
            });
            List<Integer> on = new ArrayList<>(state.members.get(h));
            on.sort(Comparator.comparing((Integer s) -> state.servers[s].serviceClass(), ClassInfo.BY_IMPORTANCE)
                    .thenComparing(Comparator.comparingDouble((Integer s) -> state.demand[s]).reversed()));
            List<MaintenanceProgress.Left> left = new ArrayList<>();
            int off = 0;
            for (int s : on) {
                original.add(state.servers[s].id());
                Optional<String> why = leave(s, h);
                if (why.isEmpty()) {
                    off++;
                } else {
                    left.add(new MaintenanceProgress.Left(state.servers[s].id(), why.get()));
                }
            }
            int total = original.size();
            progress.add(new MaintenanceProgress(host.id(), total - on.size() + off, total, left));
        }
        for (Iterator<Map.Entry<String, Set<String>>> it = memory.maintenance.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Set<String>> e = it.next();
            if (!inMaintenance.contains(e.getKey())) {
                if (settings.migrateBack()) {
                    memory.returning.put(e.getKey(), e.getValue());
                }
                it.remove();
            }
        }
        return progress;
    }

    /** Plans server {@code s} off maintenance host {@code h}; empty if planned, else why not. */
    private Optional<String> leave(int s, int h) {
        PoolServer v = state.servers[s];
        if (v.migrating()) {
            return Optional.of("migrating");
        }
        String text = state.hosts[h].id() + " is in maintenance";
        if (settings.action() == DwmPolicy.Maintenance.Action.SHUTDOWN) {
            plan.shutdown(s, new Reason(Reason.Kind.MAINTENANCE, text + ": " + v.id() + " is shut down"));
            return Optional.empty();
        }
        if (!plan.hostHasRoom(h) || !plan.poolHasRoom()) {
            return Optional.of("waiting: at most " + plan.policy.migration().perHost() + " migrations per host and "
                    + plan.policy.migration().perPool() + " per pool at once");
        }
        int to = placement.forcedDestination(s, plan, d -> true);
        if (to < 0 && addHost.getAsInt() >= 0) {
            to = placement.forcedDestination(s, plan, d -> true);
        }
        if (to < 0) {
            return Optional.of("no host can take it now: " + closest(s));
        }
        plan.migrate(s, to, new Reason(Reason.Kind.MAINTENANCE, text));
        memory.moved(v.id(), state.hosts[h].id(), at);
        return Optional.empty();
    }

    /** Why the host with the most free headroom refuses server {@code s}. */
    private String closest(int s) {
        for (long key : state.mostFreeFirst()) {
            int h = PoolState.hostOfKey(key);
            return state.hosts[h].id() + " " + placement.refusal(s, h).orElse("is at its migration limit");
        }
        return "no host is on and out of maintenance";
    }

    /** Brings servers back to hosts that left maintenance; returns the migrations planned. */
    int bringBack() {
        int planned = 0;
        for (Iterator<Map.Entry<String, Set<String>>> it = memory.returning.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Set<String>> e = it.next();
            Integer h = state.hostIndex.get(e.getKey());
            if (h == null) {
                it.remove();
                continue;
            }
            if (!state.hosts[h].acceptsWork()) {
                continue;
            }
            for (Iterator<String> ids = e.getValue().iterator(); ids.hasNext(); ) {
                Integer s = state.serverIndex.get(ids.next());
                if (s == null || state.hostOf[s] == h) {
                    ids.remove();
                    continue;
                }
                if (state.servers[s].migrating() || !plan.canMigrate(state.hostOf[s], h)) {
                    continue;
                }
                int from = state.hostOf[s];
                if (placement.refusal(s, h).isEmpty()) {
                    plan.migrate(s, h, new Reason(Reason.Kind.RETURN_FROM_MAINTENANCE,
                            e.getKey() + " left maintenance: " + state.servers[s].id() + " returns"));
                    memory.moved(state.servers[s].id(), from >= 0 ? state.hosts[from].id() : "", at);
                    ids.remove();
                    planned++;
                }
            }
            if (e.getValue().isEmpty()) {
                it.remove();
            }
        }
        return planned;
    }
}
