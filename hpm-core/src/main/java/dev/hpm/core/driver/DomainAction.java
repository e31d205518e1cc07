package dev.hpm.core.driver;

/**
 * A change of a domain's run state, as libvirt offers them and DMTF's {@code RequestStateChange}
 * asks for them ({@link HypervisorDriver#changeState}).
 */
public enum DomainAction {
    /** Starts a defined, shut-off domain ({@code virDomainCreate}). */
    START,
    /** Resumes a paused domain ({@code virDomainResume}). */
    RESUME,
    /** Pauses every vCPU ({@code virDomainSuspend}). */
    PAUSE,
    /** Asks the guest OS to shut down ({@code virDomainShutdown}); returns before it has. */
    SHUTDOWN,
    /** Stops the domain at once ({@code virDomainDestroy}). */
    DESTROY,
    /** Asks the guest OS to reboot ({@code virDomainReboot}). */
    REBOOT,
    /** Resets the virtual machine, like its reset button ({@code virDomainReset}). */
    RESET
}
