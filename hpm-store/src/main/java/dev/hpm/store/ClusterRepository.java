package dev.hpm.store;

import dev.hpm.core.cluster.ClusterMember;
import dev.hpm.core.cluster.Lease;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The coordination of several {@code hpm serve} instances on one database (docs/cluster.md): the
 * registry of instances with their heartbeats, and a lease per host. Who should own what is
 * decided by {@code dev.hpm.core.cluster.LeasePlan}; this repository makes each move one atomic
 * statement, a compare-and-set on the lease's epoch and expiry, so that two instances never hold
 * one host whatever they believe. Times are those of the caller's clock.
 */
public interface ClusterRepository {

    /** Records the heartbeat of {@code instance} (registering it on its first call). */
    void heartbeat(String instance, String address, Instant started, Instant now);

    /** Removes the instance's row and frees every lease it holds (a clean shutdown). */
    void leave(String instance);

    /** Every registered instance, sorted by id (the dead ones too, until they are removed). */
    List<ClusterMember> members();

    /** Removes the rows of instances whose last heartbeat is before {@code before}; returns how many. */
    int forget(Instant before);

    /** Every lease row, sorted by host. */
    List<Lease> leases();

    /** Adds a free lease row for each of {@code hosts} that has none. */
    void ensureHosts(Collection<String> hosts);

    /**
     * Takes {@code seen} for {@code instance} until {@code expires}, if its row is still as seen
     * (same epoch) and not valid at {@code now}; the epoch grows by one.
     *
     * @return the new lease, or empty if another instance changed the row first
     */
    Optional<Lease> acquire(Lease seen, String instance, Instant now, Instant expires);

    /**
     * Extends each of {@code held} (owned by {@code instance} under its epoch and still valid at
     * {@code now}) to {@code expires}, in one transaction.
     *
     * @return the hosts renewed; a host left out is lost
     */
    List<String> renew(String instance, Collection<Lease> held, Instant now, Instant expires);

    /** Frees {@code held} if {@code instance} still owns it under its epoch. */
    void release(String instance, Lease held);
}
