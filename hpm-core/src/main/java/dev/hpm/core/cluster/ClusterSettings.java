package dev.hpm.core.cluster;

import java.time.Duration;

/**
 * The timing of host leases (docs/cluster.md).
 *
 * @param lease       how long a lease lasts after its renewal; also how long an instance without
 *                    a heartbeat still counts as alive
 * @param renewEvery  how often an instance renews its leases and beats its heartbeat
 */
public record ClusterSettings(Duration lease, Duration renewEvery) {

    public ClusterSettings {
        if (renewEvery.isNegative() || renewEvery.isZero() || lease.compareTo(renewEvery.multipliedBy(3)) < 0) {
            throw new IllegalArgumentException("a lease (" + lease + ") must last at least three renewal periods ("
                    + renewEvery + ")");
        }
    }

    /**
     * The defaults for a control interval: a lease of one interval renewed every fifth of an
     * interval (at least every 200 ms). A dead instance's hosts are free at most one interval after
     * its last renewal and taken within a renewal period more, so that another instance runs them
     * again within about two intervals of the death (docs/cluster.md); a live one has three
     * renewals within its {@linkplain #actWithin() acting window} before it must stop.
     */
    public static ClusterSettings forInterval(Duration interval) {
        Duration renew = interval.dividedBy(5);
        if (renew.toMillis() < 200) {
            renew = Duration.ofMillis(200);
        }
        Duration lease = interval;
        if (lease.compareTo(renew.multipliedBy(3)) < 0) {
            lease = renew.multipliedBy(3);
        }
        return new ClusterSettings(lease, renew);
    }

    /**
     * How long after the start of a successful renewal the instance may still act on the host: two
     * thirds of the lease. The last third is the margin for clock differences between instances
     * and for a change already under way; an instance that cannot renew stops acting that long
     * before any other instance may take the host.
     */
    public Duration actWithin() {
        return lease.multipliedBy(2).dividedBy(3);
    }
}
