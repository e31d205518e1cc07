package dev.hpm.store;

import dev.hpm.core.cpu.Adjustment;

import java.time.Instant;
import java.util.List;

/** The dynamic resource adjustments the CPU manager made, kept with the history. */
public interface AdjustmentRepository {

    record Stored(long id, Instant at, Adjustment adjustment) {
    }

    /**
     * Filters; null fields do not filter. {@code group} matches the receiver's or a donor's group,
     * {@code server} (UUID or name) any server whose shares changed.
     */
    record Query(Instant from, Instant to, String host, String group, String server, int limit) {
    }

    void append(Instant at, Adjustment adjustment);

    /** Newest first. */
    List<Stored> query(Query query);
}
