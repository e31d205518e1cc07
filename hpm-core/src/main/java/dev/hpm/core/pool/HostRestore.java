package dev.hpm.core.pool;

import dev.hpm.core.cpu.ShareChange;

import java.util.List;

/**
 * What putting back one host's CPU settings from before HPM did.
 *
 * @param restored the changes made
 * @param error    why not every server could be restored, or null if all were
 */
public record HostRestore(String host, List<ShareChange> restored, String error) {
    public HostRestore {
        restored = List.copyOf(restored);
    }

    public boolean complete() {
        return error == null;
    }
}
