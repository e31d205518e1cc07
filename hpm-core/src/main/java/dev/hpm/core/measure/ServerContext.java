package dev.hpm.core.measure;

import dev.hpm.core.model.ClassInfo;
import dev.hpm.core.model.ManagementLevel;

/**
 * What the aggregation needs to know of a server besides its counters.
 *
 * @param completions the requests it completed this interval (response-time goals), or null if no
 *                    source reported any
 */
public record ServerContext(ClassInfo serviceClass, ManagementLevel level, Completions completions) {

    /** A server without response-time data. */
    public ServerContext(ClassInfo serviceClass, ManagementLevel level) {
        this(serviceClass, level, null);
    }

    /** Looks up the context of the server {@code uuid} named {@code name}. */
    @FunctionalInterface
    public interface Lookup {
        ServerContext of(String uuid, String name);
    }
}
