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
     * The defaults for a control interval: a lease of 1.5 intervals renewed every quarter interval
     * (at least every 250 ms), so that a dead instance's hosts are free 1.5 intervals after its
     * last renewal.
     */
    public static ClusterSettings forInterval(Duration interval) {
        Duration renew = interval.dividedBy(4);
        if (renew.toMillis() < 250) {
            renew = Duration.ofMillis(250);
        }
        Duration lease = interval.multipliedBy(3).dividedBy(2);
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
