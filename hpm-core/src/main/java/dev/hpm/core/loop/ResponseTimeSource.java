package dev.hpm.core.loop;

import dev.hpm.core.measure.Completions;

/**
 * Where the control loop gets the requests each server completed (for service classes with a
 * response-time goal, docs/workload-balancing.md "Response-time goals"): HAProxy's log, a
 * Prometheus histogram scraped from the application, the simulator's response-time model. Each
 * call hands over what the server completed since the previous call for it (a window per server),
 * so the loop calls it once per server and interval. Implementations are thread-safe: every host's
 * loop calls the same source.
 */
@FunctionalInterface
public interface ResponseTimeSource {
    /** No source: no server has completions. */
    ResponseTimeSource NONE = (host, uuid, name) -> null;

    /**
     * What server {@code uuid} (named {@code name}) on {@code host} completed since the last call
     * for it, or null if no source knows the server.
     */
    Completions take(String host, String uuid, String name);
}
