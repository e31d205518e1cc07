package dev.hpm.core.dwm;

import java.time.Instant;
import java.util.List;

/**
 * What DWM proposes for one interval of one pool: ordered actions with their dependencies and
 * reasons, the projected efficacy, and, when it proposes nothing, why (as the CPU manager records
 * why it made no adjustment).
 *
 * @param idle        why nothing is proposed (empty when there are actions)
 * @param maintenance progress of each host in maintenance (empty when none is)
 */
public record Plan(Instant at, DwmMode mode, List<PoolAction> actions, Efficacy projected, List<String> idle,
                   List<MaintenanceProgress> maintenance) {
    public Plan {
        actions = List.copyOf(actions);
        idle = List.copyOf(idle);
        maintenance = List.copyOf(maintenance);
    }

    /** A plan without maintenance progress. */
    public Plan(Instant at, DwmMode mode, List<PoolAction> actions, Efficacy projected, List<String> idle) {
        this(at, mode, actions, projected, idle, List.of());
    }

    public boolean isEmpty() {
        return actions.isEmpty();
    }

    /**
     * The servers this plan moves. Once a move succeeds, the pool runner starts the server's share
     * history afresh on its new host (the CPU manager's ledger forgets it), so that the CPU manager
     * and DWM do not fight over it.
     */
    public List<String> movedServers() {
        return actions.stream().filter(a -> a instanceof PoolAction.Migrate).map(a -> ((PoolAction.Migrate) a).server())
                .toList();
    }
}
