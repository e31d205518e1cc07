package dev.hpm.core.power;

/**
 * A {@link PowerControl} call failed; the message says what happened and what to check, in words
 * (e.g. "the BMC at 10.0.0.5:623 refused the password of user hpm: check the power settings'
 * username and password"), and never contains a secret.
 */
public class PowerException extends Exception {
    public PowerException(String message) {
        super(message);
    }

    public PowerException(String message, Throwable cause) {
        super(message, cause);
    }
}
