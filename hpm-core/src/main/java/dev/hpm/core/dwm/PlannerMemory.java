package dev.hpm.core.dwm;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * What the planner remembers between intervals: how long each host has been loaded and the pool
 * under-used (ConVirt's durations), when each server last moved and where from (the cool-down and
 * the guard against moving it straight back), hosts whose power-on failed, hosts being emptied
 * by power save, and each maintenance host's servers (for progress and the return).
 */
final class PlannerMemory {
    Instant lastAt;
    final Map<String, Instant> loadedSince = new HashMap<>();
    Instant lowSince;
    final Map<String, Instant> movedAt = new HashMap<>();
    final Map<String, String> movedFrom = new HashMap<>();
    final Map<String, String> lastHost = new HashMap<>();
    final Set<String> failedHosts = new HashSet<>();
    /** Hosts whose power-off was refused (a pool without power control); not powered off again. */
    final Set<String> noPowerControl = new HashSet<>();
    final Set<String> draining = new HashSet<>();
    /** Maintenance host → servers it had when it entered maintenance. */
    final Map<String, Set<String>> maintenance = new HashMap<>();
    /** Host that left maintenance → servers to bring back. */
    final Map<String, Set<String>> returning = new HashMap<>();
    boolean powerSaveWasOpen = true;

    /** The start of a streak observed now: the start of this observation's interval. */
    Instant streakStart(Instant at) {
        return lastAt != null ? lastAt : at;
    }

    /** Records that {@code server} left {@code from} at {@code at}. */
    void moved(String server, String from, Instant at) {
        movedAt.put(server, at);
        movedFrom.put(server, from);
    }

    boolean coolingDown(String server, Instant at, Duration cooldown) {
        Instant t = movedAt.get(server);
        return t != null && t.plus(cooldown).isAfter(at);
    }

    /** True if moving {@code server} to {@code host} would send it back where it came from too soon. */
    boolean wouldReturn(String server, String host, Instant at, Duration cooldown) {
        Instant t = movedAt.get(server);
        return t != null && host.equals(movedFrom.get(server)) && t.plus(cooldown.multipliedBy(4)).isAfter(at);
    }

    /** Notes each server's host; a change not planned here (a manual move) also starts the cool-down. */
    void observe(PoolView view) {
        Set<String> present = new HashSet<>();
        for (PoolServer s : view.servers()) {
            present.add(s.id());
            String before = lastHost.put(s.id(), s.host());
            Instant planned = movedAt.get(s.id());
            if (before != null && !before.equals(s.host())
                    && (planned == null || lastAt == null || planned.isBefore(lastAt))) {
                moved(s.id(), before, view.at());
            }
        }
        lastHost.keySet().retainAll(present);
        movedAt.keySet().retainAll(present);
        movedFrom.keySet().retainAll(present);
    }
}
