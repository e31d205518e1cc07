package dev.hpm.core.cluster;

import dev.hpm.core.time.Timebase;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The leases this instance holds, as far as it may act on them: per host the epoch and a deadline
 * on the monotonic clock ({@link Timebase#nanos()}), {@link ClusterSettings#actWithin()} after the
 * start of the renewal that confirmed it. Measured from the start of the round trip, the deadline
 * is never later than the lease's expiry as the database recorded it, whatever the round trip
 * took. Every scheduler change, migration and power action asks {@link #epoch} immediately before
 * it is made; a host whose renewal is late drops out by itself, without any call succeeding.
 * Thread-safe.
 */
public final class LeaseGuard {
    private final Timebase time;
    private final Map<String, Held> held = new ConcurrentHashMap<>();

    private record Held(long epoch, long untilNanos) {
    }

    public LeaseGuard(Timebase time) {
        this.time = time;
    }

    /**
     * The database confirmed {@code host} under {@code epoch} by a statement sent at
     * {@code sentNanos}; the instance may act until {@code sentNanos + actWithinNanos}.
     */
    public void confirmed(String host, long epoch, long sentNanos, long actWithinNanos) {
        held.put(host, new Held(epoch, sentNanos + actWithinNanos));
    }

    /** The host is no longer this instance's (released, lost, or not renewed). */
    public void dropped(String host) {
        held.remove(host);
    }

    /** The epoch under which this instance may act on {@code host} now, or empty: it must not act. */
    public Optional<Long> epoch(String host) {
        Held h = held.get(host);
        if (h == null || time.nanos() - h.untilNanos() >= 0) {
            return Optional.empty();
        }
        return Optional.of(h.epoch());
    }

    /** Whether this instance may act on {@code host} now. */
    public boolean admits(String host) {
        return epoch(host).isPresent();
    }

    /** The hosts this instance may act on now, sorted. */
    public Set<String> hosts() {
        Set<String> hosts = new TreeSet<>();
        held.keySet().forEach(h -> {
            if (admits(h)) {
                hosts.add(h);
            }
        });
        return hosts;
    }

    /**
     * Checks that this instance may act on {@code host} now and returns the epoch.
     *
     * @throws FencedException if it may not
     */
    public long check(String host, String action) {
        return epoch(host).orElseThrow(() -> new FencedException(host, action));
    }
}
