package dev.hpm.server.runtime;

import dev.hpm.store.InventoryRepository.SeenServer;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Which servers an interval must write to the inventory: those new to it, those whose name, host
 * or vCPUs changed, and those whose last sighting was written more than {@link #REFRESH} ago. A
 * server unchanged but for its last sighting is rewritten at most once a minute, as an API token's
 * last use is: at 100,000 servers the upsert of every server in every interval was about 40 % of
 * the interval's write ({@code ./hpm bench fleet}, a JFR profile). The API shows the later of the
 * stored sighting and the latest measurement, so what users read stays current.
 *
 * <p>Only what a committed transaction wrote is remembered ({@link #written}), so a failed write is
 * repeated by the next interval. The first write of each server is remembered as if it were up to
 * a minute older (by its UUID's hash), so that the refreshes of servers first seen together spread
 * over the minute instead of all falling in one interval.
 */
final class Sightings {

    /** How stale a stored last sighting may get while nothing else about the server changes. */
    static final Duration REFRESH = Duration.ofMinutes(1);

    private record Written(String name, String host, int vcpus, Instant at) {
    }

    private final Map<String, Written> written = new ConcurrentHashMap<>();

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

    /** Remembers what a committed transaction wrote for {@code host}. */
    void written(String host, List<SeenServer> servers, Instant at) {
        for (SeenServer s : servers) {
            Written before = written.get(s.uuid());
            Instant remembered = before == null
                    ? at.minusMillis(Math.floorMod(s.uuid().hashCode(), REFRESH.toMillis()))
                    : at;
            written.put(s.uuid(), new Written(s.name(), host, s.vcpus(), remembered));
        }
    }
}
