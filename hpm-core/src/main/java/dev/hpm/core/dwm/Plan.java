package dev.hpm.core.dwm;

import java.time.Instant;
import java.util.List;

/**
 * What DWM proposes for one interval of one pool: ordered actions with their dependencies and
 * reasons, the projected efficacy, and, when it proposes nothing, why (as the CPU manager records
 * why it made no adjustment).
 *
 * @param idle why nothing is proposed (empty when there are actions)
 */
public record Plan(Instant at, DwmMode mode, List<PoolAction> actions, Efficacy projected, List<String> idle) {
    public Plan {
        actions = List.copyOf(actions);
        idle = List.copyOf(idle);
    }

    public boolean isEmpty() {
        return actions.isEmpty();
    }
}
