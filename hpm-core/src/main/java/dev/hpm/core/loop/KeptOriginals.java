package dev.hpm.core.loop;

import dev.hpm.core.cpu.ShareChange;
import dev.hpm.core.cpu.ShareLedger;

import java.util.List;
import java.util.Map;

/**
 * One host controller's settings from before HPM as kept in {@link OriginalSettings}, beside its
 * {@link ShareLedger}: read when the controller starts and again after it ran without the host
 * ({@link #stale}); written before a server's first change (write-ahead, so that a crash after the
 * change leaves the original behind for the next owner); removed when a server is restored or
 * leaves the host. Not thread-safe: the controller's thread only.
 */
final class KeptOriginals {
    private final String host;
    private final OriginalSettings port;
    private final ShareLedger ledger;
    private boolean loaded;

    KeptOriginals(String host, OriginalSettings port, ShareLedger ledger) {
        this.host = host;
        this.port = port;
        this.ledger = ledger;
    }

    /** The host was run by someone else meanwhile: read the originals again before the next change. */
    void stale() {
        loaded = false;
    }

    /** True if the originals are read (reading them now if needed): changes may be made. */
    boolean ready(List<String> errors) {
        return loaded || load(errors);
    }

    /**
     * Reads the originals kept for the host and merges them into the ledger by
     * {@link Originals#resolve}; those only the ledger had are written back. Returns false, with
     * the reason in {@code errors}, if they could not be read.
     */
    boolean load(List<String> errors) {
        Map<String, ShareLedger.Original> stored;
        try {
            stored = port.load(host);
        } catch (RuntimeException e) {
            errors.add("settings from before HPM not read, no change this interval: " + e.getMessage());
            return false;
        }
        Map<String, ShareLedger.Original> known = ledger.originals();
        Originals.resolve(stored, known).forEach((uuid, o) -> {
            if (!o.equals(known.get(uuid))) {
                ledger.adopt(uuid, o);
            }
            if (!stored.containsKey(uuid)) {
                record(uuid, o, errors);
            }
        });
        loaded = true;
        return true;
    }

    /**
     * Before {@code change} is made: records the server's settings if this is HPM's first change to
     * it. False (the change must not be made) if they could not be recorded.
     */
    boolean recordBefore(ShareChange change, List<String> errors) {
        if (change.role() == ShareChange.Role.RESTORE || ledger.original(change.uuid()).isPresent()) {
            return true;
        }
        try {
            port.record(host, change.uuid(), new ShareLedger.Original(change.sharesBefore(), change.capBefore()));
            return true;
        } catch (RuntimeException e) {
            errors.add(change.name() + ": not changed, its settings from before HPM could not be recorded: "
                    + e.getMessage());
            return false;
        }
    }

    /** A server arrived by live migration with its original: kept here (and in memory whatever happens). */
    void arrived(String uuid, ShareLedger.Original original) {
        ledger.adopt(uuid, original);
        record(uuid, original, new java.util.ArrayList<>()); // on failure: written again at the next read
    }

    /**
     * Removes a restored or departed server's original; a failure leaves a row holding the value
     * the server now has or had, which a later owner would restore again.
     */
    void forget(String uuid, List<String> errors) {
        try {
            port.forget(host, uuid);
        } catch (RuntimeException e) {
            errors.add(uuid + ": removing its settings from before HPM: " + e.getMessage());
        }
    }

    private void record(String uuid, ShareLedger.Original original, List<String> errors) {
        try {
            port.record(host, uuid, original);
        } catch (RuntimeException e) {
            errors.add(uuid + ": recording its settings from before HPM: " + e.getMessage());
        }
    }
}
