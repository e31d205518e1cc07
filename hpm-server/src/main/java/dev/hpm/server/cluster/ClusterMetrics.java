package dev.hpm.server.cluster;

import dev.hpm.core.cluster.ClusterMember;
import dev.hpm.core.cluster.Lease;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * The cluster's families of {@code /metrics} (docs/cluster.md), read from the database at each
 * scrape like {@code GET /cluster}: per instance whether it is alive and how many hosts it holds;
 * per host its lease's epoch and age since the last renewal; the hosts this instance acts on now
 * and its failed lease rounds.
 */
public final class ClusterMetrics {
    private ClusterMetrics() {
    }

    public static void register(PrometheusRegistry registry, ClusterService cluster) {
        GaugeWithCallback.builder().name("hpm_cluster_instance_alive")
                .help("1 if the instance's heartbeat is younger than a lease").labelNames("instance")
                .callback(cb -> view(cluster, v -> v.members().forEach(m -> cb.call(v.alive(m) ? 1 : 0, m.id()))))
                .register(registry);
        GaugeWithCallback.builder().name("hpm_cluster_instance_hosts")
                .help("hosts whose valid lease the instance holds").labelNames("instance")
                .callback(cb -> view(cluster, v -> {
                    for (ClusterMember m : v.members()) {
                        cb.call(v.hostsOf(m.id()).size(), m.id());
                    }
                })).register(registry);
        GaugeWithCallback.builder().name("hpm_cluster_host_epoch")
                .help("the epoch (fencing token) of the host's lease; +1 at every change of owner").labelNames("host")
                .callback(cb -> view(cluster, v -> v.leases().forEach(l -> cb.call(l.epoch(), l.host()))))
                .register(registry);
        GaugeWithCallback.builder().name("hpm_cluster_host_lease_age_seconds")
                .help("seconds since the host's lease was last renewed (only hosts with a valid lease)")
                .labelNames("host", "owner")
                .callback(cb -> view(cluster, v -> {
                    for (Lease l : v.leases()) {
                        if (l.validAt(v.now()) && l.renewed() != null) {
                            cb.call(Duration.between(l.renewed(), v.now()).toMillis() / 1000.0, l.host(), l.owner());
                        }
                    }
                })).register(registry);
        GaugeWithCallback.builder().name("hpm_cluster_acting_hosts")
                .help("hosts this instance may act on now (its leases, renewed in time)")
                .callback(cb -> cb.call(cluster.guard().hosts().size())).register(registry);
        GaugeWithCallback.builder().name("hpm_cluster_failed_lease_rounds")
                .help("lease rounds of this instance that could not reach the database, since start")
                .callback(cb -> cb.call(cluster.failedRounds())).register(registry);
    }

    /** Runs {@code use} on the view now; a database that does not answer leaves the families empty. */
    private static void view(ClusterService cluster, Consumer<ClusterView> use) {
        ClusterView v;
        try {
            v = cluster.view();
        } catch (RuntimeException e) {
            return;
        }
        use.accept(v);
    }
}
