package dev.hpm.server.cluster;

import dev.hpm.core.cluster.ClusterMember;
import dev.hpm.core.cluster.ClusterSettings;
import dev.hpm.core.cluster.Lease;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * The cluster as one instance sees it at {@code now}: the registry, every lease row, and the hosts
 * this instance may act on. What {@code GET /cluster}, {@code hpm cluster} and the Prometheus
 * gauges show.
 */
public record ClusterView(String self, Instant now, ClusterSettings settings, List<ClusterMember> members,
                          List<Lease> leases, Set<String> acting) {
    public ClusterView {
        members = List.copyOf(members);
        leases = List.copyOf(leases);
        acting = Set.copyOf(acting);
    }

    /** Whether {@code m} counts as alive now (its heartbeat younger than a lease). */
    public boolean alive(ClusterMember m) {
        return m.aliveAt(now, settings.lease());
    }

    /** The hosts whose valid lease {@code instance} holds now, sorted. */
    public List<String> hostsOf(String instance) {
        return leases.stream().filter(l -> l.heldBy(instance, now)).map(Lease::host).sorted().toList();
    }
}
