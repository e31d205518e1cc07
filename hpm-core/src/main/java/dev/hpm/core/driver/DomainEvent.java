package dev.hpm.core.driver;

import java.util.Objects;

/**
 * A domain lifecycle event as libvirt reports it ({@code VIR_DOMAIN_EVENT_ID_LIFECYCLE}): which
 * domain, what happened, and libvirt's detail code for it (e.g. why a domain stopped). A driver
 * delivers these to the listener given to {@link HypervisorDriver#onDomainEvents}; HPM uses them to
 * refresh a host's inventory at once instead of at the next interval.
 *
 * @param uuid   the domain's UUID
 * @param name   the domain's name
 * @param kind   what happened
 * @param detail libvirt's {@code virDomainEvent*DetailType} for {@code kind}; see {@link #migrated()}
 */
public record DomainEvent(String uuid, String name, Kind kind, int detail) {
    public DomainEvent {
        Objects.requireNonNull(uuid, "uuid");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
    }

    /**
     * True if the domain arrived or left by migration: {@code VIR_DOMAIN_EVENT_STARTED_MIGRATED} (1)
     * on the destination, {@code VIR_DOMAIN_EVENT_STOPPED_MIGRATED} (3) on the source.
     */
    public boolean migrated() {
        return kind == Kind.STARTED && detail == 1 || kind == Kind.STOPPED && detail == 3;
    }

    /** {@code virDomainEventType}, in libvirt's order (the ordinal is libvirt's number). */
    public enum Kind {
        DEFINED, UNDEFINED, STARTED, SUSPENDED, RESUMED, STOPPED, SHUTDOWN, PMSUSPENDED, CRASHED;

        private static final Kind[] ALL = values();

        /** The kind with libvirt's number {@code event}, or null for one this version does not know. */
        public static Kind of(int event) {
            return event >= 0 && event < ALL.length ? ALL[event] : null;
        }
    }
}
