package dev.hpm.server.rt;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.function.BiFunction;

/**
 * Receives HAProxy's request log over UDP syslog and records each request's total active time
 * ({@code %Ta}) for the virtual server behind the HAProxy server that answered it. HAProxy is set
 * up to log one line per request in HPM's format (docs/workload-balancing.md):
 *
 * <pre>{@code
 * global
 *     log 127.0.0.1:5514 local0
 * defaults
 *     log global
 *     log-format "hpm-rt %si:%sp %Ta"
 * }</pre>
 *
 * The server's address and port ({@code %si:%sp}) map to a load-balancing member, and so to its VS
 * ({@code resolve}); a line for an unknown address, a request that never reached a server
 * ({@code %Ta} of -1, {@code %si} of "-"), or another line is ignored and counted.
 */
public final class HaproxyLogReceiver implements AutoCloseable {
    private static final Logger LOG = System.getLogger(HaproxyLogReceiver.class.getName());
    /** The tag that starts HPM's log format. */
    public static final String TAG = "hpm-rt";
    /** A response time from a day on is no request's: such a line is ignored. */
    static final double MAX_MILLIS = 86_400_000;
    private final DatagramSocket socket;
    private final Thread thread;
    private final ResponseTimeCollector collector;
    private final BiFunction<String, Integer, String> resolve;
    private volatile long recorded;
    private volatile long ignored;
    private volatile long refused;
    private final java.util.Set<InetAddress> allow;
    private final java.util.Set<InetAddress> refusedFrom = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** Datagrams from any address that reaches the listener (on loopback: this machine's). */
    public HaproxyLogReceiver(String host, int port, ResponseTimeCollector collector,
                              BiFunction<String, Integer, String> resolve) {
        this(host, port, collector, resolve, java.util.List.of());
    }

    /**
     * @param resolve the VS (UUID or name) of the member at an address and port, or null
     * @param allow   the IP addresses datagrams are taken from (empty: any); others are dropped,
     *                each such address logged once
     */
    public HaproxyLogReceiver(String host, int port, ResponseTimeCollector collector,
                              BiFunction<String, Integer, String> resolve, java.util.List<String> allow) {
        this.collector = collector;
        this.resolve = resolve;
        this.allow = allow.stream().map(InetAddress::ofLiteral).collect(java.util.stream.Collectors.toUnmodifiableSet());
        try {
            socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(host), port));
        } catch (IOException e) {
            throw new UncheckedIOException("response-times.haproxy-log: cannot listen on " + host + ":" + port
                    + " (" + e.getMessage() + "); choose another port or leave it out", e);
        }
        thread = Thread.ofPlatform().daemon().name("hpm-haproxy-log").start(this::receive);
    }

    /** The UDP port it listens on. */
    public int port() {
        return socket.getLocalPort();
    }

    /** Requests recorded so far. */
    public long recorded() {
        return recorded;
    }

    /** Lines ignored so far (not HPM's format, unknown server, no server). */
    public long ignored() {
        return ignored;
    }

    /** Datagrams dropped so far because their sender is not allowed. */
    public long refused() {
        return refused;
    }

    private void receive() {
        byte[] buffer = new byte[8192];
        while (!socket.isClosed()) {
            DatagramPacket p = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(p);
            } catch (SocketException e) {
                return; // closed
            } catch (IOException e) {
                LOG.log(Logger.Level.WARNING, "HAProxy log: " + e);
                continue;
            }
            if (!allow.isEmpty() && !allow.contains(p.getAddress())) {
                refused++;
                if (refusedFrom.size() < 1_000 && refusedFrom.add(p.getAddress())) {
                    LOG.log(Logger.Level.WARNING, "HAProxy log: dropped datagrams from " + p.getAddress().getHostAddress()
                            + ", which is not in response-times.haproxy-log.allow");
                }
                continue;
            }
            String text = new String(p.getData(), p.getOffset(), p.getLength(), StandardCharsets.UTF_8);
            for (String line : text.split("\n")) {
                if (accept(line)) {
                    recorded++;
                } else {
                    ignored++;
                }
            }
        }
    }

    /** Records one syslog line; false if it was not a request HPM can attribute. */
    boolean accept(String line) {
        Entry e = parse(line);
        if (e == null) {
            return false;
        }
        String vs = resolve.apply(e.address(), e.port());
        if (vs == null) {
            return false;
        }
        collector.record(vs, e.millis());
        return true;
    }

    /** One request of HPM's log format: the server's address and port and the total active time. */
    public record Entry(String address, int port, double millis) {
    }

    /**
     * Parses the part of a syslog line after {@value #TAG}: {@code address:port millis}; null if the
     * line is not in that format or the request reached no server.
     */
    public static Entry parse(String line) {
        int at = line.indexOf(TAG + " ");
        if (at < 0) {
            return null;
        }
        String[] f = line.substring(at + TAG.length() + 1).trim().split("\\s+");
        if (f.length < 2) {
            return null;
        }
        int colon = f[0].lastIndexOf(':');
        if (colon <= 0) {
            return null;
        }
        try {
            String address = f[0].substring(0, colon);
            if (address.startsWith("[") && address.endsWith("]")) {
                address = address.substring(1, address.length() - 1);
            }
            int port = Integer.parseInt(f[0].substring(colon + 1));
            double millis = Double.parseDouble(f[1]);
            // HAProxy writes %Ta as a whole number of ms; anything else (NaN, 1e400, a day or more) is not its line
            return !(millis >= 0 && millis < MAX_MILLIS) || port <= 0 || port > 65_535 ? null : new Entry(address, port, millis);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    @Override
    public void close() {
        socket.close();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
