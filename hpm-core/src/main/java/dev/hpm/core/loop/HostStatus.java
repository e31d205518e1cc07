package dev.hpm.core.loop;

import java.time.Instant;

/**
 * Whether a host answered, and since when it has not.
 *
 * @param since when the host became unreachable (null while connected)
 */
public record HostStatus(boolean connected, Instant since, String error) {
    public static HostStatus ok() {
        return new HostStatus(true, null, null);
    }

    public String describe() {
        return connected ? "connected" : "unreachable since " + since + ": " + error;
    }
}
