package dev.hpm.core.cpu;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the CPU manager remembers between intervals: the scheduler settings each server had
 * before HPM first changed it (to restore them when management is turned off), and when each
 * server's shares last rose (for the donor cool-down) and fell (for the plan strategy's undo-last order,
 * {@link SharePlan}). Not thread-safe; one per host.
 */
public final class ShareLedger {
    /** Settings from before HPM. */
    public record Original(long shares, double capCpus) {
    }

    private final Map<String, Original> originals = new HashMap<>();
    private final Map<String, Long> lastRaised = new HashMap<>();
    private final Map<String, Long> lastLowered = new HashMap<>();

    /** Records that {@code change} was applied in interval {@code interval}. */
    public void applied(ShareChange change, long interval) {
        if (change.role() == ShareChange.Role.RESTORE) {
            forget(change.uuid());
            return;
        }
        originals.putIfAbsent(change.uuid(), new Original(change.sharesBefore(), change.capBefore()));
        if (change.role() == ShareChange.Role.INITIAL) {
            return; // a starting point, not a decision: no cool-down, nothing for a plan to undo
        }
        if (change.sharesAfter() > change.sharesBefore()) {
            lastRaised.put(change.uuid(), interval);
        } else if (change.sharesAfter() < change.sharesBefore()) {
            lastLowered.put(change.uuid(), interval);
        }
    }

    public Optional<Original> original(String uuid) {
        return Optional.ofNullable(originals.get(uuid));
    }

    /** True if the server's shares rose within the last {@code intervals} intervals before {@code now}. */
    public boolean raisedWithin(String uuid, long now, int intervals) {
        Long raised = lastRaised.get(uuid);
        return raised != null && now - raised <= intervals;
    }

    /**
     * The direction of the server's last share change within the last {@code intervals} intervals before
     * {@code now}: +1 raised, −1 lowered, 0 none.
     */
    public int lastDirection(String uuid, long now, int intervals) {
        Long raised = lastRaised.get(uuid);
        Long lowered = lastLowered.get(uuid);
        long r = raised == null ? Long.MIN_VALUE : raised;
        long l = lowered == null ? Long.MIN_VALUE : lowered;
        long last = Math.max(r, l);
        if (last == Long.MIN_VALUE || now - last > intervals) {
            return 0;
        }
        return r >= l ? 1 : -1;
    }

    /** Takes over a server that migrated here with the settings it had before HPM; no share history. */
    public void adopt(String uuid, Original original) {
        originals.put(uuid, original);
        lastRaised.remove(uuid);
        lastLowered.remove(uuid);
    }

    /** Forgets a server: it was restored, or it is gone. */
    public void forget(String uuid) {
        originals.remove(uuid);
        lastRaised.remove(uuid);
        lastLowered.remove(uuid);
    }

    /** Servers HPM has changed and not restored. */
    public Map<String, Original> originals() {
        return Map.copyOf(originals);
    }
}
