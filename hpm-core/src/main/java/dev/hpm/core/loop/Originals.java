package dev.hpm.core.loop;

import dev.hpm.core.cpu.ShareLedger;

import java.util.HashMap;
import java.util.Map;

/**
 * The rule of which "settings from before HPM" a host's controller restores, when it (re)gains a
 * host whose servers HPM may already have changed (docs/cluster.md, "Settings from before HPM").
 *
 * <ol>
 *   <li>An original recorded in the shared store wins: it was recorded by whichever instance first
 *       changed the server (before its first change), so it is the server's setting from before
 *       any instance managed it, while the server's current settings may be another owner's.</li>
 *   <li>Otherwise the controller's own record (its {@link ShareLedger}) stands: it recorded it when
 *       it first changed the server; it is written to the store again.</li>
 *   <li>A server with neither has not been changed by HPM: its current settings become its original
 *       at HPM's first change ({@link ShareLedger#applied}).</li>
 * </ol>
 */
public final class Originals {
    private Originals() {
    }

    /**
     * The originals a controller holds after reading {@code stored}, given what it {@code known}s.
     *
     * @return by server uuid, every stored original and every known one the store lacks
     */
    public static Map<String, ShareLedger.Original> resolve(Map<String, ShareLedger.Original> stored,
                                                            Map<String, ShareLedger.Original> known) {
        Map<String, ShareLedger.Original> resolved = new HashMap<>(known);
        resolved.putAll(stored);
        return Map.copyOf(resolved);
    }
}
