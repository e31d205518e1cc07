package dev.hpm.store;

import java.time.Instant;
import java.util.List;

/**
 * Who changed what, when. Entries are never changed or deleted by HPM. An entry that records a
 * change is written in the change's own transaction ({@link Store#audited}), so no committed change
 * is ever without its entry, and no entry without its change.
 */
public interface AuditLog {

    record Entry(long id, Instant at, String user, String action, String target, String detail) {
    }

    /** An entry to write: the user (or {@code -}), what was done, to what, and how. */
    record Record(String user, String action, String target, String detail) {
    }

    /** Appends an entry stamped with the store's clock, in a transaction of its own (e.g. a failed login). */
    void append(String user, String action, String target, String detail);

    /** Entries in [from, to), newest first, at most {@code limit}. */
    List<Entry> query(Instant from, Instant to, int limit);
}
