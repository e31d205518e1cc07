package dev.hpm.core.measure;

import dev.hpm.core.model.ClassInfo;
import dev.hpm.core.model.ManagementLevel;

/** What the aggregation needs to know of a server besides its counters. */
public record ServerContext(ClassInfo serviceClass, ManagementLevel level) {

    /** Looks up the context of the server {@code uuid} named {@code name}. */
    @FunctionalInterface
    public interface Lookup {
        ServerContext of(String uuid, String name);
    }
}
