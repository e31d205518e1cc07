package dev.hpm.core.cluster;

import java.time.Duration;
import java.time.Instant;

/**
 * One {@code hpm serve} instance of a cluster, as its registry row says: its id, the address its
 * API listens on, when it started and its last heartbeat.
 */
public record ClusterMember(String id, String address, Instant started, Instant heartbeat) {

    /** Alive: its last heartbeat is less than {@code ttl} old at {@code now}. */
    public boolean aliveAt(Instant now, Duration ttl) {
        return now.isBefore(heartbeat.plus(ttl));
    }
}
