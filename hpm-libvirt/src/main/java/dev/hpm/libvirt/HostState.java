package dev.hpm.libvirt;

import java.time.Instant;

/**
 * What a {@link HostConnection} knows about its host, for status pages and logs. Times are the
 * injected {@code Timebase}'s wall clock.
 */
public sealed interface HostState {

    /** True only in {@link Connected}. */
    default boolean connected() {
        return this instanceof Connected;
    }

    /** Not connected yet: the first call connects. */
    record NotConnected() implements HostState {
    }

    /** Connected since {@code since}. */
    record Connected(Instant since) implements HostState {
    }

    /**
     * The host could not be reached, or a call on it failed in a way that means the connection is gone
     * or timed out.
     *
     * @param since         when the current run of failures began
     * @param failures      consecutive failed attempts (connects and lost connections)
     * @param lastErrorCode libvirt's code of the last failure (or {@link LibvirtErrors#OPERATION_TIMEOUT})
     * @param lastError     its message
     * @param nextAttempt   calls before this instant fail at once; the first one after it reconnects
     */
    record Unreachable(Instant since, int failures, int lastErrorCode, String lastError, Instant nextAttempt)
            implements HostState {
    }

    /** Closed by the caller; every call fails. */
    record Closed(Instant since) implements HostState {
    }
}
