package dev.hpm.server.pool.real;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;

/**
 * A libvirt host's migration URI ({@code hosts[].migration-uri} in hpm.yaml): where QEMU's migration
 * stream to that host goes ({@code VIR_MIGRATE_PARAM_URI}). The libvirt connection itself goes to the
 * host's {@code uri} (peer to peer: the source daemon connects to it). docs/real-pool.md.
 */
public final class MigrationUris {
    private MigrationUris() {
    }

    /**
     * The default for a host reached at {@code uri}: {@code tcp://HOST} for a URI with a host name
     * ({@code qemu+ssh://root@kvm2/system} → {@code tcp://kvm2}), null (libvirt then uses the
     * destination's own host name) for a local URI ({@code qemu:///system}, a UNIX socket).
     */
    public static String derive(String uri) {
        try {
            String host = new URI(uri).getHost();
            return host == null || host.isEmpty() ? null : "tcp://" + host;
        } catch (URISyntaxException | RuntimeException e) {
            return null;
        }
    }

    /** Why {@code value} is not a migration URI (the fix to write), or empty if it is one or not set. */
    public static Optional<String> problem(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String fix = "write tcp://HOST or tcp://HOST:PORT (PORT 1 to 65535), the address the other hosts' QEMU "
                + "reach this host at, e.g. tcp://10.0.0.2; or leave it out for tcp://<the host of uri>";
        try {
            URI u = new URI(value);
            boolean scheme = "tcp".equals(u.getScheme()) || "rdma".equals(u.getScheme());
            boolean host = u.getHost() != null && !u.getHost().isEmpty();
            boolean port = u.getPort() == -1 || (u.getPort() >= 1 && u.getPort() <= 65535);
            boolean bare = (u.getPath() == null || u.getPath().isEmpty()) && u.getQuery() == null && u.getUserInfo() == null;
            return scheme && host && port && bare ? Optional.empty() : Optional.of(fix);
        } catch (URISyntaxException e) {
            return Optional.of(fix);
        }
    }
}
