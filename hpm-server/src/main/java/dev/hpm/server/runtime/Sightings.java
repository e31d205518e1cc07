package dev.hpm.server.runtime;

import dev.hpm.store.InventoryRepository.SeenServer;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Which servers an interval must write to the inventory: those new to it, those whose name, host
 * or vCPUs changed, and those whose last sighting was written more than {@link #REFRESH} ago; and
 * which servers a host stopped reporting ({@link #vanished}), whose last sighting is then written
 * exactly. A server unchanged but for its last sighting is rewritten at most every ten minutes, as
 * an API token's last use is at most once a minute: at 100,000 servers the upsert of every server
 * in every interval was about 40 % of the interval's write, and a refresh once a minute still a
 * quarter of it ({@code ./hpm bench fleet}, JFR profiles). The API shows the later of the stored
 * sighting and the latest measurement, so what users read stays current; a server that vanishes
 * gets the time of its last sighting when its host stops reporting it. Only a crash of the server
 * can leave a stored sighting up to {@link #REFRESH} old.
 *
 * <p>Only what a committed transaction wrote is remembered ({@link #written}), so a failed write is
 * repeated by the next interval. The first write of each server is remembered as if it were up to
 * {@link #REFRESH} older (by its UUID's hash), so that the refreshes of servers first seen together
 * spread over the period instead of all falling in one interval.
 */
final class Sightings {

    /** How stale a stored last sighting may get while nothing else about the server changes. */
    static final Duration REFRESH = Duration.ofMinutes(10);

    private record Written(String name, String host, int vcpus, Instant at) {
    }

    private final Map<String, Written> written = new ConcurrentHashMap<>();
    /** Per host, the servers its last committed interval reported and when. */
    private final Map<String, Map<String, Instant>> present = new ConcurrentHashMap<>();

    /**
     * The servers of {@code seen} to write now.
     *
     * @param known whether the inventory holds a server (one it does not is always written)
     */
    List<SeenServer> due(String host, List<SeenServer> seen, Instant at, Predicate<String> known) {
        List<SeenServer> due = new ArrayList<>();
        for (SeenServer s : seen) {
            Written w = written.get(s.uuid());
            if (w == null || !known.test(s.uuid()) || !w.name().equals(s.name()) || !w.host().equals(host)
                    || w.vcpus() != s.vcpus() || !at.isBefore(w.at().plus(REFRESH))) {
                due.add(s);
            }
        }
        return due;
    }

    /**
     * The servers {@code host} reported in its last committed interval and not in {@code seen}, with
     * the time it last reported each: gone, stopped or moved (a move is written by the new host's
     * interval as a change of host; a sighting never moves back, {@code InventoryRepository.lastSeen}).
     */
    Map<String, Instant> vanished(String host, List<SeenServer> seen) {
        Map<String, Instant> before = present.getOrDefault(host, Map.of());
        if (before.isEmpty()) {
            return Map.of();
        }
        Set<String> now = new HashSet<>();
        seen.forEach(s -> now.add(s.uuid()));
        Map<String, Instant> gone = new HashMap<>();
        before.forEach((uuid, at) -> {
            if (!now.contains(uuid)) {
                gone.put(uuid, at);
            }
        });
        return gone;
    }

    /** The UUID's hash, mixed (MurmurHash3's 64-bit finaliser) so that UUIDs differing in a few characters spread too. */
    private static long spread(String uuid) {
        long h = uuid.hashCode();
        h = (h ^ (h >>> 33)) * 0xff51afd7ed558ccdL;
        h = (h ^ (h >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return h ^ (h >>> 33);
    }

    /** Remembers what a committed transaction wrote for {@code host}, and every server it reported ({@code seen}). */
    void written(String host, List<SeenServer> servers, List<SeenServer> seen, Instant at) {
        for (SeenServer s : servers) {
            Written before = written.get(s.uuid());
            Instant remembered = before == null
                    ? at.minusMillis(Math.floorMod(spread(s.uuid()), REFRESH.toMillis()))
                    : at;
            written.put(s.uuid(), new Written(s.name(), host, s.vcpus(), remembered));
        }
        Map<String, Instant> reported = new HashMap<>(seen.size() * 2);
        seen.forEach(s -> reported.put(s.uuid(), at));
        present.put(host, reported);
    }
}
