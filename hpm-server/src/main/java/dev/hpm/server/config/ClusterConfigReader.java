package dev.hpm.server.config;

import dev.hpm.codec.Node;
import dev.hpm.codec.Units;
import dev.hpm.store.StoreSettings;

import java.time.Duration;
import java.util.Map;

/**
 * Reads {@code cluster} of {@code hpm serve}'s configuration (docs/cluster.md): the instance's id,
 * its address and the lease timing, validated with the rest of {@link ServerConfigLoader}'s
 * problems (each names the setting, the value and the fix).
 */
final class ClusterConfigReader {
    private ClusterConfigReader() {
    }

    private static final java.util.regex.Pattern INSTANCE_ID = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    /**
     * {@code cluster}: off unless {@code cluster.instance-id} is set; then the database must be
     * PostgreSQL (the instances coordinate through it) and the lease must outlast three renewals.
     */
    static ServerConfig.Cluster read(Node root, Map<String, String> over, StoreSettings store, Duration interval) {
        Node c = root.child("cluster");
        if (root.has("cluster")) {
            c.object("instance-id", "address", "lease", "renew-every");
        }
        String id = ServerConfigLoader.value(over, "cluster.instance-id", c.text("instance-id", "")).strip();
        if (id.isEmpty()) {
            if (root.has("cluster") || over.containsKey("cluster.address")) {
                root.problems().add("cluster.instance-id", null, "give each instance a unique name, e.g. hpm-a "
                        + "(HPM_INSTANCE_ID or --instance-id), or leave cluster out to run a single instance");
            }
            return null;
        }
        if (!INSTANCE_ID.matcher(id).matches()) {
            root.problems().add("cluster.instance-id", id, "use letters, digits, '.', '_' and '-' (at most 100, "
                    + "starting with a letter or digit), unique per instance, e.g. hpm-a");
        }
        if (store != null && !store.jdbcUrl().startsWith("jdbc:postgresql:")) {
            root.problems().add("cluster.instance-id", id, "instances share their hosts through PostgreSQL: set "
                    + "database.url (HPM_DB_URL) to jdbc:postgresql://HOST:5432/DB on every instance, or leave "
                    + "cluster out to run a single instance on the embedded database");
        }
        String address = ServerConfigLoader.value(over, "cluster.address", c.text("address", "")).strip();
        if (!address.isEmpty() && !(address.startsWith("http://") || address.startsWith("https://"))) {
            root.problems().add("cluster.address", address, "give the URL of this instance's API, e.g. https://10.0.0.1:8460");
        }
        Duration every = interval == null ? Duration.ofSeconds(10) : interval;
        dev.hpm.core.cluster.ClusterSettings defaults = dev.hpm.core.cluster.ClusterSettings.forInterval(every);
        Duration lease = c.duration("lease", defaults.lease());
        Duration renew = c.duration("renew-every", defaults.renewEvery());
        if (renew.toMillis() < 100) {
            root.problems().add("cluster.renew-every", Units.format(renew), "must be at least 100ms, e.g. "
                    + Units.format(defaults.renewEvery()));
            return null;
        }
        if (lease.compareTo(renew.multipliedBy(3)) < 0) {
            root.problems().add("cluster.lease", Units.format(lease), "must last at least three renewals (cluster.renew-every "
                    + "is " + Units.format(renew) + "), e.g. " + Units.format(renew.multipliedBy(6)));
            return null;
        }
        return new ServerConfig.Cluster(id, address.isEmpty() ? null : address,
                new dev.hpm.core.cluster.ClusterSettings(lease, renew));
    }
}
