package dev.hpm.core.cpu;

import java.util.List;

/**
 * The CPU manager's output for one host and one interval: the decision, and every scheduler
 * change to make now (the adjustment's, caps that enforce group maxima, restores of servers
 * whose management was turned off), at most one per server.
 */
public record HostDecision(Decision decision, List<ShareChange> changes) {
    public HostDecision {
        changes = List.copyOf(changes);
    }
}
