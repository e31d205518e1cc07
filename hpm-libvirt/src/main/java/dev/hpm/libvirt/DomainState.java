package dev.hpm.libvirt;

/** {@code virDomainState}: what a domain is doing. */
public enum DomainState {
    NOSTATE, RUNNING, BLOCKED, PAUSED, SHUTDOWN, SHUTOFF, CRASHED, PMSUSPENDED;

    /** The state for libvirt's number; numbers this version does not know are {@link #NOSTATE}. */
    public static DomainState of(int code) {
        DomainState[] all = values();
        return code >= 0 && code < all.length ? all[code] : NOSTATE;
    }

    /** libvirt's number for this state. */
    public int code() {
        return ordinal();
    }
}
