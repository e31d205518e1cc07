package dev.hpm.store;

import dev.hpm.core.cpu.Adjustment;

import java.time.Instant;
import java.util.List;

/** The dynamic resource adjustments the CPU manager made, kept with the history. */
public interface AdjustmentRepository {

    /**
     * @param piAchieved the receiver's PI over the next interval on the host (the efficacy record,
     *                   {@code dev.hpm.core.cpu.Efficacy}); NaN until it is known or if it had no velocity
     */
    record Stored(long id, Instant at, Adjustment adjustment, double piAchieved) {
    }

    /**
     * Filters; null fields do not filter. {@code group} matches the receiver's or a donor's group,
     * {@code server} (UUID or name) any server whose shares changed.
     */
    record Query(Instant from, Instant to, String host, String group, String server, int limit) {
    }

    /** Stores an adjustment; returns its id. */
    long append(Instant at, Adjustment adjustment);

    /** Records the PI the adjustment {@code id}'s receiver achieved at the next interval. */
    void achieved(long id, double piAchieved);

    /** Newest first. */
    List<Stored> query(Query query);
}
