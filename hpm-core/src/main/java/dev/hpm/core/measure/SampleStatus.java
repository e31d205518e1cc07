package dev.hpm.core.measure;

/** Why an interval of a virtual server has, or has not, a velocity. */
public enum SampleStatus {
    /** Two consecutive consistent samples: the deltas are data. */
    MEASURED,
    /** First sample of this domain (new, or after a gap or reset): a baseline, no deltas yet. */
    FIRST,
    /** A counter went backwards: the domain restarted or migrated. A baseline, not data. */
    RESTARTED,
    /** Too long since the previous sample (host unreachable); the gap is not averaged into data. */
    GAP,
    /** The deltas are impossible (more CPU than the vCPUs could use); discarded. */
    INCONSISTENT,
    /** The domain is not running (paused, shut off). */
    NOT_RUNNING,
    /** The hypervisor does not report {@code vcpu.N.delay} (libvirt before 7.2): no velocity. */
    NO_DELAY_COUNTER;

    /** True when the deltas of this interval can be used. */
    public boolean isData() {
        return this == MEASURED;
    }
}
