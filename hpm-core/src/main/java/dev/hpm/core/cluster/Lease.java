package dev.hpm.core.cluster;

import java.time.Instant;

/**
 * The lease of one host in a cluster of {@code hpm serve} instances sharing one database
 * (docs/cluster.md): who owns the host, until when, and under which epoch. The epoch is a fencing
 * token (Kleppmann, "How to do distributed locking", 2016; Gray and Cheriton, "Leases", SOSP 1989):
 * it grows by one at every change of owner and never otherwise, so a change made under epoch
 * {@code e} is known to come from the one instance that held the host under {@code e}.
 *
 * @param host      the host's id (its libvirt URI, or {@code sim://NAME})
 * @param owner     the owning instance, or null when the host is free (never leased, or released)
 * @param epoch     0 for a host never leased; +1 at every acquisition
 * @param expires   the lease is valid strictly before this instant
 * @param acquired  when the current owner took it (null if free)
 * @param renewed   when it was last renewed (null if free)
 */
public record Lease(String host, String owner, long epoch, Instant expires, Instant acquired, Instant renewed) {

    /** A host nobody has leased yet. */
    public static Lease free(String host) {
        return new Lease(host, null, 0, Instant.EPOCH, null, null);
    }

    /** Valid: owned and {@code now} is before the expiry. */
    public boolean validAt(Instant now) {
        return owner != null && now.isBefore(expires);
    }

    /** Held by {@code instance} and valid at {@code now}. */
    public boolean heldBy(String instance, Instant now) {
        return validAt(now) && owner.equals(instance);
    }

    /**
     * The lease after {@code instance} takes it at {@code now} until {@code expires}: the epoch grows
     * by one (the fencing rule). Only a lease that is not valid at {@code now} can be taken.
     *
     * @throws IllegalStateException if the lease is still valid
     */
    public Lease acquiredBy(String instance, Instant now, Instant expires) {
        if (validAt(now)) {
            throw new IllegalStateException(host + " is leased to " + owner + " until " + this.expires
                    + ": it cannot be taken before it expires");
        }
        return new Lease(host, instance, epoch + 1, expires, now, now);
    }

    /** The lease renewed until {@code expires}: same owner, same epoch. */
    public Lease renewed(Instant now, Instant expires) {
        return new Lease(host, owner, epoch, expires, acquired, now);
    }
}
