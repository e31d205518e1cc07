package dev.hpm.libvirt;

import java.util.Objects;

/**
 * How to open one libvirt connection.
 *
 * @param uri                      a libvirt URI: {@code qemu:///system}, {@code qemu+ssh://root@host/system},
 *                                 {@code qemu+tls://host/system}, {@code test:///default}, …
 * @param readOnly                 open read-only ({@code VIR_CONNECT_RO}): enough for monitoring
 *                                 ({@code monitor} management level), refused for scheduler changes
 * @param keepAliveIntervalSeconds {@code virConnectSetKeepAlive} interval; 0 disables keep-alive
 * @param keepAliveCount           unanswered keep-alive messages after which libvirt closes the connection
 * @param credentials              what to answer if the server asks who connects ({@code virConnectOpenAuth});
 *                                 {@link LibvirtCredentials#NONE} by default
 */
public record ConnectOptions(String uri, boolean readOnly, int keepAliveIntervalSeconds, int keepAliveCount,
                             LibvirtCredentials credentials) {
    /** libvirt's own default interval (as {@code virsh} uses it). */
    public static final int DEFAULT_KEEPALIVE_INTERVAL = 5;
    /** libvirt's own default count. */
    public static final int DEFAULT_KEEPALIVE_COUNT = 5;

    public ConnectOptions {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(credentials, "credentials");
        if (keepAliveIntervalSeconds < 0 || keepAliveCount < 0) {
            throw new IllegalArgumentException("keep-alive interval and count must not be negative");
        }
    }

    /** Options without credentials. */
    public ConnectOptions(String uri, boolean readOnly, int keepAliveIntervalSeconds, int keepAliveCount) {
        this(uri, readOnly, keepAliveIntervalSeconds, keepAliveCount, LibvirtCredentials.NONE);
    }

    /**
     * Read-write options for {@code uri}; keep-alive (5 s × 5) is on for remote URIs, those with a
     * transport ({@code qemu+ssh}) or a host part, where a dead peer must be noticed, and off for local
     * ones.
     */
    public static ConnectOptions of(String uri) {
        boolean remote = isRemote(uri);
        return new ConnectOptions(uri, false, remote ? DEFAULT_KEEPALIVE_INTERVAL : 0,
                remote ? DEFAULT_KEEPALIVE_COUNT : 0);
    }

    /** The same options, read-only. */
    public ConnectOptions asReadOnly() {
        return new ConnectOptions(uri, true, keepAliveIntervalSeconds, keepAliveCount, credentials);
    }

    /** The same options, answering the server's questions with {@code credentials}. */
    public ConnectOptions withCredentials(LibvirtCredentials credentials) {
        return new ConnectOptions(uri, readOnly, keepAliveIntervalSeconds, keepAliveCount, credentials);
    }

    /** The same options with keep-alive every {@code intervalSeconds}, giving up after {@code count} misses. */
    public ConnectOptions withKeepAlive(int intervalSeconds, int count) {
        return new ConnectOptions(uri, readOnly, intervalSeconds, count, credentials);
    }

    /** True if keep-alive is requested. */
    public boolean keepAlive() {
        return keepAliveIntervalSeconds > 0;
    }

    /** True if {@code uri} names a transport ({@code driver+transport:}) or a host ({@code driver://host/}). */
    public static boolean isRemote(String uri) {
        int colon = uri.indexOf(':');
        if (colon < 0) {
            return false;
        }
        if (uri.substring(0, colon).contains("+")) {
            return true;
        }
        if (!uri.startsWith("//", colon + 1)) {
            return false;
        }
        int hostStart = colon + 3;
        int hostEnd = uri.indexOf('/', hostStart);
        return (hostEnd < 0 ? uri.length() : hostEnd) > hostStart;
    }
}
