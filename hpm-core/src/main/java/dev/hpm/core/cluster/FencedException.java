package dev.hpm.core.cluster;

import dev.hpm.core.driver.DriverException;

/**
 * An action on a host this instance holds no valid lease for (docs/cluster.md): the action was not
 * made. A {@link DriverException}, so that the control loop reports it in the interval like any
 * other refused change.
 */
public final class FencedException extends DriverException {
    /** libvirt's VIR_ERR_OPERATION_DENIED. */
    public static final int CODE = 6;

    public FencedException(String host, String action) {
        super(CODE, action + " on " + host + " not made: this instance holds no valid lease on the host "
                + "(another instance manages it, or the database could not be reached in time)");
    }
}
