package dev.hpm.server.rt;

import dev.hpm.core.loop.ResponseTimeSource;
import dev.hpm.core.measure.Completions;

import java.util.HashMap;
import java.util.Map;

/**
 * The requests each virtual server completed since the control loop last asked, fed by the data
 * sources of {@code hpm serve} (docs/workload-balancing.md, "Response-time goals"): raw times from
 * HAProxy's log ({@link HaproxyLogReceiver}) and histograms scraped from applications
 * ({@link PrometheusScraper}). A server is named as a load-balancing member names it (its UUID or
 * its name). Thread-safe: the sources add from their threads, every host's loop takes.
 */
public final class ResponseTimeCollector implements ResponseTimeSource {
    /** Raw times kept per server between two takes, at most; beyond, further requests are not counted. */
    static final int MAX_RAW = 1_000_000;
    /** Servers with completions waiting, at most: names nobody takes (no such VS) cannot fill the memory. */
    static final int MAX_SERVERS = 100_000;
    private final Map<String, Window> windows = new HashMap<>();

    private static final class Window {
        double[] raw = new double[64];
        int n;
        Completions histogram;
    }

    /** One request of {@code virtualServer} took {@code millis}. */
    public synchronized void record(String virtualServer, double millis) {
        Window w = window(virtualServer);
        if (w == null || w.n >= MAX_RAW) {
            return; // nobody took for a long while (no host loop runs this server): keep memory bounded
        }
        if (w.n == w.raw.length) {
            w.raw = java.util.Arrays.copyOf(w.raw, Math.min(MAX_RAW, w.n * 2));
        }
        w.raw[w.n++] = millis;
    }

    /** {@code virtualServer} completed {@code done} (a histogram from its application). */
    public synchronized void add(String virtualServer, Completions done) {
        Window w = window(virtualServer);
        if (w == null) {
            return;
        }
        w.histogram = w.histogram == null ? done : w.histogram.plus(done);
    }

    /** The server's window, null if it has none and {@value #MAX_SERVERS} others wait. */
    private Window window(String virtualServer) {
        Window w = windows.get(virtualServer);
        if (w == null && windows.size() < MAX_SERVERS) {
            w = new Window();
            windows.put(virtualServer, w);
        }
        return w;
    }

    @Override
    public Completions take(String host, String uuid, String name) {
        Window byUuid;
        Window byName;
        synchronized (this) {
            byUuid = windows.remove(uuid);
            byName = java.util.Objects.equals(name, uuid) ? null : windows.remove(name);
        }
        Completions done = completions(byUuid);
        Completions other = completions(byName);
        return done == null ? other : done.plus(other); // one source may name the server by UUID, another by name
    }

    private static Completions completions(Window w) {
        if (w == null) {
            return null;
        }
        Completions raw = w.n == 0 ? null : Completions.of(java.util.Arrays.copyOf(w.raw, w.n));
        return raw == null ? w.histogram : raw.plus(w.histogram);
    }
}
