package dev.hpm.store;

import java.time.Instant;
import java.util.List;

/** Who changed what, when. Entries are never changed or deleted by HPM. */
public interface AuditLog {

    record Entry(long id, Instant at, String user, String action, String target, String detail) {
    }

    /** Appends an entry stamped with the store's clock. */
    void append(String user, String action, String target, String detail);

    /** Entries in [from, to), newest first, at most {@code limit}. */
    List<Entry> query(Instant from, Instant to, int limit);
}
