package dev.hpm.core.dwm;

/**
 * A host's power state as DWM sees it. Only {@link #ON} hosts run servers and are candidates for
 * placement; {@link #BOOTING} hosts count as capacity that is coming; {@link #FAILED} marks a
 * host whose last power-on did not complete by its deadline, which power save does not choose
 * again until an operator clears it (docs/dwm.md, "Power save").
 */
public enum PowerState {
    ON, OFF, BOOTING, SHUTTING_DOWN, FAILED;

    /** True if the host runs servers now. */
    public boolean isOn() {
        return this == ON;
    }
}
