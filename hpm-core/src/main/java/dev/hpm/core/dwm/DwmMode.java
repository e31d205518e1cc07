package dev.hpm.core.dwm;

import dev.hpm.core.model.Names;

/** How DWM acts on a pool. */
public enum DwmMode {
    /** No planning. */
    OFF,
    /** Plans are produced and wait for an operator's approval. */
    RECOMMEND,
    /** Plans are executed as they are made. */
    AUTOMATIC;

    public String label() {
        return Names.label(this);
    }
}
